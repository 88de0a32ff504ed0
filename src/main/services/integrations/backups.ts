/**
 * Timestamped backups beside the edited file (settings.json.switchyard-backup-20261122T010203Z),
 * taken before every write. The id is the timestamp part; restoring puts the bytes back exactly.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { ClientKind } from '../../../shared/config-schema';
import type { BackupInfo } from '../../../shared/domain';
import { SwitchyardError } from '../../../shared/errors';
import { writeFileAtomic } from '../fs/atomic';

const MARK = '.switchyard-backup-';

export function backupStamp(now: Date = new Date()): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

function stampToMs(id: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(id);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : 0;
}

/** Copy `file` to a new backup beside it (same permissions). Returns null when there is no file yet. */
export async function createBackup(client: ClientKind, file: string, now: Date = new Date()): Promise<BackupInfo | null> {
  let data: Buffer;
  let mode: number;
  try {
    data = await fsp.readFile(file);
    mode = (await fsp.stat(file)).mode & 0o777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const base = backupStamp(now);
  for (let n = 1; n < 1000; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    const target = `${file}${MARK}${id}`;
    try {
      // 'wx': never overwrite an older backup taken in the same second.
      await fsp.writeFile(target, data, { flag: 'wx', mode });
      await fsp.chmod(target, mode);
      return { id, client, path: target, createdAt: now.getTime(), bytes: data.length };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  throw new SwitchyardError('io_error', `Too many backups of ${file} in one second.`);
}

/** Backups of `file`, newest first. */
export async function listBackups(client: ClientKind, file: string): Promise<BackupInfo[]> {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}${MARK}`;
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return [];
  }
  const out: BackupInfo[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const id = name.slice(prefix.length);
    const full = path.join(dir, name);
    try {
      const st = await fsp.stat(full);
      if (!st.isFile()) continue;
      out.push({ id, client, path: full, createdAt: stampToMs(id) || st.mtimeMs, bytes: st.size });
    } catch {
      // Vanished between readdir and stat.
    }
  }
  const seq = (id: string) => Number(/-(\d+)$/.exec(id)?.[1] ?? 1);
  return out.sort((a, b) => b.createdAt - a.createdAt || seq(b.id) - seq(a.id));
}

/** Put a backup's bytes back over `file` (atomically, keeping the backup's permissions). */
export async function restoreBackup(client: ClientKind, file: string, id: string): Promise<BackupInfo> {
  const all = await listBackups(client, file);
  const found = all.find((b) => b.id === id || b.path === id || path.basename(b.path) === id);
  if (!found) {
    throw new SwitchyardError('not_found', `No backup "${id}" of ${file}.`, {
      hint: all.length ? `Available: ${all.map((b) => b.id).join(', ')}` : 'There are no backups of this file.',
    });
  }
  const data = await fsp.readFile(found.path);
  const mode = (await fsp.stat(found.path)).mode & 0o777;
  await writeThroughLink(file, data, { mode });
  return found;
}

/**
 * Atomic write to the file a symlink points at: dotfile managers link settings.json and
 * config.toml into a repo, and renaming over the link would silently replace it.
 */
export async function writeThroughLink(file: string, data: string | Uint8Array, opts: { mode?: number } = {}): Promise<void> {
  const target = await fsp.realpath(file).catch(() => file);
  await writeFileAtomic(target, data, opts);
}
