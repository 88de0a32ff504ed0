/**
 * kill -9 during heavy recording: a child process records exchanges into the real store
 * (fixtures/record-forever.ts) and reports each batch once committed; it is SIGKILLed while
 * the next batch is being written. The database must pass integrity_check, every committed
 * exchange must read back intact, exchanges left in flight become partial, and the store
 * must open again and keep recording.
 *
 * test/store/crash-safety.test.ts covers one kill and the committed-exchange check; this
 * suite adds what it does not: a second crash of a writer that reopened the crashed
 * database, and a restarted store that records again without degrading.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openTrajectoryStore } from '../../src/main/services/store';
import type { RecordingConfig } from '../../src/shared/config-schema';

const ROOT = path.resolve(__dirname, '../..');
const CHILD = path.join(__dirname, 'fixtures', 'record-forever.ts');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sy-kill9-'));
const dbPath = path.join(dir, 'trajectories.db');

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Run the recorder until `batches` commits were reported, then SIGKILL it mid-write. */
async function recordThenKill(batches: number): Promise<Map<string, string>> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbPath], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const committed = new Map<string, string>();
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  let buf = '';
  let seen = 0;
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    const fail = (e: Error): void => {
      child.kill('SIGKILL');
      reject(e);
    };
    const timer = setTimeout(() => fail(new Error(`recorder too slow (${seen} batches); stderr: ${stderr}`)), 40_000);
    child.stdout.on('data', (c: Buffer) => {
      buf += c.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) !== -1) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.startsWith('degraded ')) fail(new Error(`recorder could not write: ${line}`));
        if (!line.startsWith('committed ')) continue;
        const parts = line.slice(10).split(' ');
        for (let i = 0; i + 1 < parts.length; i += 2) committed.set(parts[i]!, parts[i + 1]!);
        if (++seen === batches) {
          clearTimeout(timer);
          // the child has already started writing the next batch
          setTimeout(() => {
            child.kill('SIGKILL');
            resolve();
          }, 3);
        }
      }
    });
    child.on('exit', (code) => {
      if (seen < batches) reject(new Error(`recorder exited early (${code}): ${stderr}`));
    });
  });
  expect(await exited).toBe('SIGKILL');
  return committed;
}

describe('kill -9 during heavy recording', () => {
  it('leaves a consistent database: committed exchanges readable, restart keeps recording', { timeout: 60_000 }, async () => {
    // Two crashes in a row: the second recorder reopens the crashed database and is killed too.
    const committed = new Map<string, string>();
    for (let round = 0; round < 2; round++) {
      for (const [id, marker] of await recordThenKill(4)) committed.set(id, marker);
      // the WAL of the killed writer is still there: recovery happens on the next open
      expect(fs.existsSync(`${dbPath}-wal`)).toBe(true);
      const raw = new Database(dbPath);
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      raw.close();
    }
    expect(committed.size).toBeGreaterThanOrEqual(200);

    const recording: RecordingConfig = { enabled: true, trajectoryDir: null };
    const store = openTrajectoryStore({ dbPath, config: () => ({ recording }), secrets: () => [], batchDelayMs: 2 });
    try {
      for (const [id, marker] of committed) {
        const ex = store.getExchange(id);
        expect(ex.partial).toBe(false);
        expect(ex.status).toBe(200);
        expect(ex.bodies.clientRequest).toContain(marker);
        expect(ex.bodies.upstreamResponse).toContain(`${marker} part 19`);
      }
      // exchanges the crash left in flight were closed as partial on reopen
      const db = new Database(dbPath, { readonly: true });
      const open = db.prepare("SELECT finished, partial FROM exchanges WHERE id LIKE 'kill9-open-%'").all() as Array<{
        finished: number;
        partial: number;
      }>;
      db.close();
      expect(open.length).toBeGreaterThan(0);
      expect(open.every((r) => r.finished === 1 && r.partial === 1)).toBe(true);

      // and it keeps recording
      const at = Date.now();
      const routing = {
        rule: 'route:x',
        reason: 'after restart',
        requestedModel: 'claude-sonnet-4-5',
        providerId: 'anthropic',
        upstreamModel: 'claude-sonnet-4-5',
        upstreamProtocol: 'anthropic' as const,
        passthrough: true,
        fallbacks: [],
      };
      store.emit({
        type: 'start',
        exchangeId: 'after-restart',
        at,
        client: 'claude-code',
        inboundProtocol: 'anthropic',
        method: 'POST',
        path: '/v1/messages',
        headers: {},
        clientRequestBody: '{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"after the crash"}]}',
        stream: false,
        session: {},
        routing,
      });
      store.emit({ type: 'end', exchangeId: 'after-restart', at: at + 5, status: 200, partial: false, receivedAt: at, attempts: 1 });
      await store.flush();
      const after = store.getExchange('after-restart');
      expect(after.bodies.clientRequest).toContain('after the crash');
      expect(store.status().degraded).toBeUndefined();
    } finally {
      await store.close();
    }
    const again = new Database(dbPath, { readonly: true });
    expect(again.pragma('integrity_check', { simple: true })).toBe('ok');
    again.close();
  });
});
