import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrajectoryStore } from '../../src/main/services/store';
import { anthropicSSE, claudeCodeSession, emitExchange, makeStore, routing, tmpDir } from './helpers';

let store: TrajectoryStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('write path', () => {
  it('emit only queues; the batch is written later', async () => {
    store = makeStore(tmpDir(), { batchDelayMs: 10_000 });
    const [t] = claudeCodeSession(1);
    const id = emitExchange(store, { body: t.body, chunks: t.chunks, session: { claudeCodeSessionId: 'q' } });
    expect(store.status().queued).toBe(4);
    expect(() => store!.getExchange(id)).toThrow(/No exchange/);
    await store.flush();
    expect(store.status().queued).toBe(0);
    expect(store.getExchange(id).bodies.clientRequest).toBe(t.body);
  });

  it('stores an upstream body recorded as an edit of the client body, also on retried attempts', async () => {
    store = makeStore(tmpDir());
    const [t] = claudeCodeSession(1);
    // What a passthrough lane that maps the model sends: the client's bytes, model value replaced.
    const at = t.body.indexOf('"', t.body.indexOf('"model"') + 7);
    const end = t.body.indexOf('"', at + 1) + 1;
    const edit = { start: at, end, insert: '"claude-opus-4-1"' };
    const expected = t.body.slice(0, at) + '"claude-opus-4-1"' + t.body.slice(end);
    const once = emitExchange(store, { body: t.body, chunks: t.chunks, upstreamEdit: edit });
    const retried = emitExchange(store, { body: t.body, chunks: t.chunks, upstreamEdit: edit, retriedStatuses: [529, 429] });
    await store.flush();
    for (const id of [once, retried]) {
      const ex = store.getExchange(id);
      expect(ex.bodies.clientRequest).toBe(t.body);
      expect(ex.bodies.upstreamRequest).toBe(expected);
      expect(JSON.parse(ex.bodies.upstreamRequest!).model).toBe('claude-opus-4-1');
    }
  });

  it('past the queue limit drops bodies before metadata, then whole events, and counts both', async () => {
    store = makeStore(tmpDir(), { batchDelayMs: 10_000, recording: { queueLimit: 8 } });
    const [t] = claudeCodeSession(1);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++)
      ids.push(emitExchange(store, { body: t.body, chunks: t.chunks, session: { claudeCodeSessionId: 'flood' } }));
    const st = store.status();
    expect(st.droppedBodies).toBeGreaterThan(0);
    expect(st.droppedEvents).toBeGreaterThan(0);
    expect(st.queued).toBe(16);
    await store.flush();
    // The first two exchanges fit entirely.
    expect(store.getExchange(ids[0]).bodies.clientRequest).toBe(t.body);
    expect(store.getExchange(ids[1]).bodies.upstreamResponse).toBe(t.chunks.join(''));
    // The next ones kept their metadata but lost bodies, and say so.
    const third = store.getExchange(ids[2]);
    expect(third.status).toBe(200);
    expect(third.bodies.clientResponse).toBeNull();
    expect(third.bodies.dropped).toBeDefined();
    // The last ones were dropped whole.
    expect(() => store!.getExchange(ids[5])).toThrow(/No exchange/);
  });

  it('keeps interrupted streams, marked partial', async () => {
    store = makeStore(tmpDir());
    const body = JSON.stringify({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'tell me a long story about otters' }],
      stream: true,
    });
    const cut = anthropicSSE('Once upon a time there was an otter who', { complete: false });
    const id = emitExchange(store, { body, chunks: cut, partial: true, status: 200 });
    await store.flush();
    const ex = store.getExchange(id);
    expect(ex.partial).toBe(true);
    expect(ex.bodies.upstreamResponse).toBe(cut.join(''));
  });

  it('writes unfinished streams at flush (partial) and replaces them when the stream ends', async () => {
    store = makeStore(tmpDir());
    const body = JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'count to ten' }], stream: true });
    const chunks = anthropicSSE('one two three four five six seven eight nine ten');
    const id = 'ex-unfinished';
    emitExchange(store, { id, body, chunks: chunks.slice(0, 3), end: false });
    await store.flush();
    let ex = store.getExchange(id);
    expect(ex.partial).toBe(true);
    expect(ex.bodies.upstreamResponse).toBe(chunks.slice(0, 3).join(''));
    for (const c of chunks.slice(3)) store.emit({ type: 'upstream_chunk', exchangeId: id, at: Date.now(), chunk: c });
    store.emit({ type: 'end', exchangeId: id, at: Date.now(), status: 200, partial: false, receivedAt: Date.now() - 10, attempts: 1 });
    await store.flush();
    ex = store.getExchange(id);
    expect(ex.partial).toBe(false);
    expect(ex.bodies.upstreamResponse).toBe(chunks.join(''));
    expect(ex.bodies.clientResponse).toBe(chunks.join(''));
  });

  it('an exchange still in flight is visible with its latest attempt, and its end completes the same row', async () => {
    store = makeStore(tmpDir(), { batchDelayMs: 10_000 });
    const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'in flight' }] });
    const first = routing();
    // Started and answered by one lane, still streaming when the batch is written.
    const id = emitExchange(store, {
      body,
      chunks: anthropicSSE('so far'),
      end: false,
      routing: first,
      url: 'https://one.test/v1/messages',
    });
    await store.flush();
    let ex = store.getExchange(id);
    expect(ex.status).toBe(200);
    expect(ex.attempts).toBe(1);
    expect(ex.finalProviderId).toBe('anthropic');
    expect(ex.partial).toBe(true);
    expect(ex.bodies.upstreamRequest).toBe(body);
    // A fallback attempt in a later batch (another lane, routing decision changed) ...
    const fallback = routing({ providerId: 'backup', upstreamModel: 'backup-model', rule: 'fallback' });
    store.emit({
      type: 'upstream_request',
      exchangeId: id,
      at: Date.now(),
      attempt: 2,
      providerId: 'backup',
      upstreamProtocol: 'anthropic',
      url: 'https://two.test/v1/messages',
      upstreamRequestBody: body,
      routing: fallback,
    });
    store.emit({ type: 'upstream_response', exchangeId: id, at: Date.now(), attempt: 2, status: 201, headers: { 'request-id': 'req_2' } });
    await store.flush();
    ex = store.getExchange(id);
    expect(ex.attempts).toBe(2);
    expect(ex.status).toBe(201);
    expect(ex.finalProviderId).toBe('backup');
    expect(ex.finalModel).toBe('backup-model');
    expect(ex.routing.rule).toBe('fallback');
    // ... and the end, in a third batch, finishes that row (no second row for the exchange).
    store.emit({
      type: 'end',
      exchangeId: id,
      at: Date.now(),
      status: 201,
      partial: false,
      receivedAt: Date.now() - 5,
      attempts: 2,
      usage: { inputTokens: 3, outputTokens: 4, cacheReadTokens: 0, cacheWriteTokens: 0 },
    });
    await store.flush();
    ex = store.getExchange(id);
    expect(ex.partial).toBe(false);
    expect(ex.usage?.outputTokens).toBe(4);
    expect(ex.finalProviderId).toBe('backup');
    expect(store.getSession(ex.sessionId).exchanges.map((e) => e.id)).toEqual([id]);
  });

  it('a failed batch loses only its own events: exchanges in flight across it still end in one sound row', async () => {
    store = makeStore(tmpDir());
    const db = (store as unknown as { db: { pragma(s: string): unknown } }).db;
    const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'across a failure' }] });
    const before = emitExchange(store, { body, end: false });
    await store.flush();
    db.pragma('query_only = ON');
    // This batch fails: a new exchange's row is inserted and rolled back.
    const during = emitExchange(store, { body, end: false });
    await store.flush();
    expect(store.status().degraded).toMatch(/degraded/i);
    db.pragma('query_only = OFF');
    const end = (exchangeId: string) =>
      store!.emit({ type: 'end', exchangeId, at: Date.now(), status: 200, partial: false, receivedAt: Date.now() - 5, attempts: 1 });
    end(before);
    end(during);
    const after = emitExchange(store, { body });
    await store.flush();
    expect(store.status().degraded).toBeUndefined();
    expect(store.getExchange(before)).toMatchObject({ status: 200, partial: false });
    expect(store.getExchange(after)).toMatchObject({ status: 200, partial: false });
    // The exchange whose start was lost is not recorded (and its end did not land on another row).
    expect(() => store!.getExchange(during)).toThrow(/No exchange/);
    const session = store.getSession(store.getExchange(before).sessionId);
    expect(session.exchanges.map((e) => e.id).sort()).toEqual([before, after].sort());
  });

  it('marks exchanges still in flight at close as partial', async () => {
    const dir = tmpDir();
    store = makeStore(dir);
    const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hello' }], stream: true });
    const chunks = anthropicSSE('partial answer', { complete: false });
    emitExchange(store, { id: 'ex-open', body, chunks, end: false });
    await store.close();
    store = makeStore(dir);
    const ex = store.getExchange('ex-open');
    expect(ex.partial).toBe(true);
    expect(ex.bodies.upstreamResponse).toBe(chunks.join(''));
  });

  it('ignores new exchanges while paused or disabled, and finishes the ones already started', async () => {
    const recording = { enabled: true, trajectoryDir: null };
    store = makeStore(tmpDir(), { config: () => ({ recording }) });
    const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    emitExchange(store, { id: 'started', body, end: false });
    store.setPaused(true);
    expect(store.status().paused).toBe(true);
    emitExchange(store, { id: 'while-paused', body });
    store.emit({ type: 'end', exchangeId: 'started', at: Date.now(), status: 200, partial: false, receivedAt: Date.now(), attempts: 1 });
    store.setPaused(false);
    recording.enabled = false;
    emitExchange(store, { id: 'while-disabled', body });
    await store.flush();
    expect(store.getExchange('started').partial).toBe(false);
    expect(() => store!.getExchange('while-paused')).toThrow();
    expect(() => store!.getExchange('while-disabled')).toThrow();
  });

  it('goes degraded (never throws) when writes fail (read-only or full disk)', async () => {
    const dir = tmpDir();
    store = makeStore(dir);
    const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'before' }] });
    emitExchange(store, { id: 'ok', body });
    await store.flush();
    // The connection can no longer write (what a read-only or full disk looks like to the store;
    // file modes cannot be used because tests may run as root).
    (store as unknown as { db: { pragma(s: string): unknown } }).db.pragma('query_only = ON');
    expect(() => emitExchange(store!, { id: 'lost', body })).not.toThrow();
    await expect(store.flush()).resolves.toBeUndefined();
    const st = store.status();
    expect(st.degraded).toMatch(/degraded/i);
    expect(st.droppedEvents).toBeGreaterThan(0);
    // reads still work
    expect(store.getExchange('ok').status).toBe(200);
    // and recovery clears the flag
    (store as unknown as { db: { pragma(s: string): unknown } }).db.pragma('query_only = OFF');
    emitExchange(store, { id: 'after', body });
    await store.flush();
    expect(store.status().degraded).toBeUndefined();
    expect(store.getExchange('after').status).toBe(200);
    expect(fs.existsSync(path.join(dir, 'trajectories.db'))).toBe(true);
  });
});

describe('write path robustness', () => {
  it('a malformed event loses only itself, not its batch', async () => {
    store = makeStore(tmpDir());
    const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'fine' }] });
    emitExchange(store, { id: 'good-1', body });
    store.emit({
      type: 'start',
      exchangeId: 'bad',
      at: Date.now(),
      client: 'claude-code',
      inboundProtocol: 'anthropic',
      method: 'POST',
      path: '/v1/messages',
      headers: {},
      clientRequestBody: body,
      stream: false,
      session: {},
    } as never);
    emitExchange(store, { id: 'good-2', body });
    await store.flush();
    expect(store.getExchange('good-1').status).toBe(200);
    expect(store.getExchange('good-2').status).toBe(200);
    expect(store.status().degraded).toBeUndefined();
    expect(store.status().droppedEvents).toBe(1);
  });
});
