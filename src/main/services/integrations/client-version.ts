/**
 * Is the client installed, and which version: `claude --version` / `codex --version` from
 * the PATH in `env`, with a short timeout. Not installed is a finding, never a crash.
 */
import { execFile } from 'node:child_process';
import type { ClientKind } from '../../../shared/config-schema';

export interface ClientVersion {
  installed: boolean;
  version?: string;
  error?: string;
}

export type VersionProbe = (client: ClientKind, env: NodeJS.ProcessEnv) => Promise<ClientVersion>;

export const CLIENT_BINARIES: Record<ClientKind, string> = { 'claude-code': 'claude', codex: 'codex' };

export const probeClientVersion: VersionProbe = (client, env) =>
  new Promise((resolve) => {
    execFile(
      CLIENT_BINARIES[client],
      ['--version'],
      { env, timeout: 5000, windowsHide: true, shell: process.platform === 'win32' },
      (err, stdout) => {
        if (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') return resolve({ installed: false });
          return resolve({ installed: true, error: err.killed ? 'timed out running --version' : err.message.split('\n')[0] });
        }
        const m = /\d+\.\d+\.\d+[\w.-]*/.exec(stdout);
        resolve({ installed: true, version: m ? m[0] : stdout.trim().split('\n')[0] });
      },
    );
  });
