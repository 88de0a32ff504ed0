import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  APP_TOKEN,
  LANE_KEY,
  OPENAI_KEY,
  anthropicHeaders,
  auth,
  messagesBody,
  post,
  sseEvents,
  startHarness,
  waitFor,
  type Harness,
} from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());
beforeEach(() => h.mock.reset());

describe('passthrough (Anthropic in, Anthropic lane out)', () => {
  it('relays the upstream stream byte for byte', async () => {
    const res = await post(
      `${h.url}/v1/messages?beta=true`,
      messagesBody('claude-sonnet-4-5', {
        stream: true,
        tools: [
          {
            name: 'Glob',
            description: 'g',
            input_schema: { type: 'object', properties: { pattern: { type: 'string' } }, required: ['pattern'] },
          },
        ],
      }),
    );
    expect(res.status).toBe(200);
    const upstream = h.mock.requests[0]!;
    expect(upstream.sent.length).toBeGreaterThan(100);
    expect(res.text).toBe(upstream.sent);
    expect(sseEvents(res.text).map((e) => e.event)).toContain('message_stop');
    expect(upstream.url).toBe('/v1/messages?beta=true');
  });

  it('sends a JSON answer byte for byte in one piece, with its length', async () => {
    const res = await post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-5'));
    expect(res.status).toBe(200);
    const upstream = h.mock.requests[0]!;
    expect(res.text).toBe(upstream.sent);
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(upstream.sent)));
    expect(res.headers.get('transfer-encoding')).toBeNull();
  });

  it('turns a JSON answer that breaks off upstream into an error, never truncated JSON', async () => {
    // The head first, then half the JSON and a closed socket.
    h.mock.enqueue('first-byte:30,drop:1');
    const res = await post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-5'));
    expect(h.mock.requests).toHaveLength(1);
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(JSON.parse(res.text)).toMatchObject({ type: 'error', error: { type: 'api_error' } });
    await waitFor(() => h.events.some((e) => e.type === 'end'));
    const end = h.events.filter((e) => e.type === 'end').pop();
    expect(end).toMatchObject({ status: res.status, partial: true, errorClass: 'upstream_error' });
  });

  it('forwards the body bytes untouched when the model is not rewritten', async () => {
    const odd = '{ "model" :"claude-sonnet-4-5",  "max_tokens": 5, "messages":[{"role":"user","content":"é ✓"}] }';
    const res = await post(`${h.url}/v1/messages`, odd);
    expect(res.status).toBe(200);
    expect(h.mock.requests[0]!.rawBody).toBe(odd);
  });

  it('sends a large body (Claude Code sized) upstream byte for byte with its length, also after a model rewrite', async () => {
    const history = Array.from({ length: 300 }, (_, i) => ({
      role: i % 2 ? 'assistant' : 'user',
      content: `turn ${i} é ✓ ${'x'.repeat(300)}`,
    }));
    for (const model of ['claude-sonnet-4-5', 'renamed']) {
      h.mock.reset();
      const raw = JSON.stringify({ model, max_tokens: 5, messages: [...history, { role: 'user', content: 'last' }] });
      expect(Buffer.byteLength(raw)).toBeGreaterThan(90_000);
      const res = await post(`${h.url}/v1/messages`, raw);
      expect(res.status).toBe(200);
      const got = h.mock.requests[0]!;
      const expected = model === 'renamed' ? raw.replace('"model":"renamed"', '"model":"upstream-name"') : raw;
      expect(got.rawBody).toBe(expected);
      expect(got.headers['content-length']).toBe(String(Buffer.byteLength(expected)));
      expect(got.headers['transfer-encoding']).toBeUndefined();
    }
  });

  it('rewrites only the model when the route maps it', async () => {
    const body = messagesBody('renamed', { temperature: 0.3, metadata: { user_id: 'u1' } });
    const res = await post(`${h.url}/v1/messages`, body);
    expect(res.status).toBe(200);
    expect(h.mock.requests[0]!.body).toEqual({ ...body, model: 'upstream-name' });
  });

  it('maps the model of a body whose bytes it cannot rewrite in place (escaped key) by serializing it again', async () => {
    // The parsed body is let go before the request goes upstream (all lanes passthrough):
    // this path parses the client's bytes again.
    const raw = '{"mod\\u0065l":"renamed","max_tokens":5,"messages":[{"role":"user","content":"caf\\u00e9 ✓"}]}';
    expect(JSON.parse(raw).model).toBe('renamed');
    const res = await post(`${h.url}/v1/messages`, raw);
    expect(res.status).toBe(200);
    expect(h.mock.requests[0]!.body).toEqual({ model: 'upstream-name', max_tokens: 5, messages: [{ role: 'user', content: 'café ✓' }] });
  });

  it('writes stream chunks as they arrive, not after the upstream finished', async () => {
    h.mock.enqueue('gap:150,deltas:4');
    const res = await fetch(`${h.url}/v1/messages`, {
      method: 'POST',
      headers: anthropicHeaders,
      body: JSON.stringify(messagesBody('claude-sonnet-4-5', { stream: true })),
    });
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('message_start');
    expect(h.mock.requests[0]!.finished).toBe(false);
    let rest = '';
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      rest += new TextDecoder().decode(r.value);
    }
    expect(rest).toContain('message_stop');
  });
});

describe('header hygiene', () => {
  it('never sends the client token upstream and puts the lane key in x-api-key', async () => {
    await post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-5'), {
      ...anthropicHeaders,
      'x-api-key': APP_TOKEN,
      cookie: 'a=b',
      'proxy-authorization': 'x',
    });
    const hdrs = h.mock.requests[0]!.headers;
    expect(hdrs['x-api-key']).toBe(LANE_KEY);
    expect(hdrs.authorization).toBeUndefined();
    expect(hdrs.cookie).toBeUndefined();
    expect(hdrs['proxy-authorization']).toBeUndefined();
    expect(JSON.stringify(hdrs)).not.toContain(APP_TOKEN);
    expect(hdrs['anthropic-version']).toBe('2023-06-01');
    expect(hdrs['anthropic-beta']).toBe('beta-a,beta-b');
    expect(hdrs['x-lane-a']).toBe('only-anthropic');
    expect(hdrs['x-lane-o']).toBeUndefined();
  });

  it('gives an OpenAI lane a Bearer key, its own headers and no anthropic-* headers', async () => {
    const res = await post(
      `${h.url}/v1/chat/completions`,
      { model: 'chat-model', messages: [{ role: 'user', content: 'hi' }] },
      { ...auth, 'anthropic-beta': 'x', 'anthropic-version': '2023-06-01' },
    );
    expect(res.status).toBe(200);
    const hdrs = h.mock.requests[0]!.headers;
    expect(h.mock.requests[0]!.path).toBe('/v1/chat/completions');
    expect(hdrs.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(hdrs['x-lane-o']).toBe('only-openai');
    expect(hdrs['x-lane-a']).toBeUndefined();
    expect(Object.keys(hdrs).some((k) => k.startsWith('anthropic-'))).toBe(false);
    expect(hdrs['x-api-key']).toBeUndefined();
  });

  it('returns retry-after, request-id and anthropic-ratelimit-* to the client', async () => {
    h.mock.enqueue('error:400,retry-after:7');
    const res = await post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-5'));
    expect(res.status).toBe(400);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.headers.get('request-id')).toMatch(/^req_mock_/);
    expect(res.headers.get('anthropic-ratelimit-requests-remaining')).toBe('99');
    expect(JSON.parse(res.text).error.type).toBe('invalid_request_error');
  });
});
