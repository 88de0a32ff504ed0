/**
 * Where each client keeps its user config, honouring the same variables the clients do
 * (CLAUDE_CONFIG_DIR, CODEX_HOME). An explicit `home` means "treat DIR as HOME" and ignores
 * those variables, so a temp HOME (tests, `--home`) is never mixed with the real one.
 */
import os from 'node:os';
import path from 'node:path';
import type { ClientKind } from '../../../shared/config-schema';

export interface ClientPathOptions {
  home?: string;
  env?: NodeJS.ProcessEnv;
}

export function userHome(opts: ClientPathOptions): string {
  return path.resolve(opts.home ?? opts.env?.HOME ?? os.homedir());
}

export function claudeConfigDir(opts: ClientPathOptions): string {
  const env = opts.env ?? process.env;
  if (!opts.home && env.CLAUDE_CONFIG_DIR) return path.resolve(env.CLAUDE_CONFIG_DIR);
  return path.join(userHome(opts), '.claude');
}

export function codexHome(opts: ClientPathOptions): string {
  const env = opts.env ?? process.env;
  if (!opts.home && env.CODEX_HOME) return path.resolve(env.CODEX_HOME);
  return path.join(userHome(opts), '.codex');
}

export function clientConfigPath(client: ClientKind, opts: ClientPathOptions): string {
  return client === 'claude-code' ? path.join(claudeConfigDir(opts), 'settings.json') : path.join(codexHome(opts), 'config.toml');
}

/** Enterprise managed-settings files: they override user settings, so a status check reads them. */
export function claudeManagedSettingsPaths(platform: NodeJS.Platform = process.platform): string[] {
  if (platform === 'darwin') return ['/Library/Application Support/ClaudeCode/managed-settings.json'];
  if (platform === 'win32')
    return ['C:\\Program Files\\ClaudeCode\\managed-settings.json', 'C:\\ProgramData\\ClaudeCode\\managed-settings.json'];
  return ['/etc/claude-code/managed-settings.json'];
}
