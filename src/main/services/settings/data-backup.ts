/**
 * Backup and restore of Switchyard's own data: the config plus (when the store can make a
 * consistent copy) the trajectory database, into <data-dir>/backups/switchyard-<timestamp>/.
 * Restore replaces the config only, after validating it, and keeps the replaced file.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { CLIENT_KINDS } from '../../../shared/config-schema';
import type { DataBackupResult } from '../../../shared/domain';
import { SwitchyardError, toSwitchyardError } from '../../../shared/errors';
import { parseConfigText, resolveConfig } from '../config/load';
import type { ServiceContext } from '../context';
import { writeFileAtomic } from '../fs/atomic';

const CONFIG_NAME = 'switchyard.yaml';
const DB_NAME = 'trajectories.db';

/** 2026-11-22T01-03-10-123Z: sortable and valid in file names on every OS. */
export function backupStamp(now = new Date()): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

async function uniqueDir(root: string, base: string): Promise<string> {
  for (let i = 0; ; i++) {
    const dir = path.join(root, i === 0 ? base : `${base}-${i}`);
    try {
      await fsp.mkdir(dir, { recursive: false, mode: 0o700 });
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

export async function backupData(ctx: ServiceContext, outDir?: string): Promise<DataBackupResult> {
  const root = outDir ? path.resolve(outDir) : ctx.paths.backupsDir;
  try {
    await fsp.mkdir(root, { recursive: true, mode: 0o700 });
    const dir = await uniqueDir(root, `switchyard-${backupStamp()}`);
    const includes: string[] = [];
    let note: string | undefined;

    // The file may hold literal keys: keep the copy private.
    await fsp.copyFile(ctx.config.configPath, path.join(dir, CONFIG_NAME));
    await fsp.chmod(path.join(dir, CONFIG_NAME), 0o600);
    includes.push(CONFIG_NAME);

    if (ctx.store?.backup) {
      await ctx.store.flush();
      await ctx.store.backup(path.join(dir, DB_NAME));
      includes.push(DB_NAME);
    } else if (ctx.store) {
      note =
        'The trajectory database was not included: this build of the store cannot make a consistent copy while running. The config was backed up.';
    } else {
      note = 'The trajectory database was not included: the store is not available. The config was backed up.';
    }

    let bytes = 0;
    for (const name of includes) bytes += (await fsp.stat(path.join(dir, name))).size;
    const manifest = {
      app: 'switchyard',
      version: ctx.version,
      createdAt: Date.now(),
      includes,
      configPath: ctx.config.configPath,
      ...(note ? { note } : {}),
    };
    await fsp.writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    return { path: dir, bytes, includes, ...(note ? { note } : {}) };
  } catch (e) {
    if (e instanceof SwitchyardError) throw e;
    throw new SwitchyardError('io_error', `Backup failed: ${toSwitchyardError(e).message}`, { hint: `Check that ${root} is writable.` });
  }
}

/** A backup folder (with switchyard.yaml) or a config file itself. */
async function findConfigFile(p: string): Promise<string> {
  const abs = path.resolve(p);
  let st;
  try {
    st = await fsp.stat(abs);
  } catch {
    throw new SwitchyardError('not_found', `Nothing to restore at ${abs}.`, { hint: 'Pick a backup folder or a switchyard.yaml file.' });
  }
  if (!st.isDirectory()) return abs;
  const file = path.join(abs, CONFIG_NAME);
  try {
    await fsp.access(file);
  } catch {
    throw new SwitchyardError('not_found', `${abs} holds no ${CONFIG_NAME}.`, {
      hint: 'Pick a folder made by "Back up" or a config file.',
    });
  }
  return file;
}

export async function restoreData(ctx: ServiceContext, from: string): Promise<{ restored: string }> {
  const file = await findConfigFile(from);
  const text = await fsp.readFile(file, 'utf8');
  // Validate fully before touching anything: syntax, schema, provider references.
  let restoredActive: Partial<Record<string, string | null>> = {};
  try {
    const { config } = parseConfigText(text, file);
    resolveConfig(config, ctx.env, 0);
    restoredActive = config.routing?.active ?? {};
  } catch (e) {
    const err = toSwitchyardError(e);
    throw new SwitchyardError('config_invalid', `${err.message} — nothing was changed.`, { hint: err.hint ?? 'Pick another backup.' });
  }

  const target = ctx.config.configPath;
  // Keep what is being replaced, so a restore can itself be undone.
  const keep = await uniqueDir(ctx.paths.backupsDir, `pre-restore-${backupStamp()}`).catch(async () => {
    await fsp.mkdir(ctx.paths.backupsDir, { recursive: true, mode: 0o700 });
    return uniqueDir(ctx.paths.backupsDir, `pre-restore-${backupStamp()}`);
  });
  await fsp.copyFile(target, path.join(keep, CONFIG_NAME)).catch(() => undefined);
  await writeFileAtomic(target, text);
  const change = await ctx.config.reload();
  if (change.errors.some((e) => e.includes('last good config'))) {
    throw new SwitchyardError('config_invalid', `The restored config did not load: ${change.errors.join('; ')}`);
  }
  // The tray switch state follows the restored file.
  for (const client of CLIENT_KINDS) ctx.runtime.setActive(client, restoredActive[client] ?? null);
  return { restored: target };
}
