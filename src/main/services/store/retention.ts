/**
 * Retention by age and size, oldest sessions first, in small steps so the proxy's event loop
 * is never blocked for long: each step deletes at most a few hundred exchanges and releases
 * free pages with `PRAGMA incremental_vacuum(N)`.
 */
import type Database from 'better-sqlite3';
import type { BodyStore } from './body-store';
import type { SessionWriter } from './session-writer';
import type { StoreConfigView } from './types';

// Small steps: unreferencing a body touches every piece it lists (~30 for Claude Code).
const EXCHANGES_PER_STEP = 20;
const VACUUM_PAGES_PER_STEP = 512;

export class Retention {
  private readonly q;

  constructor(
    private readonly db: Database.Database,
    private readonly bodies: BodyStore,
    private readonly sessions: SessionWriter | null,
    private readonly config: () => StoreConfigView,
    private readonly now: () => number,
  ) {
    this.q = {
      exchanges: db.prepare(
        `SELECT rid, client_request_body AS a, upstream_request_body AS b, upstream_response_body AS c, client_response_body AS d
         FROM exchanges WHERE session_id = ? LIMIT ?`,
      ),
      deleteExchange: db.prepare('DELETE FROM exchanges WHERE rid = ?'),
      deleteFts: db.prepare('DELETE FROM messages_fts WHERE rowid = ?'),
      deleteSession: db.prepare('DELETE FROM sessions WHERE id = ?'),
      oldByAge: db.prepare('SELECT id FROM sessions WHERE last_at < ? ORDER BY last_at LIMIT 1').pluck(),
      oldest: db.prepare('SELECT id FROM sessions WHERE last_at < ? ORDER BY first_at LIMIT 1').pluck(),
    };
  }

  /** Delete up to `limit` exchanges of a session; the session row goes with its last one. Returns true when gone. */
  deleteSessionStep(id: string, limit = EXCHANGES_PER_STEP): boolean {
    return this.db.transaction(() => {
      const rows = this.q.exchanges.all(id, limit) as Array<{
        rid: number;
        a: number | null;
        b: number | null;
        c: number | null;
        d: number | null;
      }>;
      for (const r of rows) {
        for (const b of [r.a, r.b, r.c, r.d]) if (b !== null) this.bodies.unref(b);
        this.q.deleteFts.run(r.rid);
        this.q.deleteExchange.run(r.rid);
      }
      if (rows.length < limit) {
        this.q.deleteSession.run(id);
        this.sessions?.forget(id);
        return true;
      }
      return false;
    })();
  }

  deleteSession(id: string): void {
    while (!this.deleteSessionStep(id));
  }

  usedBytes(): number {
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    return (pages - free) * pageSize;
  }

  /**
   * One bounded unit of work. Returns true when more remains. Sessions active in the last
   * minute (`protect`) are never pruned for size, so a live session is not cut mid-write.
   */
  step(isActive: (sessionId: string) => boolean): boolean {
    const r = this.config().recording.retention;
    const now = this.now();
    if (r?.maxAgeDays) {
      const id = this.q.oldByAge.get(now - r.maxAgeDays * 86_400_000) as string | undefined;
      if (id && !isActive(id)) {
        this.deleteSessionStep(id);
        return true;
      }
    }
    if (r?.maxBytes && this.usedBytes() > r.maxBytes) {
      const id = this.q.oldest.get(now - 60_000) as string | undefined;
      if (id && !isActive(id)) {
        this.deleteSessionStep(id);
        return true;
      }
    }
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    if (free > 0) {
      this.db.pragma(`incremental_vacuum(${VACUUM_PAGES_PER_STEP})`);
      return free > VACUUM_PAGES_PER_STEP;
    }
    return false;
  }
}
