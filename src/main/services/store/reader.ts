/**
 * The reading side: session lists and filters, full-text search, exchanges with their four
 * bodies, and usage aggregates. Works on a read-only connection (the CLI beside a server).
 */
import type Database from 'better-sqlite3';
import type { ExchangeDetail, SearchHit, SessionFilter, SessionSummary, UsageQuery, UsageRow } from '../../../shared/domain';
import { SwitchyardError } from '../../../shared/errors';
import type { BodyStore } from './body-store';
import { toExchangeSummary, toSessionSummary, type ExchangeRow, type SessionRow } from './rows';

/** Plain words → an FTS5 query (every term must match; quotes make user text literal). */
export function ftsQuery(text: string): string | null {
  const terms = text
    .split(/\s+/)
    .map((t) => t.replace(/"/g, ''))
    .filter((t) => /[\p{L}\p{N}]/u.test(t));
  if (terms.length === 0) return null;
  return terms.map((t) => `"${t}"`).join(' ');
}

function percentile(sorted: number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

const ERROR_SQL = '(e.status >= 400 OR e.status = 0 OR e.error_class IS NOT NULL)';

const GROUP_KEYS: Record<UsageQuery['groupBy'], string> = {
  day: `strftime('%Y-%m-%d', e.received_at / 1000, 'unixepoch', 'localtime')`,
  provider: `coalesce(e.final_provider, 'unknown')`,
  model: `coalesce(e.final_model, e.requested_model, 'unknown')`,
  client: 'e.client',
};

export class StoreReader {
  constructor(
    private readonly db: Database.Database,
    private readonly bodies: BodyStore,
  ) {}

  listSessions(f: SessionFilter): { sessions: SessionSummary[]; total: number } {
    const where: string[] = [];
    const args: unknown[] = [];
    if (f.client) {
      where.push('s.client = ?');
      args.push(f.client);
    }
    if (f.providerId) {
      where.push('EXISTS (SELECT 1 FROM json_each(s.providers) WHERE value = ?)');
      args.push(f.providerId);
    }
    if (f.model) {
      where.push('EXISTS (SELECT 1 FROM json_each(s.models) WHERE value = ?)');
      args.push(f.model);
    }
    if (f.since !== undefined) {
      where.push('s.last_at >= ?');
      args.push(f.since);
    }
    if (f.until !== undefined) {
      where.push('s.first_at <= ?');
      args.push(f.until);
    }
    if (f.text?.trim()) {
      const q = ftsQuery(f.text);
      const like = `%${f.text.trim().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      if (q) {
        where.push(
          `(s.title LIKE ? ESCAPE '\\' OR s.id IN (SELECT e.session_id FROM exchanges e WHERE e.rid IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)))`,
        );
        args.push(like, q);
      } else {
        where.push(`s.title LIKE ? ESCAPE '\\'`);
        args.push(like);
      }
    }
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total =
      (this.db
        .prepare(`SELECT count(*) FROM sessions s ${w}`)
        .pluck()
        .get(...args) as number) ?? 0;
    const rows = this.db
      .prepare(`SELECT s.* FROM sessions s ${w} ORDER BY s.last_at DESC LIMIT ? OFFSET ?`)
      .all(...args, f.limit ?? 100, f.offset ?? 0) as SessionRow[];
    return { sessions: rows.map(toSessionSummary), total };
  }

  sessionRow(id: string): SessionRow {
    const row = this.db.prepare('SELECT * FROM sessions WHERE id = ? OR external_id = ? LIMIT 1').get(id, id) as SessionRow | undefined;
    if (!row) throw new SwitchyardError('not_found', `No session "${id}".`);
    return row;
  }

  exchangeRows(sessionId: string): ExchangeRow[] {
    return this.db.prepare('SELECT * FROM exchanges WHERE session_id = ? ORDER BY seq').all(sessionId) as ExchangeRow[];
  }

  exchangeRow(id: string): ExchangeRow {
    const row = this.db.prepare('SELECT * FROM exchanges WHERE id = ?').get(id) as ExchangeRow | undefined;
    if (!row) throw new SwitchyardError('not_found', `No exchange "${id}".`);
    return row;
  }

  exchangeDetail(row: ExchangeRow): ExchangeDetail {
    const bodies: ExchangeDetail['bodies'] = {
      clientRequest: this.bodies.get(row.client_request_body),
      upstreamRequest: this.bodies.get(row.upstream_request_body),
      upstreamResponse: this.bodies.get(row.upstream_response_body),
      clientResponse: this.bodies.get(row.client_response_body),
    };
    if (row.dropped) bodies.dropped = JSON.parse(row.dropped) as string[];
    return { ...toExchangeSummary(row), bodies };
  }

  search(text: string, limit = 50): SearchHit[] {
    const q = ftsQuery(text);
    if (!q) return [];
    const rows = this.db
      .prepare(
        `SELECT e.session_id AS sessionId, e.id AS exchangeId, snippet(messages_fts, 0, '[', ']', '…', 16) AS snippet, e.received_at AS at
         FROM messages_fts JOIN exchanges e ON e.rid = messages_fts.rowid
         WHERE messages_fts MATCH ? ORDER BY rank LIMIT ?`,
      )
      .all(q, limit) as SearchHit[];
    return rows;
  }

  usage(query: UsageQuery): UsageRow[] {
    const key = GROUP_KEYS[query.groupBy];
    if (!key) throw new SwitchyardError('invalid_request', `Unknown usage grouping "${String(query.groupBy)}".`);
    const where = ['e.finished = 1'];
    const args: number[] = [];
    if (query.since !== undefined) {
      where.push('e.received_at >= ?');
      args.push(query.since);
    }
    if (query.until !== undefined) {
      where.push('e.received_at <= ?');
      args.push(query.until);
    }
    const w = where.join(' AND ');
    const rows = this.db
      .prepare(
        `SELECT ${key} AS key, count(*) AS requests, sum(CASE WHEN ${ERROR_SQL} THEN 1 ELSE 0 END) AS errors,
          coalesce(sum(e.input_tokens), 0) AS inputTokens, coalesce(sum(e.output_tokens), 0) AS outputTokens,
          coalesce(sum(e.cache_read_tokens), 0) AS cacheReadTokens, coalesce(sum(e.cache_write_tokens), 0) AS cacheWriteTokens,
          coalesce(sum(e.cost_usd), 0) AS costUsd, sum(e.stream_events) AS streamEvents, sum(e.stream_bytes) AS streamBytes
         FROM exchanges e WHERE ${w} GROUP BY key ORDER BY key`,
      )
      .all(...args) as Array<UsageRow & { streamEvents: number | null; streamBytes: number | null }>;
    const lat = new Map<string, { d: number[]; t: number[] }>();
    for (const r of this.db
      .prepare(`SELECT ${key} AS key, e.duration_ms AS d, e.ttfb_ms AS t FROM exchanges e WHERE ${w}`)
      .iterate(...args) as Iterable<{
      key: string;
      d: number | null;
      t: number | null;
    }>) {
      let l = lat.get(r.key);
      if (!l) lat.set(r.key, (l = { d: [], t: [] }));
      if (r.d !== null) l.d.push(r.d);
      if (r.t !== null) l.t.push(r.t);
    }
    return rows.map((r) => {
      const l = lat.get(r.key) ?? { d: [], t: [] };
      l.d.sort((a, b) => a - b);
      l.t.sort((a, b) => a - b);
      const out: UsageRow = { ...r, streamEvents: r.streamEvents ?? undefined, streamBytes: r.streamBytes ?? undefined };
      out.p50LatencyMs = percentile(l.d, 50);
      out.p95LatencyMs = percentile(l.d, 95);
      out.p50TtfbMs = percentile(l.t, 50);
      out.p95TtfbMs = percentile(l.t, 95);
      for (const k of Object.keys(out) as Array<keyof UsageRow>) if (out[k] === undefined) delete out[k];
      return out;
    });
  }

  requestsToday(now: number): number {
    const d = new Date(now);
    d.setHours(0, 0, 0, 0);
    return this.db.prepare('SELECT count(*) FROM exchanges WHERE received_at >= ?').pluck().get(d.getTime()) as number;
  }
}
