/**
 * Opening the SQLite file: WAL (a CLI reader beside the running server; kill -9 loses at
 * most the open transaction), incremental auto-vacuum (retention gives space back in small
 * steps instead of one blocking VACUUM), then migrations.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SwitchyardError } from '../../../shared/errors';
import { LATEST_VERSION, migrate, verifyMigrations } from './migrations';

export interface OpenDbOptions {
  dbPath: string;
  /** Path to a better_sqlite3.node built for the running runtime (Electron passes its own). */
  nativeBinding?: string;
  /** Reader mode (CLI): never writes unless the schema must first be migrated. */
  readOnly?: boolean;
}

function configure(db: Database.Database, readOnly: boolean): void {
  db.pragma('busy_timeout = 5000');
  if (readOnly) return;
  const fresh = (db.prepare(`SELECT count(*) AS n FROM sqlite_master`).get() as { n: number }).n === 0;
  // auto_vacuum only takes effect when set before the first table exists.
  if (fresh) db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: durable against process crashes (kill -9), cheap per commit.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = OFF');
  db.pragma('cache_size = -16000');
  // Fewer, larger checkpoints: a checkpoint copies pages and syncs; 4 MB (the default) makes
  // bursts of big bodies checkpoint every few batches. The WAL is truncated on close.
  db.pragma('wal_autocheckpoint = 8000');
}

export function openDatabase(opts: OpenDbOptions): Database.Database {
  const native = opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {};
  if (opts.readOnly) {
    if (!fs.existsSync(opts.dbPath)) {
      throw new SwitchyardError('not_found', `No trajectory database at ${opts.dbPath}.`, {
        hint: 'Nothing has been recorded yet, or --data-dir points elsewhere.',
      });
    }
    let db = new Database(opts.dbPath, { readonly: true, fileMustExist: true, ...native });
    configure(db, true);
    if (verifyMigrations(db) < LATEST_VERSION) {
      // An older database: migrate once with a writer connection, then read.
      db.close();
      const w = new Database(opts.dbPath, native);
      configure(w, false);
      migrate(w);
      w.close();
      db = new Database(opts.dbPath, { readonly: true, fileMustExist: true, ...native });
      configure(db, true);
    }
    return db;
  }
  fs.mkdirSync(path.dirname(opts.dbPath), { recursive: true });
  const db = new Database(opts.dbPath, native);
  try {
    configure(db, false);
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/** Let SQLite free this connection's page cache (PRAGMA shrink_memory); a closing one has nothing to give. */
export function shrinkDbMemory(db: Database.Database): void {
  try {
    db.pragma('shrink_memory');
  } catch {
    // closed or closing
  }
}
