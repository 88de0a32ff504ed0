/**
 * Versioned schema migrations. Each migration's SQL is hashed; the hash is recorded when it
 * is applied and verified at every open, so an edited migration is caught instead of
 * silently diverging from databases in the field. Never edit a shipped migration: add one.
 */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { SwitchyardError } from '../../../../shared/errors';
import { migration001 } from './001-core';
import { migration002 } from './002-search';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [migration001, migration002];
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export function migrationHash(m: Migration): string {
  return crypto.createHash('sha256').update(m.sql).digest('hex');
}

interface AppliedRow {
  version: number;
  name: string;
  hash: string;
}

function ensureVersionTable(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
}

export function appliedMigrations(db: Database.Database): AppliedRow[] {
  const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get();
  if (!exists) return [];
  return db.prepare('SELECT version, name, hash FROM schema_migrations ORDER BY version').all() as AppliedRow[];
}

/** Throws when an applied migration differs from the code's, or the database is newer. */
export function verifyMigrations(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const applied = appliedMigrations(db);
  for (const row of applied) {
    const m = migrations.find((x) => x.version === row.version);
    if (!m) {
      throw new SwitchyardError('io_error', `The trajectory database is at schema version ${row.version}, newer than this build knows.`, {
        hint: 'Update Switchyard, or point --data-dir at another directory.',
      });
    }
    if (migrationHash(m) !== row.hash) {
      throw new SwitchyardError(
        'io_error',
        `Trajectory database migration ${row.version} (${row.name}) does not match this build (content hash differs).`,
        {
          hint: 'A shipped migration was edited; restore it and add a new migration instead.',
        },
      );
    }
  }
  return applied.length === 0 ? 0 : applied[applied.length - 1].version;
}

/** Apply every pending migration (each in its own transaction). Returns the new version. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS, now: () => number = Date.now): number {
  ensureVersionTable(db);
  let current = verifyMigrations(db, migrations);
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, hash, applied_at) VALUES (?, ?, ?, ?)').run(
        m.version,
        m.name,
        migrationHash(m),
        now(),
      );
    })();
    current = m.version;
  }
  return current;
}
