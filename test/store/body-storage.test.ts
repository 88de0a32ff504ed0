import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrajectoryStore } from '../../src/main/services/store';
import { splitBody } from '../../src/main/services/store/body-split';
import { claudeCodeSession, emitExchange, makeStore, tmpDir } from './helpers';

let store: TrajectoryStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const join = (body: string): string =>
  splitBody(body)
    .map((s) => ('literal' in s ? s.literal : s.piece))
    .join('');

describe('body splitting', () => {
  it('reassembles any JSON (any spacing) and any string byte for byte', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 4 }), (v, indent) => {
        const body = JSON.stringify({ messages: [v, v], tools: [v], system: v, other: v }, null, indent);
        expect(join(body)).toBe(body);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (s) => {
        expect(join(s)).toBe(s);
        expect(join(`{"messages":[${s}`)).toBe(`{"messages":[${s}`);
      }),
      { numRuns: 300 },
    );
  });

  it('splits messages, tools and the system prompt into separate pieces', () => {
    const [t] = claudeCodeSession(1);
    const segs = splitBody(t.body);
    const kinds = segs.filter((s) => 'piece' in s).map((s) => ('piece' in s ? s.kind : ''));
    expect(kinds.filter((k) => k === 'tool')).toHaveLength(25);
    expect(kinds.filter((k) => k === 'message')).toHaveLength(1);
    expect(kinds).toContain('system');
    // SSE transcripts and non-JSON are one piece.
    expect(splitBody(t.chunks.join(''))).toHaveLength(1);
  });
});

describe('compact storage', () => {
  it('stores a 50-turn Claude-Code-like session in under 15 % of its raw bytes', async () => {
    const dir = tmpDir();
    store = makeStore(dir);
    const turns = claudeCodeSession(50);
    let raw = 0;
    let at = Date.UTC(2026, 0, 1);
    const ids: string[] = [];
    for (const t of turns) {
      ids.push(emitExchange(store, { body: t.body, chunks: t.chunks, at: (at += 10_000), session: { claudeCodeSessionId: 'big' } }));
      raw += Buffer.byteLength(t.body) + Buffer.byteLength(t.chunks.join(''));
    }
    await store.flush();
    // spot-check byte-exact reads across the session
    for (const i of [0, 24, 49]) {
      const ex = store.getExchange(ids[i]);
      expect(ex.bodies.clientRequest).toBe(turns[i].body);
      expect(ex.bodies.upstreamResponse).toBe(turns[i].chunks.join(''));
    }
    await store.close();
    store = undefined;
    const dbPath = path.join(dir, 'trajectories.db');
    const stored = fs.statSync(dbPath).size + (fs.existsSync(`${dbPath}-wal`) ? fs.statSync(`${dbPath}-wal`).size : 0);
    expect(raw).toBeGreaterThan(50 * 90_000);
    expect(stored / raw).toBeLessThan(0.15);
  });

  it('reference counts drop to nothing when every session is deleted', async () => {
    const dir = tmpDir();
    store = makeStore(dir);
    for (const sid of ['a', 'b'])
      for (const t of claudeCodeSession(4, sid))
        emitExchange(store, { body: t.body, chunks: t.chunks, session: { claudeCodeSessionId: sid } });
    await store.flush();
    const db = new Database(path.join(dir, 'trajectories.db'), { readonly: true });
    const count = (t: string): number => db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
    expect(count('pieces')).toBeGreaterThan(25);
    await store.deleteSession('a');
    // b still reads back whole after a's pieces (shared system + tools) lost a reference
    const b = store.getSession('b');
    expect(store.getExchange(b.exchanges[3].id).bodies.clientRequest).toBe(claudeCodeSession(4, 'b')[3].body);
    await store.deleteSession('b');
    expect(count('sessions')).toBe(0);
    expect(count('exchanges')).toBe(0);
    expect(count('bodies')).toBe(0);
    expect(count('pieces')).toBe(0);
    expect(count('messages_fts')).toBe(0);
    db.close();
  });
});
