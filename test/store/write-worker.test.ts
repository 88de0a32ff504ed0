/**
 * The store's write path in a worker_thread (what the app and headless host use): events
 * cross to the worker in batches, land in the same database the main thread reads, and the
 * worker follows config, secret and pause changes, deletion and retention.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrajectoryStore } from '../../src/main/services/store';
import type { RecordingConfig } from '../../src/shared/config-schema';
import { resolveWriteWorker } from '../../src/main/services/store/worker/worker-backend';
import { claudeCodeSession, emitExchange, makeStore, tmpDir } from './helpers';

let store: TrajectoryStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

function workerStore(dir: string, o: { recording?: Partial<RecordingConfig>; secrets?: () => string[] } = {}): TrajectoryStore {
  let recording: RecordingConfig = { enabled: true, trajectoryDir: null, ...o.recording };
  const s = makeStore(dir, { writeIn: 'worker', config: () => ({ recording }), secrets: o.secrets ?? (() => []) });
  return Object.assign(s, { setRecording: (r: RecordingConfig) => (recording = r) });
}

describe('store write worker', () => {
  it('resolves its script from the TypeScript source when not bundled', () => {
    const w = resolveWriteWorker(new URL('../../src/main/services/store/worker/worker-backend.ts', import.meta.url).href);
    expect(w.eval).toBe(true);
    expect(w.entry).toContain('write-worker.ts');
  });

  it('writes what the main thread emits, in a worker, into the database the main thread reads', async () => {
    const dir = tmpDir();
    store = workerStore(dir);
    const changed: string[] = [];
    store.onSessionChanged((id) => changed.push(id));
    const turns = claudeCodeSession(3, 'wk');
    const ids = turns.map((t) => emitExchange(store!, { body: t.body, chunks: t.chunks, session: { claudeCodeSessionId: 'wk' } }));
    // Nothing is written on this thread: before the worker answers, the rows are not there.
    expect(() => store!.getExchange(ids[0])).toThrow(/No exchange/);
    await store.flush();
    for (const [i, id] of ids.entries()) {
      const ex = store.getExchange(id);
      expect(ex.bodies.clientRequest).toBe(turns[i].body);
      // Passthrough: the upstream body crossed once, as the client body, and came back whole.
      expect(ex.bodies.upstreamRequest).toBe(turns[i].body);
      expect(ex.bodies.upstreamResponse).toBe(turns[i].chunks.join(''));
    }
    // A mapped model: the upstream body crosses as an edit of the client body.
    const i = turns[0].body.indexOf('"model":"') + 8;
    const mapped = emitExchange(store, {
      body: turns[0].body,
      upstreamEdit: { start: i, end: turns[0].body.indexOf('"', i + 1) + 1, insert: '"mapped-model"' },
      responseBody: '{}',
    });
    const converted = emitExchange(store, { body: turns[0].body, upstreamBody: '{"model":"gpt-x","messages":[]}', responseBody: '{}' });
    await store.flush();
    expect(store.getExchange(converted).bodies.upstreamRequest).toBe('{"model":"gpt-x","messages":[]}');
    expect(JSON.parse(store.getExchange(mapped).bodies.upstreamRequest!)).toEqual({ ...JSON.parse(turns[0].body), model: 'mapped-model' });
    expect(store.getSession('wk').exchanges).toHaveLength(3);
    // Idle: the main connection drops its page cache; reads load pages again.
    store.shrinkMemory();
    expect(store.getExchange(ids[2]).bodies.clientRequest).toBe(turns[2].body);
    expect(changed).toContain('wk');
    expect(store.status()).toMatchObject({ enabled: true, paused: false, queued: 0, droppedEvents: 0 });
  });

  it('redacts the secrets the main thread knows, including ones added later', async () => {
    const dir = tmpDir();
    let secrets = ['sk-lane-key-first-000000'];
    store = workerStore(dir, { secrets: () => secrets });
    const leak = (s: string) => JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: `keys ${s}` }] });
    const a = emitExchange(store, { body: leak('sk-lane-key-first-000000'), responseBody: '{}' });
    await store.flush();
    secrets = [...secrets, 'plainsecretvalue-second'];
    const b = emitExchange(store, { body: leak('plainsecretvalue-second'), responseBody: '{}' });
    await store.flush();
    expect(store.getExchange(a).bodies.clientRequest).not.toContain('sk-lane-key-first');
    expect(store.getExchange(b).bodies.clientRequest).not.toContain('plainsecretvalue-second');
    expect(store.getExchange(b).bodies.clientRequest).toContain('keys ');
  });

  it('follows pause and config changes made on the main thread', async () => {
    const dir = tmpDir();
    const s = workerStore(dir) as TrajectoryStore & { setRecording(r: RecordingConfig): void };
    store = s;
    s.setPaused(true);
    const paused = emitExchange(s, { body: '{"model":"m","messages":[]}', responseBody: '{}' });
    await s.flush();
    expect(s.status().paused).toBe(true);
    expect(() => s.getExchange(paused)).toThrow(/No exchange/);
    s.setPaused(false);
    s.setRecording({ enabled: false, trajectoryDir: null });
    const disabled = emitExchange(s, { body: '{"model":"m","messages":[]}', responseBody: '{}' });
    await s.flush();
    expect(() => s.getExchange(disabled)).toThrow(/No exchange/);
    s.setRecording({ enabled: true, trajectoryDir: null });
    const on = emitExchange(s, { body: '{"model":"m","messages":[]}', responseBody: '{}' });
    await s.flush();
    expect(s.getExchange(on).status).toBe(200);
    // Started before a pause: finished and kept. Started during it: its later events go nowhere.
    const before = emitExchange(s, { body: '{"model":"m","messages":[]}', responseBody: '{}', end: false });
    s.setPaused(true);
    const during = emitExchange(s, { body: '{"model":"m","messages":[]}', responseBody: '{}', end: false });
    s.setPaused(false);
    for (const id of [before, during])
      s.emit({
        type: 'end',
        exchangeId: id,
        at: Date.now(),
        status: 200,
        partial: false,
        receivedAt: Date.now(),
        attempts: 1,
        upstreamResponseBody: '{"ok":1}',
      });
    await s.flush();
    expect(s.getExchange(before)).toMatchObject({ status: 200, partial: false });
    expect(() => s.getExchange(during)).toThrow(/No exchange/);
  });

  it('deletes sessions and runs retention in the worker', async () => {
    const dir = tmpDir();
    const s = workerStore(dir) as TrajectoryStore & { setRecording(r: RecordingConfig): void };
    store = s;
    const now = Date.now();
    for (const t of claudeCodeSession(2, 'old'))
      emitExchange(store, { body: t.body, chunks: t.chunks, at: now - 30 * 86_400_000, session: { claudeCodeSessionId: 'old' } });
    for (const sid of ['keep', 'drop'])
      for (const t of claudeCodeSession(2, sid))
        emitExchange(store, { body: t.body, chunks: t.chunks, session: { claudeCodeSessionId: sid } });
    await store.flush();
    expect(store.listSessions({}).total).toBe(3);
    // A retention limit set later (a config reload) reaches the worker with the next batch.
    s.setRecording({ enabled: true, trajectoryDir: null, retention: { maxAgeDays: 7 } });
    emitExchange(s, { body: '{"model":"m","messages":[]}', responseBody: '{}', session: { claudeCodeSessionId: 'keep' } });
    await store.pruneNow();
    expect(
      store
        .listSessions({})
        .sessions.map((x) => x.id)
        .sort(),
    ).toEqual(['drop', 'keep']);
    await store.deleteSession('drop');
    expect(store.listSessions({}).sessions.map((x) => x.id)).toEqual(['keep']);
    await expect(store.deleteSession('nope')).rejects.toThrow();
  });

  it('a worker that cannot start leaves the store readable and says recording is degraded', async () => {
    const dir = tmpDir();
    const errors: string[] = [];
    store = makeStore(dir, {
      writeIn: 'worker',
      writeWorker: { entry: path.join(dir, 'missing-worker.js'), eval: false },
      onError: (m) => errors.push(m),
    });
    emitExchange(store, { body: '{"model":"m","messages":[]}', responseBody: '{}' });
    await expect(store.flush()).rejects.toThrow(/degraded/);
    expect(store.status().degraded).toMatch(/write worker/);
    expect(store.status().droppedEvents).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(/write worker/);
    expect(store.listSessions({}).total).toBe(0);
  });
});
