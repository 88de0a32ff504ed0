/** Child processes of the benchmark: started by us, ended by PID, never by name. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface Child {
  proc: ChildProcess;
  pid: number;
  stop(): Promise<void>;
}

export function startChild(
  cmd: string,
  args: string[],
  readyPattern: RegExp,
  opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<{ child: Child; match: RegExpExecArray; readyMs: number }> {
  const t0 = performance.now();
  const proc = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const child: Child = {
    proc,
    pid: proc.pid!,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        const t = setTimeout(() => proc.kill('SIGKILL'), 15_000);
        proc.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        proc.kill('SIGTERM');
      }),
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} not ready in time\n${out}\n${err}`));
    }, opts.timeoutMs ?? 30_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = readyPattern.exec(out);
      if (m) {
        clearTimeout(timer);
        proc.stdout!.removeAllListeners('data');
        proc.stdout!.resume();
        resolve({ child, match: m, readyMs: performance.now() - t0 });
      }
    });
    proc.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.length > 20_000) err = err.slice(-10_000);
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}\n${out}\n${err}`));
    });
  });
}
