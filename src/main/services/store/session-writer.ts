/**
 * Session rows on the write path: find or create the session an exchange belongs to, keep
 * first/last activity, providers and models used, the title and the running totals.
 */
import type Database from 'better-sqlite3';
import type { IRUsage } from '../../../shared/ir';
import type { ExchangeEvent } from '../../../shared/recording';
import type { BodyStore } from './body-store';
import { resolveSessionKey, safeSessionId, SESSION_WINDOW_MS, windowSessionId } from './session-key';

type StartEvent = Extract<ExchangeEvent, { type: 'start' }>;

interface Delta {
  count: number;
  lastAt: number;
  requests: number;
  errors: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  cost: number;
  taskName: string | null;
  label: string | null;
}

interface SessionState {
  /** exchange_count including this batch's not yet written increments. */
  count: number;
  providers: Set<string>;
  models: Set<string>;
  titled: boolean;
  titleTries: number;
  /** Message pieces already indexed for search in this session. */
  seen?: Set<number>;
}

const CACHE_MAX = 500;

export class SessionWriter {
  private cache = new Map<string, SessionState>();
  /** Changes of this batch, written once per session at commit. */
  private deltas = new Map<string, Delta>();
  /**
   * The newest time-window session per client and its last activity, as this writer (the only
   * one creating sessions) last wrote or found it: exchanges without a session key join it
   * without a query and without writing the batch's session changes first.
   */
  private windows = new Map<string, { id: string; lastAt: number }>();
  private readonly q;

  constructor(
    db: Database.Database,
    private readonly bodies: BodyStore,
  ) {
    this.q = {
      get: db.prepare('SELECT id, title, providers, models, exchange_count FROM sessions WHERE id = ?'),
      window: db
        .prepare(`SELECT id FROM sessions WHERE key_kind = 'window' AND client = ? AND last_at >= ? ORDER BY last_at DESC LIMIT 1`)
        .pluck(),
      insert: db.prepare(
        `INSERT INTO sessions (id, external_id, key_kind, client, task_name, label, first_at, last_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      apply: db.prepare(
        `UPDATE sessions SET exchange_count = exchange_count + @count, last_at = max(last_at, @lastAt), task_name = coalesce(task_name, @taskName),
         label = coalesce(label, @label), requests = requests + @requests, errors = errors + @errors, input_tokens = input_tokens + @input,
         output_tokens = output_tokens + @output, cache_read_tokens = cache_read_tokens + @cacheRead,
         cache_write_tokens = cache_write_tokens + @cacheWrite, cost_usd = cost_usd + @cost WHERE id = @id`,
      ),
      title: db.prepare('UPDATE sessions SET title = ? WHERE id = ?'),
      lists: db.prepare('UPDATE sessions SET providers = ?, models = ? WHERE id = ?'),
      lastRequestBody: db.prepare('SELECT client_request_body FROM exchanges WHERE session_id = ? ORDER BY seq DESC LIMIT 1').pluck(),
    };
  }

  /** After a rollback the cached state may describe rows that were never committed. */
  invalidate(): void {
    this.cache.clear();
    this.deltas.clear();
    this.windows.clear();
  }

  forget(id: string): void {
    this.cache.delete(id);
    this.deltas.delete(id);
    for (const [client, w] of this.windows) if (w.id === id) this.windows.delete(client);
  }

  /** Returns the session id and this exchange's sequence number in it. */
  open(ev: StartEvent): { sessionId: string; seq: number } {
    const key = resolveSessionKey(ev.session);
    let id: string | undefined;
    if (key) {
      id = safeSessionId(key.externalId);
      if (!this.cache.has(id) && !this.q.get.get(id)) {
        this.q.insert.run(id, key.externalId, key.kind, ev.client, ev.session.taskName ?? null, ev.session.label ?? null, ev.at, ev.at);
      }
    } else {
      const known = this.windows.get(ev.client);
      if (known && known.lastAt >= ev.at - SESSION_WINDOW_MS) {
        id = known.id;
        known.lastAt = Math.max(known.lastAt, ev.at);
      } else {
        this.commit(); // the window lookup reads last_at
        id = this.q.window.get(ev.client, ev.at - SESSION_WINDOW_MS) as string | undefined;
        if (!id) {
          id = windowSessionId(ev.client, ev.at);
          if (!this.q.get.get(id)) this.q.insert.run(id, null, 'window', ev.client, null, null, ev.at, ev.at);
        }
        // Its later activity (open, finish) moves lastAt forward, as it does the row's last_at.
        this.windows.set(ev.client, { id, lastAt: ev.at });
      }
    }
    const s = this.state(id);
    const d = this.delta(id);
    d.count++;
    d.lastAt = Math.max(d.lastAt, ev.at);
    d.taskName ??= ev.session.taskName ?? null;
    d.label ??= ev.session.label ?? null;
    return { sessionId: id, seq: ++s.count };
  }

  private delta(id: string): Delta {
    let d = this.deltas.get(id);
    if (!d) {
      d = {
        count: 0,
        lastAt: 0,
        requests: 0,
        errors: 0,
        input: 0,
        output: 0,
        cacheRead: 0,
        cacheWrite: 0,
        cost: 0,
        taskName: null,
        label: null,
      };
      this.deltas.set(id, d);
    }
    return d;
  }

  /** Write this batch's session changes (inside the batch transaction). */
  commit(): void {
    for (const [id, d] of this.deltas) this.q.apply.run({ id, ...d });
    this.deltas.clear();
  }

  state(id: string): SessionState {
    let s = this.cache.get(id);
    if (s) {
      this.cache.delete(id);
      this.cache.set(id, s);
      return s;
    }
    const row = this.q.get.get(id) as { title: string; providers: string; models: string; exchange_count: number } | undefined;
    s = {
      // Increments of this batch not yet written count too (the state may have been evicted).
      count: (row?.exchange_count ?? 0) + (this.deltas.get(id)?.count ?? 0),
      providers: new Set(row ? (JSON.parse(row.providers) as string[]) : []),
      models: new Set(row ? (JSON.parse(row.models) as string[]) : []),
      titled: !!row?.title,
      titleTries: 0,
    };
    if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(id, s);
    return s;
  }

  /** Message pieces of earlier requests (so only new messages are indexed). */
  seen(id: string, currentBodyId: number | undefined): Set<number> {
    const s = this.state(id);
    if (!s.seen) {
      s.seen = new Set();
      const prev = this.q.lastRequestBody.all(id) as Array<number | null>;
      const prevBody = prev[0];
      if (prevBody !== null && prevBody !== undefined && prevBody !== currentBodyId)
        for (const p of this.bodies.pieceIdsOf(prevBody)) s.seen.add(p);
    }
    return s.seen;
  }

  maybeTitle(id: string, compute: () => string): void {
    const s = this.state(id);
    if (s.titled || s.titleTries >= 5) return;
    s.titleTries++;
    let t = '';
    try {
      t = compute();
    } catch {
      // A title is a nicety: a body it cannot be read from never costs the exchange its record.
    }
    // Claude Code probes (quota check, subagent warmup) are not what the session is about.
    if (!t || /^(quota|warmup)$/i.test(t)) return;
    this.q.title.run(t, id);
    s.titled = true;
  }

  finish(id: string, at: number, f: { providerId?: string; model?: string; usage?: IRUsage; costUsd?: number; error: boolean }): void {
    const s = this.state(id);
    let changed = false;
    if (f.providerId && !s.providers.has(f.providerId)) {
      s.providers.add(f.providerId);
      changed = true;
    }
    if (f.model && !s.models.has(f.model)) {
      s.models.add(f.model);
      changed = true;
    }
    if (changed) this.q.lists.run(JSON.stringify([...s.providers]), JSON.stringify([...s.models]), id);
    const u = f.usage;
    const d = this.delta(id);
    d.lastAt = Math.max(d.lastAt, at);
    for (const w of this.windows.values()) if (w.id === id) w.lastAt = Math.max(w.lastAt, at);
    d.requests++;
    if (f.error) d.errors++;
    d.input += u?.inputTokens ?? 0;
    d.output += u?.outputTokens ?? 0;
    d.cacheRead += u?.cacheReadTokens ?? 0;
    d.cacheWrite += u?.cacheWriteTokens ?? 0;
    d.cost += f.costUsd ?? 0;
  }
}
