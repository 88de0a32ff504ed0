import { afterEach, describe, expect, it } from 'vitest';
import { sessionHandlers, wireRecordingEvents } from '../../src/main/services/api/sessions';
import type { ServiceContext } from '../../src/main/services/context';
import { EventBus } from '../../src/main/services/events';
import { createLiveTracker } from '../../src/main/services/live/live-tracker';
import type { TrajectoryStore } from '../../src/main/services/store';
import type { ProxyRuntime } from '../../src/proxy/types';
import { anthropicSSE, emitExchange, makeStore, tmpDir } from './helpers';

let store: TrajectoryStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

function ctx(over: Partial<ServiceContext>): ServiceContext {
  const cancelled: string[] = [];
  const runtime = { cancel: (id: string) => (cancelled.push(id), id === 'live-1') } as unknown as ProxyRuntime;
  return { events: new EventBus(), runtime, store: null, live: null, ...over } as ServiceContext;
}

describe('session IPC handlers', () => {
  it('serve sessions, exchanges, search, usage, export and pause from the store', async () => {
    store = makeStore(tmpDir());
    const id = emitExchange(store, {
      body: JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'narwhal facts please' }], stream: true }),
      chunks: anthropicSSE('Narwhals have tusks.'),
      session: { claudeCodeSessionId: 'ipc' },
    });
    await store.flush();
    const h = sessionHandlers(ctx({ store }));
    expect((await h['sessions:list']({})).sessions.map((s) => s.id)).toEqual(['ipc']);
    expect((await h['sessions:get']({ id: 'ipc' })).exchanges[0].id).toBe(id);
    expect((await h['sessions:search']({ text: 'narwhal' }))[0].exchangeId).toBe(id);
    expect((await h['exchanges:get']({ id })).bodies.upstreamResponse).toContain('Narwhals');
    expect((await h['usage:query']({ groupBy: 'model' }))[0].key).toBe('claude-sonnet-4-5');
    const exp = await h['sessions:export']({ id: 'ipc', format: 'html' });
    expect(exp.content).toContain('narwhal facts please');
    expect(exp.fileName).toBe('ipc.html');
    expect((await h['recording:setPaused']({ paused: true })).paused).toBe(true);
    await h['sessions:delete']({ id: 'ipc' });
    expect((await h['sessions:list']({})).total).toBe(0);
    await expect(h['sessions:get']({ id: 'ipc' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('report not_available without a store, and serve live:list / live:cancel from the tracker', async () => {
    const live = createLiveTracker({ throttleMs: 0 });
    const c = ctx({ live });
    const h = sessionHandlers(c);
    await expect(h['sessions:list']({})).rejects.toMatchObject({ code: 'not_available' });
    const seen: string[] = [];
    const off = wireRecordingEvents(c);
    c.events.on('live:update', (ex) => seen.push(`${ex.exchangeId}:${ex.status}`));
    emitExchange(live, { id: 'live-1', body: '{}', end: false });
    expect((await h['live:list']()).map((e) => e.exchangeId)).toEqual(['live-1']);
    expect(await h['live:cancel']({ exchangeId: 'live-1' })).toEqual({ cancelled: true });
    expect(await h['live:cancel']({ exchangeId: 'other' })).toEqual({ cancelled: false });
    expect(seen[0]).toBe('live-1:waiting');
    expect(seen.at(-1)).toBe('live-1:cancelled');
    off();
    live.dispose();
  });

  it('forward store changes as sessions:changed events', async () => {
    store = makeStore(tmpDir());
    const c = ctx({ store });
    const changed: string[] = [];
    c.events.on('sessions:changed', (e) => changed.push(e.sessionId));
    const off = wireRecordingEvents(c);
    emitExchange(store, { body: '{"messages":[]}', session: { claudeCodeSessionId: 'ev' } });
    await store.flush();
    expect(changed).toContain('ev');
    off();
  });
});
