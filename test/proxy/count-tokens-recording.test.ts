import diagnostics from 'node:diagnostics_channel';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APP_TOKEN, LANE_KEY, auth, messagesBody, post, startHarness, waitFor, type Harness } from './harness';
import { IMAGE_TOKENS } from '../../src/proxy/tokens/estimate';
import { applyBodyEdit, type ExchangeEvent } from '../../src/shared/recording';
import { Recorder } from '../../src/proxy/recording/recorder';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());
beforeEach(() => {
  h.mock.reset();
  h.events.length = 0;
});

describe('count_tokens', () => {
  it('forwards to an Anthropic lane with the model rewritten', async () => {
    const res = await post(`${h.url}/v1/messages/count_tokens`, messagesBody('claude-sonnet-4-6'));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).input_tokens).toBeGreaterThan(0);
    expect(res.headers.get('server-timing')).toMatch(/proxy;dur=/);
    expect(h.mock.requests[0]!.path).toBe('/v1/messages/count_tokens');
    expect(h.mock.requests[0]!.body?.model).toBe('sonnet-upstream');
    expect(h.mock.requests[0]!.headers['x-api-key']).toBe(LANE_KEY);
  });

  it('estimates locally for other lanes, over text, tools, tool results and images', async () => {
    const small = await post(`${h.url}/v1/messages/count_tokens`, messagesBody('oai/x'));
    expect(small.headers.get('x-switchyard-estimate')).toBe('o200k_base');
    const n1 = JSON.parse(small.text).input_tokens as number;
    expect(n1).toBeGreaterThan(0);
    const rich = messagesBody('oai/x', {
      system: [{ type: 'text', text: 'You are a careful assistant. '.repeat(20) }],
      tools: [
        { name: 'Read', description: 'Read a file from disk', input_schema: { type: 'object', properties: { path: { type: 'string' } } } },
      ],
      messages: [
        { role: 'user', content: 'read it' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Read', input: { path: '/etc/hosts' } }] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: '127.0.0.1 localhost' }] },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
          ],
        },
      ],
    });
    const n2 = JSON.parse((await post(`${h.url}/v1/messages/count_tokens`, rich)).text).input_tokens as number;
    expect(n2).toBeGreaterThan(n1 + IMAGE_TOKENS + 100);
    expect(h.mock.requests).toHaveLength(0);
  });

  it('falls back to the local estimate when an Anthropic-protocol lane lacks the endpoint', async () => {
    h.mock.enqueue('error:404');
    const res = await post(`${h.url}/v1/messages/count_tokens`, messagesBody('claude-sonnet-4-6'));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchyard-estimate')).toBe('o200k_base');
  });
});

describe('recording hook', () => {
  it('emits start, upstream_request, upstream_response, upstream_chunk, progress and end with usage', async () => {
    const res = await post(
      `${h.url}/v1/messages?beta=true`,
      messagesBody('claude-sonnet-4-5', { stream: true, metadata: { user_id: '{"session_id":"abc"}' } }),
      {
        ...auth,
        'anthropic-version': '2023-06-01',
        'x-claude-code-session-id': 'cc-1',
      },
    );
    expect(res.status).toBe(200);
    await waitFor(() => h.events.some((e) => e.type === 'end'));
    const types = h.events.map((e) => e.type);
    expect(types[0]).toBe('start');
    expect(types).toEqual(expect.arrayContaining(['upstream_request', 'upstream_response', 'upstream_chunk', 'progress', 'end']));
    expect(types).not.toContain('client_chunk'); // passthrough: client bytes == upstream bytes
    expect(new Set(h.events.map((e) => e.exchangeId)).size).toBe(1);
    const start = h.events[0]!;
    if (start.type !== 'start') throw new Error('no start');
    expect(start.client).toBe('claude-code');
    expect(start.headers.authorization).toBeUndefined();
    expect(JSON.stringify(start)).not.toContain(APP_TOKEN);
    expect(start.session).toMatchObject({ claudeCodeSessionId: 'cc-1', metadataUserId: '{"session_id":"abc"}' });
    expect(start.routing).toMatchObject({ rule: 'route:claude-sonnet-4-5', passthrough: true, providerId: 'anthropic' });
    const up = h.events.find((e) => e.type === 'upstream_request');
    expect(up?.type === 'upstream_request' && JSON.stringify(up)).not.toContain(LANE_KEY);
    const chunks = h.events.flatMap((e) => (e.type === 'upstream_chunk' ? [e.chunk] : [])).join('');
    expect(chunks).toBe(res.text);
    const text = h.events.flatMap((e) => (e.type === 'progress' && e.textDelta ? [e.textDelta] : [])).join('');
    expect(text).toBe('Hello from the Switchyard mock upstream.');
    const end = h.events.at(-1)!;
    if (end.type !== 'end') throw new Error('no end');
    expect(end).toMatchObject({ status: 200, partial: false, attempts: 1, finalProviderId: 'anthropic' });
    expect(end.usage?.inputTokens).toBeGreaterThan(0);
    expect(end.usage?.outputTokens).toBe(10);
    expect(end.streamStats?.events).toBeGreaterThan(5);
    expect(end.overheadMs).toBeGreaterThanOrEqual(0);
    expect(end.upstreamFirstByteAt).toBeGreaterThanOrEqual(end.receivedAt);
  });

  it('records a passthrough body whose model the route maps as an edit that rebuilds the bytes sent upstream', async () => {
    const sent = JSON.stringify(messagesBody('claude-sonnet-4-6', { system: 'Be brief — and exact.' }));
    const res = await fetch(`${h.url}/v1/messages`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: sent,
    });
    expect(res.status).toBe(200);
    await res.text();
    await waitFor(() => h.events.some((e) => e.type === 'end'));
    const start = h.events.find((e) => e.type === 'start');
    const up = h.events.find((e) => e.type === 'upstream_request');
    if (start?.type !== 'start' || up?.type !== 'upstream_request') throw new Error('events missing');
    expect(start.clientRequestBody).toBe(sent);
    expect(up.upstreamRequestBody).toBe('');
    expect(up.upstreamRequestEdit).toBeDefined();
    expect(applyBodyEdit(start.clientRequestBody, up.upstreamRequestEdit!)).toBe(h.mock.requests[0]!.rawBody);
    expect(h.mock.requests[0]!.body?.model).toBe('sonnet-upstream');
  });

  it('extracts usage from JSON bodies (Anthropic and Chat)', async () => {
    await post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-5'));
    await post(`${h.url}/v1/chat/completions`, { model: 'chat-model', messages: [{ role: 'user', content: 'hello' }] }, auth);
    await waitFor(() => h.events.filter((e) => e.type === 'end').length === 2);
    const ends = h.events.filter((e) => e.type === 'end');
    for (const e of ends) {
      if (e.type !== 'end') continue;
      expect(e.usage?.outputTokens).toBeGreaterThan(0);
      expect(e.upstreamResponseBody).toContain('Hello from the Switchyard');
    }
  });

  it('keeps proxying when the sink throws', async () => {
    const h2 = await startHarness({
      sink: {
        emit() {
          throw new Error('disk full');
        },
      },
    });
    try {
      const res = await post(`${h2.url}/v1/messages`, messagesBody('claude-sonnet-4-5', { stream: true }));
      expect(res.status).toBe(200);
      expect(res.text).toContain('message_stop');
    } finally {
      await h2.close();
    }
  });

  it('hands the first events to the sink only once the request is written upstream', async () => {
    const order: string[] = [];
    const h2 = await startHarness({ sink: { emit: (e) => order.push(e.type) } });
    // Only the proxy's request to the mock (the test's own fetch to the proxy is undici too).
    const onSend = (m: unknown): void => {
      if ((m as { request: { origin: string } }).request.origin === h2.mock.url) order.push('undici wrote the request head');
    };
    diagnostics.subscribe('undici:client:sendHeaders', onSend);
    try {
      // The second request reuses the kept-alive upstream socket (the usual case).
      for (let i = 0; i < 2; i++) {
        order.length = 0;
        const res = await post(`${h2.url}/v1/messages`, messagesBody('claude-sonnet-4-5'));
        expect(res.status).toBe(200);
        await waitFor(() => order.includes('end'));
      }
      expect(order.slice(0, 3)).toEqual(['undici wrote the request head', 'start', 'upstream_request']);
      expect(order.at(-1)).toBe('end');
    } finally {
      diagnostics.unsubscribe('undici:client:sendHeaders', onSend);
      await h2.close();
    }
  });

  it('records routing failures too', async () => {
    await post(`${h.url}/v1/messages`, messagesBody('nope-model'));
    await waitFor(() => h.events.some((e) => e.type === 'end'));
    const end = h.events.find((e) => e.type === 'end');
    expect(end?.type === 'end' && end.errorClass).toBe('not_found');
    // The 404 is the whole answer, not a stream cut short.
    expect(end?.type === 'end' && end.partial).toBe(false);
    const start = h.events.find((e) => e.type === 'start');
    expect(start?.type === 'start' && start.routing.reason).toContain('Unknown model');
  });
});

describe('Recorder', () => {
  it('keeps events back while held, then hands them over in order, then passes new ones straight on', () => {
    const seen: ExchangeEvent[] = [];
    const rec = new Recorder({ emit: (e) => seen.push(e) }, 'ex-1', undefined, { hold: true });
    rec.emit({ type: 'upstream_response', attempt: 1, status: 200, headers: {} });
    rec.clientChunk('a');
    expect(seen).toEqual([]);
    rec.release();
    expect(seen.map((e) => e.type)).toEqual(['upstream_response', 'client_chunk']);
    expect(seen.every((e) => e.exchangeId === 'ex-1' && typeof e.at === 'number')).toBe(true);
    rec.clientChunk('b');
    expect(seen.map((e) => e.type)).toEqual(['upstream_response', 'client_chunk', 'client_chunk']);
    rec.release(); // nothing held: no repeats
    expect(seen).toHaveLength(3);
  });

  it('reports a throwing sink once and then stays quiet, held events included', () => {
    const errors: unknown[] = [];
    let calls = 0;
    const rec = new Recorder(
      {
        emit() {
          calls++;
          throw new Error('disk full');
        },
      },
      'ex-2',
      (e) => errors.push(e),
      { hold: true },
    );
    rec.clientChunk('a');
    rec.clientChunk('b');
    rec.release();
    rec.clientChunk('c');
    expect(calls).toBe(1);
    expect(errors).toHaveLength(1);
  });

  it('decodes upstream chunks split inside a UTF-8 sequence', () => {
    const seen: string[] = [];
    const rec = new Recorder({ emit: (e) => e.type === 'upstream_chunk' && seen.push(e.chunk) }, 'ex-3');
    const bytes = Buffer.from('héllo ✓', 'utf8');
    rec.upstreamChunk(bytes.subarray(0, 2));
    rec.upstreamChunk(bytes.subarray(2, bytes.length - 1));
    rec.upstreamChunk(bytes.subarray(bytes.length - 1));
    rec.flush();
    expect(seen.join('')).toBe('héllo ✓');
  });
});
