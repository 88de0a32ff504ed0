import { describe, expect, it, vi } from 'vitest';
import type { LiveExchange } from '../../src/shared/domain';
import { createLiveTracker } from '../../src/main/services/live/live-tracker';
import { anthropicSSE, emitExchange, routing } from './helpers';

const body = JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }], stream: true });

describe('live tracker', () => {
  it('follows an exchange from the raw stream when no progress events come', () => {
    const live = createLiveTracker({ throttleMs: 0 });
    const updates: LiveExchange[] = [];
    live.onUpdate((ex) => updates.push(ex));
    const chunks = anthropicSSE('Hello from the live view', { tool: { name: 'Read', input: { path: '/a' } } });
    const id = emitExchange(live, { body, chunks, end: false, session: { claudeCodeSessionId: 'L' } });
    const [ex] = live.list();
    expect(ex.exchangeId).toBe(id);
    expect(ex.sessionId).toBe('L');
    expect(ex.status).toBe('streaming');
    expect(ex.text).toBe('Hello from the live view');
    expect(ex.toolCalls).toEqual([{ name: 'Read', args: '{"path":"/a"}' }]);
    expect(ex.outputTokens).toBe(42);
    expect(ex.providerId).toBe('anthropic');
    expect(updates[0].status).toBe('waiting');
    live.dispose();
  });

  it('sends no updates while nobody watches, and the list is complete when someone does', () => {
    let watching = false;
    const live = createLiveTracker({ throttleMs: 0, watched: () => watching });
    const updates: LiveExchange[] = [];
    live.onUpdate((ex) => updates.push(ex));
    const id = emitExchange(live, { body, chunks: anthropicSSE('said while unwatched'), end: false });
    expect(updates).toEqual([]);
    // A view that opens now reads the list first: nothing was lost.
    watching = true;
    expect(live.list()[0]).toMatchObject({ exchangeId: id, status: 'streaming', text: 'said while unwatched' });
    live.emit({ type: 'end', exchangeId: id, at: Date.now(), status: 200, partial: false, receivedAt: Date.now(), attempts: 1 });
    expect(updates.map((u) => u.status)).toEqual(['done']);
    live.dispose();
  });

  it('prefers progress events, and parses client chunks on conversion lanes', () => {
    const live = createLiveTracker({ throttleMs: 0 });
    const id = emitExchange(live, {
      body,
      chunks: ['data: {"choices":[{"delta":{"content":"upstream text"}}]}\n\n'],
      clientChunks: anthropicSSE('client text'),
      end: false,
      routing: routing({ passthrough: false, upstreamProtocol: 'openai-chat' }),
    });
    expect(live.list()[0].text).toBe('client text');
    live.emit({ type: 'progress', exchangeId: id, at: Date.now(), textDelta: 'pro', thinkingDelta: 'hmm' });
    live.emit({ type: 'progress', exchangeId: id, at: Date.now(), textDelta: 'gress' });
    live.emit({ type: 'progress', exchangeId: id, at: Date.now(), toolCall: { name: 'Bash' } });
    live.emit({ type: 'progress', exchangeId: id, at: Date.now(), toolCall: { name: 'Bash', argsDelta: '{"cmd":' } });
    live.emit({ type: 'progress', exchangeId: id, at: Date.now(), toolCall: { name: 'Bash', argsDelta: '"ls"}' } });
    live.emit({ type: 'client_chunk', exchangeId: id, at: Date.now(), chunk: anthropicSSE('ignored now')[2] });
    const ex = live.list()[0];
    expect(ex.text).toBe('progress');
    expect(ex.thinking).toBe('hmm');
    expect(ex.toolCalls).toEqual([{ name: 'Bash', args: '{"cmd":"ls"}' }]);
    live.dispose();
  });

  it('throttles updates per exchange to about 10 per second', () => {
    vi.useFakeTimers();
    try {
      let now = 1000;
      const live = createLiveTracker({ now: () => now });
      const updates: LiveExchange[] = [];
      live.onUpdate((ex) => updates.push(ex));
      const id = emitExchange(live, { body, end: false });
      const before = updates.length;
      for (let i = 0; i < 50; i++) {
        now += 2;
        live.emit({ type: 'progress', exchangeId: id, at: now, textDelta: 'x' });
      }
      // 100 ms of deltas: at most one immediate update plus one trailing one
      expect(updates.length - before).toBeLessThanOrEqual(2);
      now += 200;
      vi.advanceTimersByTime(200);
      expect(updates[updates.length - 1].text).toBe('x'.repeat(50));
      live.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps finished exchanges for a while, then removes them', () => {
    vi.useFakeTimers();
    try {
      const live = createLiveTracker({ throttleMs: 0, keepFinishedMs: 60_000 });
      const removed: string[] = [];
      live.onRemoved((id) => removed.push(id));
      const ok = emitExchange(live, { body, chunks: anthropicSSE('done') });
      const bad = emitExchange(live, { body, status: 500 });
      const byId = new Map(live.list().map((e) => [e.exchangeId, e]));
      expect(byId.get(ok)!.status).toBe('done');
      expect(byId.get(ok)!.endedAt).toBeDefined();
      expect(byId.get(bad)!.status).toBe('error');
      vi.advanceTimersByTime(59_000);
      expect(live.list()).toHaveLength(2);
      vi.advanceTimersByTime(2_000);
      expect(live.list()).toHaveLength(0);
      expect(removed.sort()).toEqual([ok, bad].sort());
      live.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the newest finished exchanges up to a cap, and every exchange in flight', () => {
    const live = createLiveTracker({ throttleMs: 0, maxFinished: 2 });
    const inFlight = [1, 2, 3].map(() => emitExchange(live, { body, end: false }));
    const done = [1, 2, 3, 4].map(() => emitExchange(live, { body, chunks: anthropicSSE('ok') }));
    emitExchange(live, { body, end: false }); // a start makes room
    const ids = live.list().map((e) => e.exchangeId);
    for (const id of inFlight) expect(ids).toContain(id);
    expect(ids).not.toContain(done[0]);
    expect(ids).not.toContain(done[1]);
    expect(ids).toContain(done[3]);
    expect(live.list().filter((e) => e.endedAt !== undefined).length).toBeLessThanOrEqual(2);
    live.dispose();
  });

  it('removes finished exchanges one by one as their time comes, with a single timer', () => {
    vi.useFakeTimers();
    try {
      const live = createLiveTracker({ throttleMs: 0, keepFinishedMs: 1_000 });
      const first = emitExchange(live, { body });
      vi.advanceTimersByTime(600);
      const second = emitExchange(live, { body });
      expect(vi.getTimerCount()).toBe(1);
      vi.advanceTimersByTime(500); // first is 1,100 ms old, second 500
      expect(live.list().map((e) => e.exchangeId)).toEqual([second]);
      vi.advanceTimersByTime(600);
      expect(live.list()).toEqual([]);
      expect(vi.getTimerCount()).toBe(0);
      expect(first).not.toBe(second);
      live.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('marks cancelled exchanges and never throws on unknown events', () => {
    const live = createLiveTracker({ throttleMs: 0 });
    const id = emitExchange(live, { body, end: false });
    live.markCancelled(id);
    expect(live.list()[0].status).toBe('cancelled');
    expect(() =>
      live.emit({ type: 'end', exchangeId: 'nope', at: 0, status: 200, partial: false, receivedAt: 0, attempts: 1 }),
    ).not.toThrow();
    live.dispose();
  });
});
