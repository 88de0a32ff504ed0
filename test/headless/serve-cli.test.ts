// The `switchyard serve` command as a user runs it: the built CLI in a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin', 'switchyard.js');
const built = fs.existsSync(path.join(root, 'out', 'cli', 'index.js'));
const children: ChildProcess[] = [];

function serve(args: string[]) {
  const child = spawn(process.execPath, [bin, 'serve', ...args], { cwd: root, env: { ...process.env, SWITCHYARD_HOME: '' } });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const ready = new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no ready line; stderr: ${err}`)), 15_000);
    child.stdout.on('data', () => {
      const m = /Switchyard listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`exited ${code}: ${err}`));
    });
  });
  // A run expected to fail never becomes ready; that rejection is not an error here.
  ready.catch(() => undefined);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => ({ out, err }) };
}

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.pid) process.kill(c.pid, 'SIGKILL');
});

describe.skipIf(!built)('switchyard serve (built CLI)', () => {
  it('prints the ready line, answers /healthz and stops cleanly on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sy-serve-'));
    const s = serve(['--data-dir', dataDir, '--port', '0']);
    const url = await s.ready;
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.output().err).toContain('stopped');
  });

  it('exits non-zero with one clear line when the port is taken', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sy-serve-'));
    const first = serve(['--data-dir', dataDir, '--port', '0']);
    const url = await first.ready;
    const port = new URL(url).port;
    const second = serve(['--data-dir', dataDir, '--port', port]);
    const code = await second.exited;
    expect(code).not.toBe(0);
    const lines = second.output().err.trim().split('\n');
    expect(lines, lines.join('\n')).toHaveLength(1);
    expect(lines[0]).toContain(`port ${port} is already in use`);
  });

  it('has --help for every command', async () => {
    const help = spawn(process.execPath, [bin, '--help']);
    let out = '';
    help.stdout.on('data', (d) => (out += d));
    await new Promise((r) => help.on('exit', r));
    expect(out).toContain('serve');
    expect(out).toMatch(/Usage: switchyard/);
  });
});
