import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandlers } from '../../src/main/services/api';
import { testProvider } from '../../src/main/services/providers/provider-test';
import { makeContext, rejection, type TestContext } from './service-context';

const KEY = 'sk-test-Zq8vN2xLr7Tb0KpWm4Yc';

interface Seen {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}
const seen: Seen[] = [];
let server: http.Server;
let base: string;

function sse(res: http.ServerResponse, events: Array<[string | undefined, unknown]>, delayMs = 5): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  let i = 0;
  const next = (): void => {
    if (i >= events.length) return void res.end();
    const [name, data] = events[i++]!;
    res.write(`${name ? `event: ${name}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    setTimeout(next, delayMs);
  };
  next();
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      seen.push({ url: req.url ?? '', headers: req.headers, body });
      const url = req.url ?? '';
      if (url.startsWith('/anthropic/v1/messages')) {
        return sse(res, [
          ['message_start', { type: 'message_start', message: { id: 'm1', content: [] } }],
          ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
          ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'OK' } }],
          ['content_block_stop', { type: 'content_block_stop', index: 0 }],
          ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' } }],
          ['message_stop', { type: 'message_stop' }],
        ]);
      }
      if (url.startsWith('/anthropic-overloaded/v1/messages')) {
        return sse(res, [
          ['message_start', { type: 'message_start', message: { id: 'm1', content: [] } }],
          ['error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }],
        ]);
      }
      if (url.startsWith('/openai/v1/chat/completions')) {
        if ('max_tokens' in body && body.model === 'reasoner') {
          res.writeHead(400, { 'content-type': 'application/json' });
          return void res.end(
            JSON.stringify({ error: { message: "Unsupported parameter: 'max_tokens'. Use 'max_completion_tokens' instead." } }),
          );
        }
        return sse(res, [
          [undefined, { choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] }],
          [undefined, { choices: [{ index: 0, delta: { content: 'O' } }] }],
          [undefined, { choices: [{ index: 0, delta: { content: 'K' }, finish_reason: 'stop' }] }],
          [undefined, '[DONE]'],
        ]);
      }
      if (url.startsWith('/openai/v1/responses')) {
        return sse(res, [
          ['response.created', { type: 'response.created', response: { id: 'r1' } }],
          ['response.output_text.delta', { type: 'response.output_text.delta', delta: 'OK' }],
          ['response.completed', { type: 'response.completed', response: { id: 'r1', status: 'completed' } }],
        ]);
      }
      if (url.startsWith('/unauthorized/')) {
        res.writeHead(401, { 'content-type': 'application/json' });
        // Real upstreams sometimes echo part of the key back.
        return void res.end(
          JSON.stringify({
            error: { type: 'authentication_error', message: `Invalid API key: ${req.headers['x-api-key'] ?? req.headers.authorization}` },
          }),
        );
      }
      if (url.startsWith('/cut/')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(`event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: {} })}\n\n`);
        return void res.end();
      }
      if (url.startsWith('/hang/')) return; // never answers
      res.writeHead(404);
      res.end('no route');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

let t: TestContext | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
  seen.length = 0;
});

describe('testProvider', () => {
  it('anthropic lane: streams, reports latency and time to first token, sends x-api-key', async () => {
    const r = await testProvider({ id: 'a', protocol: 'anthropic', baseUrl: `${base}/anthropic`, apiKey: KEY }, 'claude-haiku-4-5');
    expect(r).toMatchObject({ ok: true, providerId: 'a', model: 'claude-haiku-4-5', status: 200, sample: 'OK' });
    expect(r.ttftMs).toBeGreaterThanOrEqual(0);
    expect(r.latencyMs).toBeGreaterThanOrEqual(r.ttftMs!);
    const req = seen.at(-1)!;
    expect(req.url).toBe('/anthropic/v1/messages');
    expect(req.headers['x-api-key']).toBe(KEY);
    expect(req.headers['anthropic-version']).toBe('2023-06-01');
    expect(req.headers.authorization).toBeUndefined();
    expect(req.body).toMatchObject({ model: 'claude-haiku-4-5', stream: true });
  });

  it('openai-chat lane: Bearer key, [DONE] ends the stream; retries with max_completion_tokens when asked', async () => {
    const r = await testProvider({ id: 'o', protocol: 'openai-chat', baseUrl: `${base}/openai/v1`, apiKey: KEY }, 'gpt-x');
    expect(r).toMatchObject({ ok: true, sample: 'OK' });
    expect(seen.at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(seen.at(-1)!.url).toBe('/openai/v1/chat/completions');

    const r2 = await testProvider({ id: 'o', protocol: 'openai-chat', baseUrl: `${base}/openai/v1`, apiKey: KEY }, 'reasoner');
    expect(r2.ok).toBe(true);
    expect(seen.at(-1)!.body).toHaveProperty('max_completion_tokens');
    expect(seen.at(-1)!.body).not.toHaveProperty('max_tokens');
  });

  it('openai-responses lane: ends at response.completed', async () => {
    const r = await testProvider({ id: 'r', protocol: 'openai-responses', baseUrl: `${base}/openai/v1` }, 'gpt-5');
    expect(r).toMatchObject({ ok: true, sample: 'OK' });
    expect(seen.at(-1)!.url).toBe('/openai/v1/responses');
    expect(seen.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('returns the exact upstream error with the key redacted', async () => {
    const r = await testProvider({ id: 'u', protocol: 'anthropic', baseUrl: `${base}/unauthorized`, apiKey: KEY }, 'm');
    expect(r.ok).toBe(false);
    expect(r.status).toBe(401);
    expect(r.error).toContain('HTTP 401');
    expect(r.error).toContain('Invalid API key');
    expect(r.error).toContain('authentication_error');
    expect(r.error).not.toContain(KEY);
    expect(r.error).not.toContain('Zq8vN2xL');
  });

  it('reports an error event inside the stream and a stream cut short', async () => {
    const r = await testProvider({ id: 'x', protocol: 'anthropic', baseUrl: `${base}/anthropic-overloaded` }, 'm');
    expect(r).toMatchObject({ ok: false, status: 200, error: 'overloaded_error: Overloaded' });
    const cut = await testProvider({ id: 'x', protocol: 'anthropic', baseUrl: `${base}/cut` }, 'm');
    expect(cut.ok).toBe(false);
    expect(cut.error).toContain('message_stop');
  });

  it('times out and says so', async () => {
    const r = await testProvider({ id: 'h', protocol: 'openai-chat', baseUrl: `${base}/hang/v1` }, 'm', { timeoutMs: 300 });
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/timed out/);
  });

  it('names a refused connection and a missing ENV key without sending anything', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const r = await testProvider({ id: 'c', protocol: 'openai-chat', baseUrl: `http://127.0.0.1:${port}/v1` }, 'm');
    expect(r.ok).toBe(false);
    expect(r.error).toContain('ECONNREFUSED');

    const before = seen.length;
    const m = await testProvider({ id: 'k', protocol: 'anthropic', baseUrl: `${base}/anthropic`, apiKeyMissing: 'NOPE_KEY' }, 'm');
    expect(m.ok).toBe(false);
    expect(m.error).toContain('NOPE_KEY');
    expect(seen.length).toBe(before);
  });
});

describe('providers:test channel', () => {
  it('tests a saved provider by id with its ENV key and first model', async () => {
    t = await makeContext(
      `providers:\n  - id: mock\n    protocol: anthropic\n    baseUrl: ${base}/anthropic\n    apiKey: ENV:SY_MOCK_KEY\n    models: [claude-sonnet-4-5]\n`,
      { env: { SY_MOCK_KEY: KEY } },
    );
    const r = await createApiHandlers(t.ctx)['providers:test']({ id: 'mock' });
    expect(r).toMatchObject({ ok: true, providerId: 'mock', model: 'claude-sonnet-4-5' });
    expect(seen.at(-1)!.headers['x-api-key']).toBe(KEY);
  });

  it('tests unsaved form values, keeping the stored key when none is typed', async () => {
    t = await makeContext(
      `providers:\n  - id: mock\n    protocol: openai-chat\n    baseUrl: https://unused.example/v1\n    apiKey: ${KEY}\n`,
    );
    const r = await createApiHandlers(t.ctx)['providers:test']({
      provider: { id: 'mock', protocol: 'openai-chat', baseUrl: `${base}/openai/v1` },
      model: 'gpt-x',
    });
    expect(r.ok).toBe(true);
    expect(seen.at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(t.ctx.config.rawConfig().providers[0]!.baseUrl).toBe('https://unused.example/v1');
  });

  it('without any model to use it says what to do', async () => {
    t = await makeContext(`providers:\n  - id: bare\n    protocol: openai-chat\n    baseUrl: ${base}/openai/v1\n`);
    const err = await rejection(() => createApiHandlers(t!.ctx)['providers:test']({ id: 'bare' }));
    expect(err.code).toBe('invalid_request');
    expect(err.hint).toContain('model');
  });
});
