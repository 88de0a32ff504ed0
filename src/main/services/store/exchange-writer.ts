/**
 * Applies queued exchange events to the database (inside the write path's batch
 * transactions): the exchange row, its four bodies through the content-addressed body
 * store, session totals, the search index and the optional file mirror.
 */
import type Database from 'better-sqlite3';
import { isRetryableStatus } from '../../../shared/errors';
import { applyBodyEdit, type ExchangeEvent } from '../../../shared/recording';
import type { BodyStore } from './body-store';
import type { Mirror } from './mirror';
import { costOf, findPrice } from './prices';
import type { Redactor } from './redact';
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

interface Pending {
  rid: number;
  id: string;
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
  /** Lane as last known (start, then each upstream attempt). */
  providerId: string;
  model: string;
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
      insert: db.prepare(
        `INSERT INTO exchanges (id, session_id, seq, client, received_at, method, path, inbound_protocol, stream, request_headers, routing,
          requested_model, final_provider, final_model, client_request_body, client_request_size, dropped)
         VALUES (@id, @session_id, @seq, @client, @received_at, @method, @path, @inbound_protocol, @stream, @request_headers, @routing,
          @requested_model, @final_provider, @final_model, @client_request_body, @client_request_size, @dropped)`,
      ),
      upstreamRequest: db.prepare(
        `UPDATE exchanges SET upstream_request_body = ?, upstream_url = ?, routing = ?, final_provider = ?, final_model = ?, attempts = ? WHERE rid = ?`,
      ),
      upstreamResponse: db.prepare('UPDATE exchanges SET status = ?, response_headers = ? WHERE rid = ?'),
      end: db.prepare(
        `UPDATE exchanges SET status = @status, finished = 1, partial = @partial, error_class = @error_class, error_message = @error_message,
          upstream_first_byte_at = @first_byte, last_byte_at = @last_byte, ttfb_ms = @ttfb, duration_ms = @duration, overhead_ms = @overhead,
          attempts = @attempts, final_provider = coalesce(@provider, final_provider), final_model = coalesce(@model, final_model),
          input_tokens = @input, output_tokens = @output, cache_read_tokens = @cache_read, cache_write_tokens = @cache_write,
          reasoning_tokens = @reasoning, cost_usd = @cost, stream_events = @events, stream_bytes = @bytes, stream_max_gap_ms = @gap,
          upstream_response_body = @upstream_response_body, client_response_body = @client_response_body, dropped = @dropped
         WHERE rid = @rid`,
      ),
      snapshot: db.prepare('UPDATE exchanges SET partial = 1, upstream_response_body = ?, client_response_body = ? WHERE rid = ?'),
      closeUnfinished: db.prepare('UPDATE exchanges SET finished = 1, partial = 1 WHERE rid = ?'),
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
    if (ev.type === 'upstream_request') {
      let text: string | null = ev.dropBodies ? null : ev.upstreamRequestBody;
      if (!ev.dropBodies && ev.upstreamRequestEdit)
        text = p.clientText === undefined ? null : (applyBodyEdit(p.clientText, ev.upstreamRequestEdit) ?? null);
      if (text === null) p.dropped.add('upstreamRequest');
      const id = this.body(p, 'upstream_request_body', text);
      if (p.upstreamRequest !== undefined) p.upstreamRequest = this.redactor.text(text) ?? null;
      const r = ev.routing;
      p.providerId = ev.providerId;
      p.model = r.upstreamModel;
      this.q.upstreamRequest.run(id, this.redactor.url(ev.url), JSON.stringify(r), ev.providerId, r.upstreamModel, ev.attempt, p.rid);
    } else if (ev.type === 'upstream_response') {
      this.q.upstreamResponse.run(ev.status, JSON.stringify(this.redactor.headers(ev.headers)), p.rid);
      // After an answer the proxy does not retry, no upstream_request repeats the body.
      if (!isRetryableStatus(ev.status)) {
        p.memo = [];
        p.clientText = undefined;
      }
    } else {
      this.applyEnd(ev, p);
    }
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
    const p: Pending = {
      rid: 0,
      id: ev.exchangeId,
      sessionId,
      seq,
      receivedAt: ev.at,
      passthrough: ev.routing.passthrough,
      requestText,
      bodies: put ? { client_request_body: put.bodyId } : {},
      memo: put && text ? [{ text, bodyId: put.bodyId }] : [],
      clientText: text ?? undefined,
      upstreamRequest: mirrorOn ? null : undefined,
      clientRequest: mirrorOn ? (this.redactor.text(text) ?? null) : undefined,
      dropped: new Set(ev.dropBodies ? ['clientRequest'] : []),
      providerId: ev.routing.providerId,
      model: ev.routing.upstreamModel,
    };
    const r = ev.routing;
    p.rid = Number(
      this.q.insert.run({
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
        routing: JSON.stringify(r),
        requested_model: r.requestedModel,
        final_provider: r.providerId,
        final_model: r.upstreamModel,
        client_request_body: put?.bodyId ?? null,
        client_request_size: text ? text.length : null,
        dropped: ev.dropBodies ? JSON.stringify(['clientRequest']) : null,
      }).lastInsertRowid,
    );
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
    const upId = this.body(p, 'upstream_response_body', upstream);
    const clId = this.body(p, 'client_response_body', client);
    const provider = ev.finalProviderId ?? p.providerId;
    const model = ev.finalModel ?? p.model;
    const u = ev.usage;
    const cost = costOf(u, findPrice(this.config().prices, provider, model));
    const error = ev.status >= 400 || ev.status === 0 || !!ev.errorClass;
    this.q.end.run({
      rid: p.rid,
      status: ev.status,
      partial: ev.partial ? 1 : 0,
      error_class: ev.errorClass ?? null,
      error_message: this.redactor.text(ev.errorMessage) ?? null,
      first_byte: ev.upstreamFirstByteAt ?? null,
      last_byte: ev.lastByteAt ?? null,
      ttfb: ev.upstreamFirstByteAt !== undefined ? ev.upstreamFirstByteAt - ev.receivedAt : null,
      duration: ev.lastByteAt !== undefined ? ev.lastByteAt - ev.receivedAt : ev.at - ev.receivedAt,
      overhead: ev.overheadMs ?? null,
      attempts: ev.attempts,
      provider: ev.finalProviderId ?? null,
      model: ev.finalModel ?? null,
      input: u?.inputTokens ?? null,
      output: u?.outputTokens ?? null,
      cache_read: u?.cacheReadTokens ?? null,
      cache_write: u?.cacheWriteTokens ?? null,
      reasoning: u?.reasoningTokens ?? null,
      cost: cost ?? null,
      events: ev.streamStats?.events ?? null,
      bytes: ev.streamStats?.bytes ?? null,
      gap: ev.streamStats?.maxGapMs ?? null,
      upstream_response_body: upId,
      client_response_body: clId,
      dropped: p.dropped.size ? JSON.stringify([...p.dropped]) : null,
    });
    this.sessions.finish(p.sessionId, ev.at, { providerId: provider, model, usage: u, costUsd: cost, error });
    const answer = this.redactor.text(textOfAnswer(client ?? upstream).slice(0, FTS_EXCHANGE_CHARS));
    const text = `${p.requestText}${answer}`;
    if (text.trim()) this.ftsRows.push([p.rid, text]);
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
      const t = this.transcripts(p.id);
      const up = t.up;
      const client = t.client === null && p.passthrough ? up : t.client;
      const upId = this.body(p, 'upstream_response_body', up);
      const clId = this.body(p, 'client_response_body', client);
      this.q.snapshot.run(upId, clId, p.rid);
      if (close) this.q.closeUnfinished.run(p.rid);
      this.changed.add(p.sessionId);
    }
  }
}
