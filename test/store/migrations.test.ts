import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS, migrate, migrationHash } from '../../src/main/services/store/migrations';
import { openDatabase } from '../../src/main/services/store/db';
import { makeStore, tmpDir } from './helpers';

const FIXTURE = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', 'v1.db');

describe('migrations', () => {
  it('builds a fresh database with every migration, WAL and incremental vacuum', () => {
    const dir = tmpDir();
    const db = openDatabase({ dbPath: path.join(dir, 't.db') });
    const rows = db.prepare('SELECT version, name, hash FROM schema_migrations ORDER BY version').all() as Array<{
      version: number;
      hash: string;
    }>;
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(rows.map((r) => r.hash)).toEqual(MIGRATIONS.map(migrationHash));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'messages_fts'`).pluck().get()).toBe(1);
    db.close();
  });

  it('each migration applies on a database built by the ones before it', () => {
    for (let n = 1; n <= MIGRATIONS.length; n++) {
      const db = new Database(':memory:');
      expect(migrate(db, MIGRATIONS.slice(0, n))).toBe(MIGRATIONS[n - 1].version);
      // and re-running is a no-op
      expect(migrate(db, MIGRATIONS.slice(0, n))).toBe(MIGRATIONS[n - 1].version);
      db.close();
    }
  });

  it('opens a database written by the previous version (v1 fixture) and migrates it', async () => {
    const dir = tmpDir();
    fs.copyFileSync(FIXTURE, path.join(dir, 'trajectories.db'));
    const store = makeStore(dir);
    const { sessions } = store.listSessions({});
    expect(sessions.map((s) => s.id)).toEqual(['v1-session']);
    const s = store.getSession('v1-session');
    expect(s.exchanges).toHaveLength(1);
    const ex = store.getExchange('v1-exchange');
    expect(JSON.parse(ex.bodies.clientRequest!).messages[0].content).toContain('pelicans');
    expect(JSON.parse(ex.bodies.clientResponse!).content[0].text).toContain('schema version 1');
    // The conversation decodes from the old rows too.
    expect(s.conversation.some((t) => t.role === 'assistant')).toBe(true);
    await store.close();
    const db = new Database(path.join(dir, 'trajectories.db'), { readonly: true });
    expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(LATEST_VERSION);
    db.close();
  });

  it('refuses a database whose applied migration differs from this build', () => {
    const dir = tmpDir();
    const p = path.join(dir, 't.db');
    openDatabase({ dbPath: p }).close();
    const raw = new Database(p);
    raw.prepare(`UPDATE schema_migrations SET hash = 'edited' WHERE version = 1`).run();
    raw.close();
    expect(() => openDatabase({ dbPath: p })).toThrow(/migration 1 .*does not match/);
  });

  it('refuses a database from a newer build', () => {
    const dir = tmpDir();
    const p = path.join(dir, 't.db');
    openDatabase({ dbPath: p }).close();
    const raw = new Database(p);
    raw.prepare(`INSERT INTO schema_migrations VALUES (999, 'future', 'x', 0)`).run();
    raw.close();
    expect(() => openDatabase({ dbPath: p })).toThrow(/newer than this build/);
  });
});
