/**
 * The write path. `emit()` only queues (or appends a stream chunk in memory) and returns;
 * a timer drains the queue in short transactions (time-sliced so a burst never blocks the
 * proxy's event loop for long). Bounded: past the queue limit bodies are dropped before
 * metadata, past twice the limit whole events are dropped, and both are counted. Write
 * failures (read-only, full disk) mark the store degraded and never reach the proxy.
 */
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type { ExchangeEvent } from '../../../shared/recording';
import type { RecordingStatus } from '../../../shared/domain';
import type { BodyStore } from './body-store';
import { Mirror } from './mirror';
import { RecordingGate } from './recording-gate';
import { ExchangeWriter, type Queued, type StreamBuf } from './exchange-writer';
import type { Redactor } from './redact';
import type { SessionWriter } from './session-writer';
import { DEFAULT_CHUNK_BYTES_LIMIT, DEFAULT_QUEUE_LIMIT, type StoreConfigView } from './types';

const SLICE_MS = 12;

export class RecordingWriter {
  private queue: Queued[] = [];
  private readonly gate = new RecordingGate();
  private streams = new Map<string, StreamBuf>();
  private chunkBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private paused = false;
  private degraded: string | undefined;
  private droppedBodies = 0;
  private droppedEvents = 0;
  private readonly mirror: Mirror;
  private readonly exchanges: ExchangeWriter;
  closed = false;

  constructor(
    private readonly db: Database.Database,
    private readonly bodies: BodyStore,
    private readonly sessions: SessionWriter,
    private readonly redactor: Redactor,
    private readonly config: () => StoreConfigView,
    private readonly opts: {
      batchDelayMs: number;
      onError: (msg: string) => void;
      onSessionsChanged: (ids: string[]) => void;
      afterBatch: () => void;
    },
  ) {
    this.mirror = new Mirror(opts.onError);
    this.exchanges = new ExchangeWriter(db, bodies, sessions, redactor, config, this.mirror, {
      peek: (id: string) => this.streams.get(id),
      take: (id: string) => {
        const s = this.streams.get(id);
        if (s) {
          this.chunkBytes -= s.bytes;
          this.streams.delete(id);
        }
        return s;
      },
    });
  }

  status(enabled: boolean): RecordingStatus {
    return {
      enabled,
      paused: this.paused,
      degraded: this.degraded,
      queued: this.queue.length,
      droppedBodies: this.droppedBodies,
      droppedEvents: this.droppedEvents,
    };
  }

  /** True while an exchange of this session is in flight (retention leaves it alone). */
  isActive(sessionId: string): boolean {
    for (const p of this.exchanges.pending.values()) if (p.sessionId === sessionId) return true;
    return false;
  }

  /** A deleted session: forget its in-flight exchanges so late events cannot touch freed rows. */
  forgetSession(sessionId: string): void {
    for (const [id, p] of this.exchanges.pending) if (p.sessionId === sessionId) this.exchanges.pending.delete(id);
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  emit(ev: ExchangeEvent): void {
    try {
      this.accept(ev);
    } catch (e) {
      // The proxy must never see a recording failure.
      this.droppedEvents++;
      this.degraded ??= `Recording failed: ${(e as Error).message}`;
    }
  }

  private accept(ev: ExchangeEvent): void {
    if (this.closed) return;
    if (ev.type === 'progress') return;
    if (ev.type === 'upstream_chunk' || ev.type === 'client_chunk') {
      const s = this.streams.get(ev.exchangeId);
      if (!s || s.dropped) return;
      if (this.chunkBytes + ev.chunk.length > DEFAULT_CHUNK_BYTES_LIMIT) {
        this.dropStream(ev.exchangeId, s);
        return;
      }
      (ev.type === 'upstream_chunk' ? s.up : s.client).push(ev.chunk);
      s.bytes += ev.chunk.length;
      this.chunkBytes += ev.chunk.length;
      return;
    }
    if (!this.gate.admit(ev, () => !this.paused && this.config().recording.enabled)) return;
    if (ev.type === 'start') this.streams.set(ev.exchangeId, { up: [], client: [], bytes: 0, dropped: false });
    const limit = this.config().recording.queueLimit ?? DEFAULT_QUEUE_LIMIT;
    if (this.queue.length >= limit * 2) {
      this.droppedEvents++;
      if (ev.type === 'start' || ev.type === 'end') {
        this.gate.close(ev.exchangeId);
        const s = this.streams.get(ev.exchangeId);
        if (s) this.dropStream(ev.exchangeId, s, false);
        this.streams.delete(ev.exchangeId);
      }
      return;
    }
    let q: Queued = ev;
    if (this.queue.length >= limit) {
      // Over the soft limit: keep metadata, drop bodies (and any transcript being collected).
      q = { ...ev, dropBodies: true };
      this.droppedBodies++;
      const s = this.streams.get(ev.exchangeId);
      if (s && !s.dropped) this.dropStream(ev.exchangeId, s, false);
    }
    this.queue.push(q);
    this.schedule();
  }

  private dropStream(_id: string, s: StreamBuf, count = true): void {
    this.chunkBytes -= s.bytes;
    s.up = [];
    s.client = [];
    s.bytes = 0;
    s.dropped = true;
    if (count) this.droppedBodies++;
  }

  private schedule(): void {
    if (this.timer || this.immediate) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.drain();
    }, this.opts.batchDelayMs);
    this.timer.unref?.();
  }

  /** Write one time slice of the queue; reschedules itself while work remains. */
  drain(untilEmpty = false): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.immediate) {
      clearImmediate(this.immediate);
      this.immediate = null;
    }
    do {
      if (this.queue.length === 0) break;
      this.writeSlice(untilEmpty ? Infinity : SLICE_MS);
    } while (untilEmpty);
    if (this.queue.length > 0 && !untilEmpty) {
      this.immediate = setImmediate(() => {
        this.immediate = null;
        this.drain();
      });
    }
    this.opts.afterBatch();
  }

  private writeSlice(budgetMs: number): void {
    const deadline = performance.now() + budgetMs;
    if (this.redactor.refresh()) this.bodies.forgetRecent();
    const created: string[] = [];
    const ftsMark = this.exchanges.searchRowCount;
    let taken = 0;
    try {
      this.db.transaction(() => {
        while (taken < this.queue.length) {
          const ev = this.queue[taken++];
          try {
            this.exchanges.apply(ev, created);
          } catch (e) {
            // A database failure aborts the batch; a malformed event only loses itself.
            if (e instanceof Database.SqliteError) throw e;
            this.droppedEvents++;
          }
          if ((taken & 7) === 0 && performance.now() > deadline) break;
        }
        this.exchanges.writeRows();
        this.sessions.commit();
        this.bodies.commitRefs();
        this.exchanges.indexSearch(this.queue.length === taken, Date.now());
      })();
      this.exchanges.committed();
      this.queue.splice(0, taken);
      // Only a batch that really wrote proves the disk is writable again.
      if (this.degraded && created.length > 0) this.degraded = undefined;
    } catch (e) {
      const lost = this.queue.splice(0, Math.max(taken, 1));
      this.droppedEvents += lost.length;
      for (const id of created) this.exchanges.pending.delete(id);
      this.exchanges.rolledBack();
      this.exchanges.dropSearchRows(ftsMark);
      this.bodies.invalidate();
      this.sessions.invalidate();
      this.exchanges.changed.clear();
      this.fail(e);
      return;
    }
    this.notify();
  }

  private fail(e: unknown): void {
    const msg = `Recording is degraded: ${(e as Error).message}`;
    if (this.degraded !== msg) this.opts.onError(msg);
    this.degraded = msg;
  }

  private notify(): void {
    const changed = this.exchanges.changed;
    if (changed.size === 0) return;
    const ids = [...changed];
    changed.clear();
    this.opts.onSessionsChanged(ids);
  }

  /** Write unfinished exchanges' transcripts so far, marked partial (final when closing). */
  private snapshotUnfinished(close: boolean): void {
    if (this.exchanges.pending.size === 0) return;
    try {
      this.db.transaction(() => {
        this.exchanges.snapshotUnfinished(close);
        this.sessions.commit();
        this.bodies.commitRefs();
        this.exchanges.indexSearch(true, Date.now());
      })();
      this.exchanges.committed();
    } catch (e) {
      this.exchanges.rolledBack();
      this.bodies.invalidate();
      this.sessions.invalidate();
      this.fail(e);
    }
    if (close) this.exchanges.pending.clear();
    this.notify();
  }

  async flush(): Promise<void> {
    this.drain(true);
    this.snapshotUnfinished(false);
    await this.mirror.idle();
  }

  async close(): Promise<void> {
    this.drain(true);
    this.snapshotUnfinished(true);
    this.closed = true;
    await this.mirror.idle();
  }
}
