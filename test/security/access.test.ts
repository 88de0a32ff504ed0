/**
 * Who may talk to Switchyard, against the real headless host over real sockets:
 * client tokens on /v1/* (401 in each protocol's shape), browser cross-origin calls,
 * non-loopback Host headers (DNS rebinding), and the admin surface (`POST /api/<channel>`,
 * `GET /api/events`) that only the app token opens — not a proxy client token, not a
 * session token, not a provider key.
 */
import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Protocol } from '../../src/shared/ir';
import { CLIENT_ONLY_TOKEN, startTestHost, type TestHost } from '../resilience/host-support';
import { ANT_KEY, PASSTHROUGH_MODEL, PATHS, PROTOCOLS, bodyFor, errorShape, headersFor, send } from '../resilience/support';

let host: TestHost;
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(async () => host?.close());
beforeEach(() => host.mock.reset());

/** A request with full control over Host and Origin (fetch cannot set Host). */
function raw(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      // an event stream that was (wrongly) opened: take what came and leave
      if (String(res.headers['content-type']).includes('event-stream')) setTimeout(() => req.destroy(), 200);
    });
    req.on('error', (e) => (String(e).includes('socket hang up') ? resolve({ status: -1, headers: {}, text: '' }) : reject(e)));
    req.end(body);
  });
}

function authShape(protocol: Protocol, status: number, text: string): void {
  expect(status).toBe(401);
  const body = JSON.parse(text);
  if (protocol === 'anthropic') {
    expect(body).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  } else {
    expect(body.error.code).toBe('invalid_api_key');
    expect(typeof body.error.message).toBe('string');
  }
}

describe('client tokens on /v1/*', () => {
  const wrong: Array<[string, (p: Protocol) => Record<string, string>]> = [
    ['no token', (p) => headersFor(p, null)],
    ['a wrong bearer token', (p) => headersFor(p, 'sy-not-the-token')],
    ['a wrong x-api-key', (p) => ({ ...headersFor(p, null), 'x-api-key': 'sy-not-the-token' })],
    ['a prefix of the app token', (p) => headersFor(p, host.token.slice(0, -1))],
    ['the app token with a suffix', (p) => headersFor(p, `${host.token}x`)],
    ['the provider key itself', (p) => headersFor(p, ANT_KEY)],
    ['an empty bearer', (p) => ({ ...headersFor(p, null), authorization: 'Bearer ' })],
  ];
  describe.each(PROTOCOLS)('%s', (protocol) => {
    it.each(wrong)('%s → 401 in the protocol shape, nothing forwarded', async (_name, headers) => {
      const res = await send(host.url, protocol, bodyFor(protocol, PASSTHROUGH_MODEL[protocol]), headers(protocol));
      authShape(protocol, res.status, res.text);
      expect(host.mock.requests).toHaveLength(0);
    });

    it('the app token and a config client token are accepted', async () => {
      for (const token of [host.token, CLIENT_ONLY_TOKEN]) {
        const res = await send(host.url, protocol, bodyFor(protocol, PASSTHROUGH_MODEL[protocol]), headersFor(protocol, token));
        expect(res.status).toBe(200);
      }
    });
  });

  it('count_tokens and /v1/models need a token too', async () => {
    const ct = await raw(
      'POST',
      '/v1/messages/count_tokens',
      headersFor('anthropic', null),
      JSON.stringify(bodyFor('anthropic', 'claude-sonnet-4-5')),
    );
    authShape('anthropic', ct.status, ct.text);
    const models = await raw('GET', '/v1/models', {});
    expect(models.status).toBe(401);
  });

  it('a revoked session token stops working at once', async () => {
    const reg = await host.api('tokens:register', { taskName: 'sec-test' });
    expect(reg.status).toBe(200);
    const sessionToken = reg.body.result.token as string;
    const ok = await send(host.url, 'anthropic', bodyFor('anthropic', 'claude-sonnet-4-5'), headersFor('anthropic', sessionToken));
    expect(ok.status).toBe(200);
    expect((await host.api('tokens:revoke', { token: sessionToken })).status).toBe(200);
    const after = await send(host.url, 'anthropic', bodyFor('anthropic', 'claude-sonnet-4-5'), headersFor('anthropic', sessionToken));
    authShape('anthropic', after.status, after.text);
  });
});

describe('browser cross-origin requests', () => {
  const evil = 'https://evil.example';
  it.each(PROTOCOLS)('%s: refused even with a valid token, nothing forwarded, no CORS grant', async (protocol) => {
    const res = await raw(
      'POST',
      PATHS[protocol],
      { ...headersFor(protocol, host.token), origin: evil },
      JSON.stringify(bodyFor(protocol, PASSTHROUGH_MODEL[protocol])),
    );
    expect(res.status).toBe(403);
    expect(errorShape(protocol, res.text)).toBeDefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(host.mock.requests).toHaveLength(0);
  });

  it.each(['https://evil.example', 'null', 'http://localhost.evil.example', `http://127.0.0.1:${1}`])(
    'origin %s is refused on /api/* and /api/events',
    async (origin) => {
      const call = await raw(
        'POST',
        '/api/app:status',
        { authorization: `Bearer ${host.token}`, 'content-type': 'application/json', origin },
        'null',
      );
      expect(call.status).toBe(403);
      const events = await raw('GET', '/api/events', { authorization: `Bearer ${host.token}`, origin });
      expect(events.status).toBe(403);
    },
  );

  it('a CORS preflight from another origin gets no grant', async () => {
    const pre = await raw('OPTIONS', '/v1/messages', {
      origin: 'https://evil.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type',
    });
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    expect(pre.headers['access-control-allow-headers']).toBeUndefined();
  });
});

describe('non-loopback Host headers (DNS rebinding)', () => {
  const hosts = ['evil.example', 'evil.example:18080', '192.168.1.20', '10.0.0.1:80', 'localhost.evil.example'];
  it.each(hosts)('Host %s is refused on /v1/*, /api/* and the UI, even with valid tokens', async (h) => {
    const v1 = await raw(
      'POST',
      '/v1/messages',
      { ...headersFor('anthropic', host.token), host: h },
      JSON.stringify(bodyFor('anthropic', 'claude-sonnet-4-5')),
    );
    expect(v1.status).toBe(403);
    expect(errorShape('anthropic', v1.text)?.type).toBe('permission_error');
    const api = await raw(
      'POST',
      '/api/app:status',
      { authorization: `Bearer ${host.token}`, 'content-type': 'application/json', host: h },
      'null',
    );
    expect(api.status).toBe(403);
    const events = await raw('GET', '/api/events', { authorization: `Bearer ${host.token}`, host: h });
    expect(events.status).toBe(403);
    const ui = await raw('GET', '/', { host: h });
    expect(ui.text).not.toContain(host.token); // the app token is never handed to a rebound page
    expect(host.mock.requests).toHaveLength(0);
  });

  it.each(['127.0.0.1', 'localhost', '[::1]'])('loopback Host %s is accepted', async (h) => {
    const res = await raw(
      'POST',
      '/v1/messages',
      { ...headersFor('anthropic', host.token), host: `${h}:${host.port}` },
      JSON.stringify(bodyFor('anthropic', 'claude-sonnet-4-5')),
    );
    expect(res.status).toBe(200);
  });
});

describe('admin / IPC over HTTP', () => {
  const channels = ['app:status', 'providers:list', 'tokens:list', 'tokens:register', 'sessions:list'];
  const badAuth: Array<[string, () => Record<string, string>]> = [
    ['no token', () => ({})],
    ['a wrong token', () => ({ authorization: 'Bearer nope-nope-nope' })],
    ['a proxy client token (config server.tokens)', () => ({ authorization: `Bearer ${CLIENT_ONLY_TOKEN}` })],
    ['a provider key', () => ({ authorization: `Bearer ${ANT_KEY}` })],
    ['the app token in x-api-key (proxy style)', () => ({ 'x-api-key': host.token })],
  ];
  describe.each(badAuth)('%s', (_name, headers) => {
    it.each(channels)('POST /api/%s → 401, handler not run', async (channel) => {
      const before = ((await host.api('tokens:list')).body.result as unknown[]).length;
      const res = await raw(
        'POST',
        `/api/${channel}`,
        { 'content-type': 'application/json', ...headers() },
        JSON.stringify({ taskName: 'x' }),
      );
      expect(res.status).toBe(401);
      expect(JSON.parse(res.text)).toMatchObject({ ok: false });
      expect(((await host.api('tokens:list')).body.result as unknown[]).length).toBe(before);
    });

    it('GET /api/events → 401 and no event stream', async () => {
      const res = await raw('GET', '/api/events', headers());
      expect(res.status).toBe(401);
      expect(String(res.headers['content-type'])).not.toContain('event-stream');
    });
  });

  it('a session token registered for `switchyard run` does not open the admin API', async () => {
    const reg = await host.api('tokens:register', { taskName: 'sandbox' });
    const sessionToken = reg.body.result.token as string;
    const res = await raw(
      'POST',
      '/api/tokens:list',
      { authorization: `Bearer ${sessionToken}`, 'content-type': 'application/json' },
      'null',
    );
    expect(res.status).toBe(401);
    await host.api('tokens:revoke', { token: sessionToken });
  });
});
