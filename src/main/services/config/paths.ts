import os from 'node:os';
import path from 'node:path';

export interface AppPaths {
  dataDir: string;
  configPath: string;
  /** The app token (mode 0600). */
  tokenPath: string;
  dbPath: string;
  backupsDir: string;
  logsDir: string;
}

/** The OS app-data dir: ~/.config/switchyard, ~/Library/Application Support/Switchyard, %APPDATA%\Switchyard. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SWITCHYARD_HOME) return path.resolve(env.SWITCHYARD_HOME);
  const home = env.HOME || os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Switchyard');
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'Switchyard');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'switchyard');
}

export function resolveAppPaths(opts: { dataDir?: string; configPath?: string } = {}, env: NodeJS.ProcessEnv = process.env): AppPaths {
  const dataDir = path.resolve(opts.dataDir ?? defaultDataDir(env));
  return {
    dataDir,
    configPath: path.resolve(opts.configPath ?? path.join(dataDir, 'switchyard.yaml')),
    tokenPath: path.join(dataDir, 'app-token'),
    dbPath: path.join(dataDir, 'trajectories.db'),
    backupsDir: path.join(dataDir, 'backups'),
    logsDir: path.join(dataDir, 'logs'),
  };
}
