import { describe, expect, it } from 'vitest';
import type { LiveExchange } from '../../../shared/domain';
import { createFakeApi } from '../testing/fake-api';
import { createStores, wireEvents } from '.';

function live(patch: Partial<LiveExchange>): LiveExchange {
  return {
    exchangeId: 'e1',
    client: 'claude-code',
    startedAt: 1000,
    providerId: 'mock',
    model: 'mock-model',
    requestedModel: 'claude-sonnet-4-5',
    reason: 'slot:sonnet',
    text: '',
    thinking: '',
    toolCalls: [],
    status: 'waiting',
    ...patch,
  };
}

describe('live store', () => {
  it('follows live:update and live:removed events and keeps finished streams readable', async () => {
    const fake = createFakeApi({ 'live:list': () => [live({ exchangeId: 'old', status: 'streaming', text: 'Hel' })] });
    const stores = createStores(fake.api);
    wireEvents(stores);
    await stores.live.getState().load();
    expect(stores.live.getState().items.map((x) => x.exchangeId)).toEqual(['old']);

    fake.emit('live:update', live({ exchangeId: 'e1', status: 'streaming', text: 'Hi' }));
    fake.emit(
      'live:update',
      live({ exchangeId: 'e1', status: 'streaming', text: 'Hi there', toolCalls: [{ name: 'Read', args: '{"path":"a"}' }] }),
    );
    const e1 = stores.live.getState().items.find((x) => x.exchangeId === 'e1');
    expect(e1?.text).toBe('Hi there');
    expect(e1?.toolCalls[0].name).toBe('Read');
    expect(stores.live.getState().items).toHaveLength(2);

    fake.emit('live:update', live({ exchangeId: 'e1', status: 'done', text: 'Hi there!', endedAt: 5000 }));
    expect(stores.live.getState().items.map((x) => x.exchangeId)).toEqual(['old']);
    expect(stores.live.getState().recent[0]).toMatchObject({ exchangeId: 'e1', status: 'done', text: 'Hi there!' });

    fake.emit('live:removed', { exchangeId: 'old' });
    expect(stores.live.getState().items).toEqual([]);
    expect(stores.live.getState().recent.map((x) => x.exchangeId)).toEqual(['old', 'e1']);
    expect(stores.live.getState().recent[0].status).toBe('done');
  });

  it('keeps the further-along copy when events raced the initial list', async () => {
    let release!: (v: LiveExchange[]) => void;
    const fake = createFakeApi({ 'live:list': () => new Promise<LiveExchange[]>((r) => (release = r)) });
    const stores = createStores(fake.api);
    wireEvents(stores);
    const loading = stores.live.getState().load();
    fake.emit('live:update', live({ status: 'streaming', text: 'newer text' }));
    release([live({ status: 'streaming', text: 'new' })]);
    await loading;
    expect(stores.live.getState().items).toHaveLength(1);
    expect(stores.live.getState().items[0].text).toBe('newer text');
  });
});
