/**
 * A desktop app started from the Dock, Finder or a Linux launcher does not inherit the
 * variables exported in the user's shell profile, so `apiKey: ENV:ANTHROPIC_API_KEY` would not
 * resolve although it works in the terminal. Read the login shell's environment once at start
 * and fill in what is missing (what the process already has always wins). No Electron import:
 * unit tested under Node.
 */
import { execFile } from 'node:child_process';

const MARKER = '__SWITCHYARD_ENV__';

/** Parse `env` output between two markers; lines without KEY= continue the previous value. */
export function parseEnvOutput(stdout: string): Record<string, string> {
  const start = stdout.indexOf(MARKER);
  const end = stdout.lastIndexOf(MARKER);
  if (start === -1 || end <= start) return {};
  const out: Record<string, string> = {};
  let last: string | undefined;
  for (const line of stdout.slice(start + MARKER.length, end).split('\n')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) {
      last = m[1]!;
      out[last] = m[2]!;
    } else if (last !== undefined && line !== '') {
      out[last] += `\n${line}`;
    }
  }
  return out;
}

export function loginShellEnv(shell: string, timeoutMs = 3000): Promise<Record<string, string>> {
  return new Promise((resolve) => {
    execFile(
      shell,
      ['-ilc', `printf '${MARKER}\\n'; env; printf '${MARKER}\\n'`],
      { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, env: process.env },
      // A broken profile must never stop the app: fall back to the process env.
      (err, stdout) => resolve(err && !stdout ? {} : parseEnvOutput(String(stdout))),
    );
  });
}

/** process.env plus whatever only the login shell defines. */
export async function environmentWithLoginShell(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): Promise<NodeJS.ProcessEnv> {
  const shell = env.SHELL;
  if (platform === 'win32' || !shell) return env;
  const fromShell = await loginShellEnv(shell);
  const merged: NodeJS.ProcessEnv = { ...env };
  for (const [k, v] of Object.entries(fromShell)) if (merged[k] === undefined) merged[k] = v;
  return merged;
}
