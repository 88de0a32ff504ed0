import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { makeStore, tmpDir } from './helpers';
import { killBody } from './fixtures/kill-child';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('crash safety', () => {
  it('kill -9 during heavy writes leaves a sound database with every committed exchange readable', async () => {
    const dir = tmpDir();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures', 'kill-child.ts')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SY_KILL_CHILD_DIR: dir },
    });
    const committed: string[] = [];
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise<void>((resolve, reject) => {
      let buf = '';
      const timer = setTimeout(() => reject(new Error(`child made no progress: ${stderr}`)), 50_000);
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const l of lines) committed.push(...l.split(','));
        if (committed.length >= 400) {
          clearTimeout(timer);
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => {
        clearTimeout(timer);
        if (committed.length < 400) reject(new Error(`child exited early: ${stderr}`));
      });
    });
    await new Promise((r) => child.once('exit', r));
    const raw = new Database(path.join(dir, 'trajectories.db'), { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
    const store = makeStore(dir);
    for (const id of committed) {
      const ex = store.getExchange(id);
      const i = Number(id.slice(2));
      expect(ex.bodies.clientRequest).toBe(killBody(i));
      expect(ex.bodies.upstreamResponse).toBe(`data: {"n":${i}}\n\n`);
    }
    // exchanges cut by the kill are finished as partial on the next open, not left in flight
    const db = new Database(path.join(dir, 'trajectories.db'), { readonly: true });
    expect(db.prepare('SELECT count(*) FROM exchanges WHERE finished = 0').pluck().get()).toBe(0);
    db.close();
    await store.close();
  }, 90_000);
});
