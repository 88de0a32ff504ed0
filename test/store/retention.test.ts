import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrajectoryStore } from '../../src/main/services/store';
import { claudeCodeSession, emitExchange, makeStore, tmpDir } from './helpers';

let store: TrajectoryStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('retention', () => {
  it('prunes sessions older than maxAgeDays, oldest first, and keeps recent ones whole', async () => {
    const now = Date.UTC(2026, 5, 1);
    const dir = tmpDir();
    store = makeStore(dir, { now: () => now, recording: { retention: { maxAgeDays: 7 } } });
    const turns = claudeCodeSession(3, 'x');
    turns.forEach((t, i) =>
      emitExchange(store!, { body: t.body, chunks: t.chunks, at: now - 30 * 86_400_000 + i, session: { claudeCodeSessionId: 'old' } }),
    );
    turns.forEach((t, i) =>
      emitExchange(store!, { body: t.body, chunks: t.chunks, at: now - 86_400_000 + i, session: { claudeCodeSessionId: 'new' } }),
    );
    await store.flush();
    await store.pruneNow();
    expect(store.listSessions({}).sessions.map((s) => s.id)).toEqual(['new']);
    const s = store.getSession('new');
    expect(store.getExchange(s.exchanges[2].id).bodies.clientRequest).toBe(turns[2].body);
  });

  it('prunes oldest sessions by size until under maxBytes and gives the space back', async () => {
    const now = Date.UTC(2026, 5, 1);
    const dir = tmpDir();
    const recording = { enabled: true, trajectoryDir: null, retention: undefined as { maxBytes?: number } | undefined };
    store = makeStore(dir, { now: () => now, config: () => ({ recording }) });
    // distinct content per session so nothing is shared between them
    for (let s = 0; s < 6; s++) {
      claudeCodeSession(3, `sess-${s}`, 100 + s).forEach((t, i) =>
        emitExchange(store!, {
          body: t.body.replace(/Tool/g, `T${s}ool`),
          chunks: t.chunks,
          at: now - (10 - s) * 3_600_000 + i,
          session: { claudeCodeSessionId: `sess-${s}` },
        }),
      );
    }
    await store.flush();
    const before = store.usedBytes();
    recording.retention = { maxBytes: Math.floor(before / 2) };
    await store.pruneNow();
    const left = store.listSessions({}).sessions.map((s) => s.id);
    expect(left.length).toBeLessThan(6);
    expect(left.length).toBeGreaterThan(0);
    // the oldest went first
    expect(left).toEqual(['sess-5', 'sess-4', 'sess-3', 'sess-2', 'sess-1', 'sess-0'].slice(0, left.length));
    expect(store.usedBytes()).toBeLessThanOrEqual(before / 2);
    await store.close();
    store = undefined;
    const db = new Database(path.join(dir, 'trajectories.db'), { readonly: true });
    // incremental vacuum released the free pages
    expect(db.pragma('freelist_count', { simple: true })).toBe(0);
    db.close();
  });
});
