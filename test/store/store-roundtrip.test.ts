import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrajectoryStore } from '../../src/main/services/store';
import { claudeCodeSession, emitExchange, makeStore, routing, tmpDir } from './helpers';

let store: TrajectoryStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('trajectory store: exchanges and bodies', () => {
  it('stores the four bodies and returns them byte for byte', async () => {
    const dir = tmpDir();
    store = makeStore(dir);
    const turns = claudeCodeSession(3);
    const upstream = JSON.stringify({
      model: 'deepseek-chat',
      messages: [{ role: 'user', content: 'héllo – ünïcode ✓ 🚀' }],
      stream: true,
    });
    const clientChunks = turns[0].chunks.map((c) => c.replace('msg_1', 'msg_client'));
    const id = emitExchange(store, {
      body: turns[0].body,
      upstreamBody: upstream,
      chunks: ['data: {"choices":[{"delta":{"content":"hi"}}]}\n\n', 'data: [DONE]\n\n'],
      clientChunks,
      routing: routing({ passthrough: false, upstreamProtocol: 'openai-chat', providerId: 'deepseek', upstreamModel: 'deepseek-chat' }),
      session: { claudeCodeSessionId: 'sess-a' },
    });
    await store.flush();
    const ex = store.getExchange(id);
    expect(ex.bodies.clientRequest).toBe(turns[0].body);
    expect(ex.bodies.upstreamRequest).toBe(upstream);
    expect(ex.bodies.upstreamResponse).toBe('data: {"choices":[{"delta":{"content":"hi"}}]}\n\ndata: [DONE]\n\n');
    expect(ex.bodies.clientResponse).toBe(clientChunks.join(''));
    expect(ex.sessionId).toBe('sess-a');
    expect(ex.finalProviderId).toBe('deepseek');
    expect(ex.ttfbMs).toBe(50);
    expect(ex.durationMs).toBe(200);
    expect(ex.streamStats?.events).toBe(2);
    expect(ex.partial).toBe(false);
  });

  it('passthrough transcripts are stored once and read back for both sides', async () => {
    const dir = tmpDir();
    store = makeStore(dir);
    const [t] = claudeCodeSession(1);
    const id = emitExchange(store, { body: t.body, chunks: t.chunks, session: { claudeCodeSessionId: 'p1' } });
    await store.flush();
    const ex = store.getExchange(id);
    expect(ex.bodies.upstreamResponse).toBe(t.chunks.join(''));
    expect(ex.bodies.clientResponse).toBe(t.chunks.join(''));
    expect(ex.bodies.upstreamRequest).toBe(t.body);
    await store.close();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(path.join(dir, 'trajectories.db'), { readonly: true });
    // client request == upstream request and client transcript == upstream transcript: 2 bodies.
    expect(db.prepare('SELECT count(*) FROM bodies').pluck().get()).toBe(2);
    db.close();
    store = undefined;
    expect(fs.existsSync(path.join(dir, 'trajectories.db'))).toBe(true);
  });
});
