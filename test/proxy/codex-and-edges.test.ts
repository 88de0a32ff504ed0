import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anthropicHeaders, auth, messagesBody, post, sseEvents, startHarness, waitFor, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());
beforeEach(() => {
  h.mock.reset();
  h.events.length = 0;
});

const codexHeaders = { ...auth, originator: 'codex_cli_rs', 'session-id': 'codex-sess-1', 'x-client-request-id': 'rq-1' };

describe('Codex on /v1/responses', () => {
  it('passes a Responses request through to a Responses lane with Codex session headers', async () => {
    const body = {
      model: 'gpt-5-codex',
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }],
      stream: true,
      store: false,
    };
    const res = await post(`${h.url}/v1/responses`, body, codexHeaders);
    expect(res.status).toBe(200);
    const up = h.mock.requests[0]!;
    expect(up.path).toBe('/v1/responses');
    expect(up.headers['session-id']).toBe('codex-sess-1');
    expect(up.headers.originator).toBe('codex_cli_rs');
    expect(res.text).toBe(up.sent);
    expect(sseEvents(res.text).at(-1)!.event).toBe('response.completed');
    await waitFor(() => h.events.some((e) => e.type === 'end'));
    const start = h.events[0]!;
    expect(start.type === 'start' && start.client).toBe('codex');
    expect(start.type === 'start' && start.session.codexSessionId).toBe('codex-sess-1');
    const end = h.events.at(-1)!;
    expect(end.type === 'end' && end.usage?.outputTokens).toBeGreaterThan(0);
  });

  it('pins a Codex session by its session-id header', async () => {
    h.runtime.pinSession('codex-sess-1', 'oai');
    try {
      const res = await post(`${h.url}/v1/responses`, { model: 'gpt-5-codex', input: 'hi' }, codexHeaders);
      expect(res.status).toBe(200);
      expect(h.mock.requests[0]!.path).toBe('/v1/chat/completions');
      expect(h.mock.requests[0]!.body?.model).toBe('gpt-mock-1');
    } finally {
      h.runtime.pinSession('codex-sess-1', null);
    }
  });
});

describe('edges', () => {
  it('moves on to the fallback instead of waiting out a long retry-after', async () => {
    h.mock.enqueue('error:429,retry-after:60');
    const t0 = Date.now();
    const res = await post(`${h.url}/v1/messages`, messagesBody('with-fallback'));
    expect(res.status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(h.mock.requests.map((r) => r.path)).toEqual(['/v1/messages', '/backup/v1/messages']);
  });

  it('reports its own overhead in Server-Timing, not the upstream wait', async () => {
    h.mock.enqueue('delay:400');
    const res = await post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-5', { stream: true }));
    expect(res.status).toBe(200);
    const dur = Number(/dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')![1]);
    expect(dur).toBeGreaterThanOrEqual(0);
    expect(dur).toBeLessThan(300);
  });

  it('follows a slow client (backpressure) without losing or reordering bytes', async () => {
    h.mock.enqueue('size:3000000,deltas:3000');
    const body = messagesBody('claude-sonnet-4-5', { stream: true, messages: [{ role: 'user', content: 'x' }] });
    const res = await fetch(`${h.url}/v1/messages`, {
      method: 'POST',
      headers: anthropicHeaders,
      body: JSON.stringify({ ...body, max_tokens: 1 }),
    });
    const reader = res.body!.getReader();
    let text = '';
    let reads = 0;
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      text += new TextDecoder().decode(r.value);
      if (++reads % 20 === 0) await new Promise((r2) => setTimeout(r2, 5));
    }
    expect(text.length).toBeGreaterThan(3_000_000);
    expect(text).toBe(h.mock.requests[0]!.sent);
  });
});
