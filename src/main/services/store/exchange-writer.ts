/**
 * Applies queued exchange events to the database (inside the write path's batch
 * transactions): the exchange row, its four bodies through the content-addressed body
 * store, session totals, the search index and the optional file mirror.
 */
import type Database from 'better-sqlite3';
import { isRetryableStatus } from '../../../shared/errors';
import { applyBodyEdit, type ExchangeEvent, type RoutingDecision } from '../../../shared/recording';
import type { BodyStore } from './body-store';
import type { Mirror } from './mirror';
import { costOf, findPrice } from './prices';
import type { Redactor } from './redact';
import type { ExchangeRow } from './rows';
import type { SessionWriter } from './session-writer';
import { firstUserText, textOfAnswer, textOfJson } from './text-extract';
import type { StoreConfigView } from './types';

export type Queued = Extract<ExchangeEvent, { type: 'start' | 'upstream_request' | 'upstream_response' | 'end' }> & {
  dropBodies?: boolean;
};
type BodyCol = 'client_request_body' | 'upstream_request_body' | 'upstream_response_body' | 'client_response_body';

export interface StreamBuf {
  up: string[];
  client: string[];
  bytes: number;
  dropped: boolean;
}

/**
 * An exchange row as written: every column the write path sets (the table's row type, with
 * the columns this writer always fills). Kept in memory while the exchange is in flight and
 * written once per batch (one INSERT, then one UPDATE per later batch), instead of one
 * statement per event: a small exchange that starts and ends within one batch costs a single
 * INSERT. `rid` is 0 until inserted.
 */
type WrittenRow = ExchangeRow & {
  request_headers: string;
  requested_model: string;
  final_provider: string;
  final_model: string;
  client_request_size: number | null;
};

const ROW_COLUMNS: ReadonlyArray<Exclude<keyof WrittenRow, 'rid'>> = [
  'id',
  'session_id',
  'seq',
  'client',
  'received_at',
  'method',
  'path',
  'inbound_protocol',
  'stream',
  'request_headers',
  'response_headers',
  'upstream_url',
  'routing',
  'requested_model',
  'final_provider',
  'final_model',
  'status',
  'finished',
  'partial',
  'error_class',
  'error_message',
  'upstream_first_byte_at',
  'last_byte_at',
  'ttfb_ms',
  'duration_ms',
  'overhead_ms',
  'attempts',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'reasoning_tokens',
  'cost_usd',
  'stream_events',
  'stream_bytes',
  'stream_max_gap_ms',
  'client_request_body',
  'upstream_request_body',
  'upstream_response_body',
  'client_response_body',
  'client_request_size',
  'dropped',
];
/** Set once, at the INSERT. */
const INSERT_ONLY = new Set<string>(['id', 'session_id', 'seq', 'client', 'received_at', 'method', 'path', 'inbound_protocol', 'stream']);

interface Pending {
  /** The row as it will be written; `row.rid` is 0 until it is inserted. */
  row: WrittenRow;
  /** The row changed since it was last written. */
  dirty: boolean;
  /** The routing decision last written (start, then each upstream attempt). */
  routing: RoutingDecision;
  sessionId: string;
  seq: number;
  receivedAt: number;
  passthrough: boolean;
  requestText: string;
  bodies: Partial<Record<BodyCol, number>>;
  /**
   * Bodies already stored for this exchange: passthrough lanes repeat the same text. Request
   * texts are let go once an upstream answer ends the retries (they would otherwise stay in
   * memory for the whole stream).
   */
  memo: Array<{ text: string; bodyId: number }>;
  /** The client's request body until then, for upstream bodies recorded as edits of it. */
  clientText: string | undefined;
  /** Kept only while the file mirror is on. */
  upstreamRequest?: string | null;
  clientRequest?: string | null;
  dropped: Set<string>;
}

/** Stream chunks collected in memory by the write queue, per exchange. */
export interface StreamPool {
  peek(id: string): StreamBuf | undefined;
  /** Remove (the exchange ended). */
  take(id: string): StreamBuf | undefined;
}

const FTS_MESSAGE_CHARS = 16_000;
const FTS_EXCHANGE_CHARS = 64_000;
const FTS_GROUP = 200;
const FTS_GROUP_MS = 1000;

/** Title from the first message pieces (small parses), else from the whole body. */
function titleOf(body: string, messages: Array<{ text: string }>): string {
  for (const m of messages.slice(0, 8)) {
    const t = firstUserText(`{"messages":[${m.text}]}`);
    if (t) return t;
  }
  return messages.length === 0 && body.length < 4_000_000 ? firstUserText(body) : '';
}

export class ExchangeWriter {
  readonly pending = new Map<string, Pending>();
  /** Sessions touched since the caller last drained this set. */
  readonly changed = new Set<string>();
  /**
   * Search rows waiting to be indexed. FTS5 writes a segment per transaction, so rows are
   * indexed in groups (fewer segments and merges); a crash loses at most these index rows,
   * never exchange data.
   */
  private ftsRows: Array<[number, string]> = [];
  private ftsSince = 0;
  /** Exchanges whose row changed in this batch. */
  private dirty: Pending[] = [];
  /** Rows written in the current batch (undone on a rollback). */
  private written: Array<{ p: Pending; insert: boolean }> = [];
  private readonly q;

  constructor(
    db: Database.Database,
    private readonly bodies: BodyStore,
    private readonly sessions: SessionWriter,
    private readonly redactor: Redactor,
    private readonly config: () => StoreConfigView,
    private readonly mirror: Mirror,
    private readonly streams: StreamPool,
  ) {
    this.q = {
      insert: db.prepare(`INSERT INTO exchanges (${ROW_COLUMNS.join(', ')}) VALUES (${ROW_COLUMNS.map((c) => `@${c}`).join(', ')})`),
      update: db.prepare(
        `UPDATE exchanges SET ${ROW_COLUMNS.filter((c) => !INSERT_ONLY.has(c))
          .map((c) => `${c} = @${c}`)
          .join(', ')} WHERE rid = @rid`,
      ),
      fts: db.prepare('INSERT OR REPLACE INTO messages_fts (rowid, text) VALUES (?, ?)'),
    };
  }

  /** True while an exchange of this session is in flight (retention leaves it alone). */
  isActive(sessionId: string): boolean {
    for (const p of this.pending.values()) if (p.sessionId === sessionId) return true;
    return false;
  }

  /** A deleted session: forget its in-flight exchanges so late events cannot touch freed rows. */
  forgetSession(sessionId: string): void {
    for (const [id, p] of this.pending) if (p.sessionId === sessionId) this.pending.delete(id);
  }

  private body(p: Pending, col: BodyCol, text: string | null | undefined): number | null {
    if (text === null || text === undefined) return p.bodies[col] ?? null;
    let bodyId = p.memo.find((m) => m.text === text)?.bodyId;
    if (bodyId === undefined) {
      bodyId = this.bodies.put(text, this.redactor.fn).bodyId;
      p.memo.push({ text, bodyId });
      if (p.memo.length > 3) p.memo.shift();
    }
    this.bodies.ref(bodyId);
    const old = p.bodies[col];
    if (old !== undefined) {
      // Apply pending counts first so the old body's refcount is exact before dropping it.
      this.bodies.commitRefs();
      this.bodies.unref(old);
    }
    p.bodies[col] = bodyId;
    return bodyId;
  }

  /** Index waiting search rows (inside the caller's transaction) when due, or always with `force`. */
  indexSearch(force: boolean, now: number): void {
    if (this.ftsRows.length === 0) {
      this.ftsSince = now;
      return;
    }
    if (!force && this.ftsRows.length < FTS_GROUP && now - this.ftsSince < FTS_GROUP_MS) return;
    for (const [rid, text] of this.ftsRows) this.q.fts.run(rid, text);
    this.ftsRows = [];
    this.ftsSince = now;
  }

  get searchRowCount(): number {
    return this.ftsRows.length;
  }

  /** After a rollback: rows of the failed batch point at exchanges that were never written. */
  dropSearchRows(keep: number): void {
    this.ftsRows.length = Math.min(keep, this.ftsRows.length);
  }

  apply(ev: Queued, created: string[]): void {
    if (ev.type === 'start') return this.applyStart(ev, created);
    const p = this.pending.get(ev.exchangeId);
    if (!p) return;
    const row = p.row;
    if (ev.type === 'upstream_request') {
      let text: string | null = ev.dropBodies ? null : ev.upstreamRequestBody;
      if (!ev.dropBodies && ev.upstreamRequestEdit)
        text = p.clientText === undefined ? null : (applyBodyEdit(p.clientText, ev.upstreamRequestEdit) ?? null);
      if (text === null) p.dropped.add('upstreamRequest');
      row.upstream_request_body = this.body(p, 'upstream_request_body', text);
      if (p.upstreamRequest !== undefined) p.upstreamRequest = this.redactor.text(text) ?? null;
      const r = ev.routing;
      row.upstream_url = this.redactor.url(ev.url);
      // The same decision as the start's (the usual case) is not serialized again.
      if (r !== p.routing) {
        p.routing = r;
        row.routing = JSON.stringify(r);
      }
      row.final_provider = ev.providerId;
      row.final_model = r.upstreamModel;
      row.attempts = ev.attempt;
      this.touch(p);
    } else if (ev.type === 'upstream_response') {
      row.status = ev.status;
      row.response_headers = JSON.stringify(this.redactor.headers(ev.headers));
      this.touch(p);
      // After an answer the proxy does not retry, no upstream_request repeats the body.
      if (!isRetryableStatus(ev.status)) {
        p.memo = [];
        p.clientText = undefined;
      }
    } else {
      this.applyEnd(ev, p);
    }
  }

  private touch(p: Pending): void {
    if (p.dirty) return;
    p.dirty = true;
    this.dirty.push(p);
  }

  /** Write one exchange's row now (inside the caller's transaction). */
  private writeRow(p: Pending): void {
    const row = p.row;
    row.dropped = p.dropped.size ? JSON.stringify([...p.dropped]) : null;
    const insert = row.rid === 0;
    if (insert) row.rid = Number(this.q.insert.run(row).lastInsertRowid);
    else this.q.update.run(row);
    p.dirty = false;
    this.written.push({ p, insert });
  }

  /**
   * Write the rows that changed in this batch and are still in flight (inside the batch's
   * transaction, before it commits): readers see every exchange as of the last batch.
   */
  writeRows(): void {
    // A session deleted meanwhile (forgetSession) took its exchanges out of `pending`.
    for (const p of this.dirty) if (p.dirty && this.pending.get(p.row.id) === p) this.writeRow(p);
    this.dirty = [];
  }

  /** The batch's transaction committed. */
  committed(): void {
    this.written = [];
  }

  /**
   * The batch's transaction rolled back: its row writes never happened. (The caller forgets
   * the exchanges the batch started; the others are written again with the next batch.)
   */
  rolledBack(): void {
    for (const { p, insert } of this.written) {
      if (insert) p.row.rid = 0;
      this.touch(p);
    }
    this.written = [];
  }

  private applyStart(ev: Extract<Queued, { type: 'start' }>, created: string[]): void {
    if (this.pending.has(ev.exchangeId)) return;
    const { sessionId, seq } = this.sessions.open(ev);
    // Bodies are scrubbed piece by piece inside the body store (only new content costs).
    const text = ev.dropBodies ? null : ev.clientRequestBody;
    const put = text ? this.bodies.put(text, this.redactor.fn) : undefined;
    if (put) this.bodies.ref(put.bodyId);
    const seen = this.sessions.seen(sessionId, put?.bodyId);
    let requestText = '';
    for (const m of put?.messages ?? []) {
      if (seen.has(m.pieceId)) continue;
      seen.add(m.pieceId);
      if (requestText.length < FTS_EXCHANGE_CHARS) requestText += `${this.redactor.text(textOfJson(m.text).slice(0, FTS_MESSAGE_CHARS))}\n`;
    }
    const mirrorOn = !!this.config().recording.trajectoryDir;
    const r = ev.routing;
    const p: Pending = {
      row: {
        rid: 0,
        id: ev.exchangeId,
        session_id: sessionId,
        seq,
        client: ev.client,
        received_at: ev.at,
        method: ev.method,
        path: this.redactor.url(ev.path),
        inbound_protocol: ev.inboundProtocol,
        stream: ev.stream ? 1 : 0,
        request_headers: JSON.stringify(this.redactor.headers(ev.headers)),
        response_headers: null,
        upstream_url: null,
        routing: JSON.stringify(r),
        requested_model: r.requestedModel,
        final_provider: r.providerId,
        final_model: r.upstreamModel,
        status: 0,
        finished: 0,
        partial: 0,
        error_class: null,
        error_message: null,
        upstream_first_byte_at: null,
        last_byte_at: null,
        ttfb_ms: null,
        duration_ms: null,
        overhead_ms: null,
        attempts: 0,
        input_tokens: null,
        output_tokens: null,
        cache_read_tokens: null,
        cache_write_tokens: null,
        reasoning_tokens: null,
        cost_usd: null,
        stream_events: null,
        stream_bytes: null,
        stream_max_gap_ms: null,
        client_request_body: put?.bodyId ?? null,
        upstream_request_body: null,
        upstream_response_body: null,
        client_response_body: null,
        client_request_size: text ? text.length : null,
        dropped: null,
      },
      dirty: false,
      routing: r,
      sessionId,
      seq,
      receivedAt: ev.at,
      passthrough: r.passthrough,
      requestText,
      bodies: put ? { client_request_body: put.bodyId } : {},
      memo: put && text ? [{ text, bodyId: put.bodyId }] : [],
      clientText: text ?? undefined,
      upstreamRequest: mirrorOn ? null : undefined,
      clientRequest: mirrorOn ? (this.redactor.text(text) ?? null) : undefined,
      dropped: new Set(ev.dropBodies ? ['clientRequest'] : []),
    };
    this.touch(p);
    this.pending.set(ev.exchangeId, p);
    created.push(ev.exchangeId);
    if (text) this.sessions.maybeTitle(sessionId, () => this.redactor.text(titleOf(text, put?.messages ?? [])));
    this.changed.add(sessionId);
  }

  private transcripts(id: string): { up: string | null; client: string | null; dropped: boolean } {
    const s = this.streams.peek(id);
    if (!s) return { up: null, client: null, dropped: false };
    return { up: s.up.length ? s.up.join('') : null, client: s.client.length ? s.client.join('') : null, dropped: s.dropped };
  }

  private applyEnd(ev: Extract<Queued, { type: 'end' }>, p: Pending): void {
    const t = this.transcripts(ev.exchangeId);
    this.streams.take(ev.exchangeId);
    const upstream = ev.dropBodies ? null : (ev.upstreamResponseBody ?? t.up);
    let client = ev.dropBodies ? null : (ev.clientResponseBody ?? t.client);
    if (client === null && p.passthrough) client = upstream; // same bytes: one stored body
    if (ev.dropBodies || t.dropped) p.dropped.add('responses');
    const row = p.row;
    row.upstream_response_body = this.body(p, 'upstream_response_body', upstream);
    row.client_response_body = this.body(p, 'client_response_body', client);
    if (ev.finalProviderId !== undefined) row.final_provider = ev.finalProviderId;
    if (ev.finalModel !== undefined) row.final_model = ev.finalModel;
    const provider = row.final_provider;
    const model = row.final_model;
    const u = ev.usage;
    const cost = costOf(u, findPrice(this.config().prices, provider, model));
    const error = ev.status >= 400 || ev.status === 0 || !!ev.errorClass;
    row.status = ev.status;
    row.finished = 1;
    row.partial = ev.partial ? 1 : 0;
    row.error_class = ev.errorClass ?? null;
    row.error_message = this.redactor.text(ev.errorMessage) ?? null;
    row.upstream_first_byte_at = ev.upstreamFirstByteAt ?? null;
    row.last_byte_at = ev.lastByteAt ?? null;
    row.ttfb_ms = ev.upstreamFirstByteAt !== undefined ? ev.upstreamFirstByteAt - ev.receivedAt : null;
    row.duration_ms = ev.lastByteAt !== undefined ? ev.lastByteAt - ev.receivedAt : ev.at - ev.receivedAt;
    row.overhead_ms = ev.overheadMs ?? null;
    row.attempts = ev.attempts;
    row.input_tokens = u?.inputTokens ?? null;
    row.output_tokens = u?.outputTokens ?? null;
    row.cache_read_tokens = u?.cacheReadTokens ?? null;
    row.cache_write_tokens = u?.cacheWriteTokens ?? null;
    row.reasoning_tokens = u?.reasoningTokens ?? null;
    row.cost_usd = cost ?? null;
    row.stream_events = ev.streamStats?.events ?? null;
    row.stream_bytes = ev.streamStats?.bytes ?? null;
    row.stream_max_gap_ms = ev.streamStats?.maxGapMs ?? null;
    // Written now: the search row needs its rid, and the exchange leaves `pending`.
    this.writeRow(p);
    this.sessions.finish(p.sessionId, ev.at, { providerId: provider, model, usage: u, costUsd: cost, error });
    const answer = this.redactor.text(textOfAnswer(client ?? upstream).slice(0, FTS_EXCHANGE_CHARS));
    const text = `${p.requestText}${answer}`;
    if (text.trim()) this.ftsRows.push([row.rid, text]);
    const dir = this.config().recording.trajectoryDir;
    if (dir) {
      this.mirror.write(dir, {
        sessionId: p.sessionId,
        receivedAt: p.receivedAt,
        seq: p.seq,
        upstreamRequest: p.upstreamRequest ?? null,
        clientRequest: p.clientRequest ?? null,
        upstreamResponse: this.redactor.text(upstream) ?? null,
        clientResponse: client === upstream ? (this.redactor.text(upstream) ?? null) : (this.redactor.text(client) ?? null),
      });
    }
    this.pending.delete(ev.exchangeId);
    this.changed.add(p.sessionId);
  }

  /**
   * Write unfinished exchanges' transcripts so far, marked partial (inside the caller's
   * transaction). With `close`, they are final (shutdown); otherwise a later `end` replaces them.
   */
  snapshotUnfinished(close: boolean): void {
    for (const p of this.pending.values()) {
      const t = this.transcripts(p.row.id);
      const up = t.up;
      const client = t.client === null && p.passthrough ? up : t.client;
      const row = p.row;
      row.upstream_response_body = this.body(p, 'upstream_response_body', up);
      row.client_response_body = this.body(p, 'client_response_body', client);
      row.partial = 1;
      if (close) row.finished = 1;
      this.writeRow(p);
      this.changed.add(p.sessionId);
    }
    this.writeRows();
  }
}
