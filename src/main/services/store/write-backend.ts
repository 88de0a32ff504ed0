/**
 * Where the trajectory store's writes happen. The TrajectoryStore reads on its own
 * connection and hands every write (recording events, deletion, retention) to a backend:
 *   - InProcessWriteBackend: the writer and retention on the caller's thread (CLI, tests).
 *   - WorkerWriteBackend (./worker/worker-backend.ts): the same InProcessWriteBackend in a
 *     worker_thread with its own connection, so splitting, hashing, compressing and SQLite
 *     transactions never run on the proxy's event loop (what the app and headless host use).
 */
import type Database from 'better-sqlite3';
import type { RecordingStatus } from '../../../shared/domain';
import type { ExchangeEvent } from '../../../shared/recording';
import type { BodyStore } from './body-store';
import { Redactor } from './redact';
import { Retention } from './retention';
import { SessionWriter } from './session-writer';
import type { StoreConfigView } from './types';
import { RecordingWriter } from './writer';

const RETENTION_EVERY_MS = 30_000;
const RETENTION_STEPS_PER_RUN = 1000;

export interface StoreWriteBackend {
  /** Queue one recording event; returns at once and never throws. */
  emit(event: ExchangeEvent): void;
  status(enabled: boolean): RecordingStatus;
  setPaused(paused: boolean): void;
  /** Delete a session and everything it references (in-flight exchanges of it are forgotten). */
  deleteSession(sessionId: string): Promise<void>;
  /** Run retention to completion now. */
  pruneNow(): Promise<void>;
  /** Write everything queued, and unfinished exchanges' transcripts so far. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface WriteBackendOptions {
  config: () => StoreConfigView;
  secrets: () => string[];
  batchDelayMs: number;
  onError: (message: string) => void;
  onSessionsChanged: (ids: string[]) => void;
  now: () => number;
}

export class InProcessWriteBackend implements StoreWriteBackend {
  private readonly writer: RecordingWriter;
  private readonly retention: Retention;
  private readonly retentionTimer: NodeJS.Timeout;
  private lastRetention = 0;
  private closed = false;

  constructor(
    db: Database.Database,
    bodies: BodyStore,
    private readonly opts: WriteBackendOptions,
  ) {
    // Exchanges left in flight by a crash are finished as partial.
    db.prepare('UPDATE exchanges SET finished = 1, partial = 1 WHERE finished = 0').run();
    const sessions = new SessionWriter(db, bodies);
    this.writer = new RecordingWriter(db, bodies, sessions, new Redactor(opts.secrets), opts.config, {
      batchDelayMs: opts.batchDelayMs,
      onError: opts.onError,
      onSessionsChanged: opts.onSessionsChanged,
      afterBatch: () => this.maybeRetention(),
    });
    this.retention = new Retention(db, bodies, sessions, opts.config, opts.now);
    this.retentionTimer = setInterval(() => this.maybeRetention(), RETENTION_EVERY_MS);
    this.retentionTimer.unref?.();
  }

  emit(event: ExchangeEvent): void {
    this.writer.emit(event);
  }

  status(enabled: boolean): RecordingStatus {
    return this.writer.status(enabled);
  }

  setPaused(paused: boolean): void {
    this.writer.setPaused(paused);
  }

  deleteSession(sessionId: string): Promise<void> {
    this.writer.drain(true);
    this.writer.forgetSession(sessionId);
    this.retention.deleteSession(sessionId);
    this.opts.onSessionsChanged([sessionId]);
    return Promise.resolve();
  }

  pruneNow(): Promise<void> {
    this.writer.drain(true);
    for (let i = 0; i < 100_000 && this.retention.step((id) => this.writer.isActive(id)); i++);
    return Promise.resolve();
  }

  /** One retention run: bounded steps, yielding to the event loop between them. */
  private maybeRetention(): void {
    if (this.closed) return;
    const now = this.opts.now();
    if (now - this.lastRetention < RETENTION_EVERY_MS) return;
    this.lastRetention = now;
    let steps = 0;
    const step = (): void => {
      if (this.closed) return;
      try {
        if (this.retention.step((id) => this.writer.isActive(id)) && ++steps < RETENTION_STEPS_PER_RUN) setImmediate(step);
      } catch (e) {
        this.opts.onError(`Retention failed: ${(e as Error).message}`);
      }
    };
    setImmediate(step);
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.writer.close();
    this.closed = true;
    clearInterval(this.retentionTimer);
  }
}
