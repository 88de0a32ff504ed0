/**
 * The trajectory store: a RecordingSink for the proxy plus the reading API behind the IPC
 * channels and the CLI. Reads run on this connection; writes (queue → batched transactions,
 * retention, deletion) go to a write backend, in process or in a worker thread.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type {
  ExchangeDetail,
  ExportFormat,
  ExportResult,
  RecordingStatus,
  SearchHit,
  SessionDetail,
  SessionFilter,
  SessionSummary,
  UsageQuery,
  UsageRow,
} from '../../../shared/domain';
import { SwitchyardError } from '../../../shared/errors';
import type { Protocol } from '../../../shared/ir';
import type { ExchangeEvent, RoutingDecision } from '../../../shared/recording';
import { shrinkDbMemory } from './db';
import { BodyStore } from './body-store';
import { buildConversation } from './conversation';
import { renderSessionHtml } from './export-html';
import { writePair } from './mirror';
import { StoreReader } from './reader';
import { toExchangeSummary, toSessionSummary, type ExchangeRow } from './rows';
import type { TrajectoryStoreApi } from './store-api';
import type { OpenTrajectoryStoreOptions } from './types';
import { WorkerWriteBackend } from './worker/worker-backend';
import { InProcessWriteBackend, type StoreWriteBackend } from './write-backend';

export class TrajectoryStore implements TrajectoryStoreApi {
  private readonly bodies: BodyStore;
  private readonly reader: StoreReader;
  private readonly backend: StoreWriteBackend | null;
  private listeners = new Set<(sessionId: string) => void>();
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    private readonly opts: OpenTrajectoryStoreOptions,
  ) {
    this.bodies = new BodyStore(db);
    this.reader = new StoreReader(db, this.bodies);
    if (opts.readOnly) {
      this.backend = null;
      return;
    }
    const shared = {
      config: opts.config,
      secrets: opts.secrets,
      batchDelayMs: opts.batchDelayMs ?? 50,
      onError: opts.onError ?? (() => {}),
      onSessionsChanged: (ids: string[]) => {
        for (const id of ids) for (const l of this.listeners) l(id);
      },
    };
    this.backend =
      opts.writeIn === 'worker'
        ? new WorkerWriteBackend({
            ...shared,
            dbPath: opts.dbPath,
            nativeBinding: opts.nativeBinding,
            worker: opts.writeWorker,
            activity: opts.activity,
          })
        : new InProcessWriteBackend(db, this.bodies, { ...shared, now: opts.now ?? Date.now });
  }

  emit(event: ExchangeEvent): void {
    this.backend?.emit(event);
  }

  status(): RecordingStatus {
    let enabled = false;
    try {
      enabled = this.opts.config().recording.enabled;
    } catch {
      enabled = false;
    }
    if (!this.backend) return { enabled: false, paused: false, queued: 0, droppedBodies: 0, droppedEvents: 0 };
    return this.backend.status(enabled);
  }

  setPaused(paused: boolean): void {
    this.backend?.setPaused(paused);
  }

  /** Subscribe to "this session changed" (new or finished exchanges, deletion). */
  onSessionChanged(listener: (sessionId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  listSessions(filter: SessionFilter): { sessions: SessionSummary[]; total: number } {
    return this.reader.listSessions(filter ?? {});
  }

  getSession(id: string): SessionDetail {
    const row = this.reader.sessionRow(id);
    const rows = this.reader.exchangeRows(row.id);
    return { ...toSessionSummary(row), exchanges: rows.map(toExchangeSummary), conversation: this.conversation(rows) };
  }

  private conversation(rows: ExchangeRow[]): SessionDetail['conversation'] {
    // The main thread is the request carrying the most history (side requests are small).
    let main: ExchangeRow | undefined;
    for (const r of rows) {
      if (r.client_request_body === null) continue;
      if (!main || (r.client_request_size ?? 0) >= (main.client_request_size ?? 0)) main = r;
    }
    if (!main) return [];
    const useClient = main.client_response_body !== null;
    const routing = JSON.parse(main.routing) as RoutingDecision;
    const answerBody = this.bodies.get(useClient ? main.client_response_body : main.upstream_response_body);
    const convo = buildConversation({
      id: main.id,
      protocol: main.inbound_protocol as Protocol,
      request: this.bodies.get(main.client_request_body),
      answer: useClient || routing.passthrough ? answerBody : null,
    });
    return convo;
  }

  search(text: string, limit?: number): SearchHit[] {
    return this.reader.search(text, limit);
  }

  getExchange(id: string): ExchangeDetail {
    return this.reader.exchangeDetail(this.reader.exchangeRow(id));
  }

  usage(query: UsageQuery): UsageRow[] {
    return this.reader.usage(query);
  }

  requestsToday(): number {
    return this.reader.requestsToday((this.opts.now ?? Date.now)());
  }

  async exportSession(id: string, format: ExportFormat, outDir?: string): Promise<ExportResult> {
    const detail = this.getSession(id);
    const rows = this.reader.exchangeRows(detail.id);
    if (format === 'files') {
      if (!outDir) throw new SwitchyardError('invalid_request', 'The "files" export needs an output directory.');
      for (const r of rows) {
        const d = this.reader.exchangeDetail(r);
        await writePair(outDir, {
          sessionId: detail.id,
          receivedAt: r.received_at,
          seq: r.seq,
          upstreamRequest: d.bodies.upstreamRequest,
          clientRequest: d.bodies.clientRequest,
          upstreamResponse: d.bodies.upstreamResponse,
          clientResponse: d.bodies.clientResponse,
        });
      }
      return { format, path: path.join(outDir, detail.id), fileName: detail.id };
    }
    let content: string;
    let fileName: string;
    if (format === 'jsonl') {
      const { exchanges: _e, conversation: _c, ...summary } = detail;
      const lines = [JSON.stringify({ type: 'session', ...summary })];
      for (const r of rows) lines.push(JSON.stringify({ type: 'exchange', ...this.reader.exchangeDetail(r) }));
      content = `${lines.join('\n')}\n`;
      fileName = `${detail.id}.jsonl`;
    } else if (format === 'html') {
      content = renderSessionHtml(detail, detail.exchanges, detail.conversation);
      fileName = `${detail.id}.html`;
    } else {
      throw new SwitchyardError('invalid_request', `Unknown export format "${String(format)}".`);
    }
    if (!outDir) return { format, content, fileName };
    await fsp.mkdir(outDir, { recursive: true });
    const p = path.join(outDir, fileName);
    await fsp.writeFile(p, content);
    return { format, path: p, fileName };
  }

  async deleteSession(id: string): Promise<void> {
    if (!this.backend) throw new SwitchyardError('not_available', 'The trajectory store is open read-only.');
    const row = this.reader.sessionRow(id);
    await this.backend.deleteSession(row.id);
  }

  /** Run retention to completion now (tests, maintenance). */
  async pruneNow(): Promise<void> {
    await this.backend?.pruneNow();
  }

  /** Bytes used by live pages (what retention.maxBytes limits). */
  usedBytes(): number {
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    return (pages - free) * pageSize;
  }

  async backup(destPath: string): Promise<void> {
    await this.backend?.flush();
    await this.db.backup(destPath);
  }

  async flush(): Promise<void> {
    await this.backend?.flush();
  }

  shrinkMemory(): void {
    if (!this.closed) shrinkDbMemory(this.db);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.backend?.close();
    try {
      if (this.backend) this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // a busy reader keeps the WAL; the next open checkpoints it
    }
    this.db.close();
  }
}
