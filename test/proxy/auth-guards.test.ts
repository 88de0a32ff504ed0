import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHostAllowed, isLoopbackHost, isOriginAllowed } from '../../src/proxy/guards';
import { anthropicHeaders, messagesBody, post, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

describe('host and origin helpers', () => {
  it('recognises loopback host names with and without ports', () => {
    for (const ok of ['localhost', 'localhost:18080', '127.0.0.1:1', '127.3.4.5', '[::1]:80', '::1', 'app.localhost:5'])
      expect(isLoopbackHost(ok)).toBe(true);
    for (const bad of ['evil.com', 'evil.com:18080', '10.0.0.1', '127.0.0.1.evil.com', '', undefined])
      expect(isLoopbackHost(bad)).toBe(false);
  });
  it('allows a specific bind host and any host on a wildcard bind', () => {
    expect(isHostAllowed('box:8080', '127.0.0.1')).toBe(false);
    expect(isHostAllowed('box:8080', 'box')).toBe(true);
    expect(isHostAllowed('anything', '0.0.0.0')).toBe(true);
  });
  it('allows no-origin callers, allowlisted and same-origin loopback origins only', () => {
    expect(isOriginAllowed(undefined, 'localhost:1', [])).toBe(true);
    expect(isOriginAllowed('http://localhost:1', 'localhost:1', [])).toBe(true);
    expect(isOriginAllowed('https://evil.com', 'localhost:1', [])).toBe(false);
    expect(isOriginAllowed('https://ok.dev', 'localhost:1', ['https://ok.dev/'])).toBe(true);
    expect(isOriginAllowed('null', 'localhost:1', [])).toBe(false);
  });
});

describe('inbound auth and guards', () => {
  it('rejects a missing or wrong token with 401 authentication_error (Anthropic shape)', async () => {
    const none = await post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-5'), { 'content-type': 'application/json' });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text)).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    const wrong = await post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-5'), {
      'content-type': 'application/json',
      authorization: 'Bearer nope-token',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain('nope-token');
    expect(h.mock.requests).toHaveLength(0);
  });

  it('renders 401 in the OpenAI shape on OpenAI endpoints', async () => {
    const res = await post(`${h.url}/v1/responses`, { model: 'gpt-5-codex', input: 'hi' }, { 'content-type': 'application/json' });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text).error.code).toBe('invalid_api_key');
  });

  it('accepts x-api-key, config server.tokens and registered session tokens', async () => {
    const ok1 = await post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-5'), {
      'content-type': 'application/json',
      'x-api-key': 'extra-token-1',
    });
    expect(ok1.status).toBe(200);
    h.runtime.registerToken({ token: 'sess-tok-1', sessionId: 'task-42', taskName: 'fix bug', createdAt: Date.now() });
    const ok2 = await post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-5'), {
      'content-type': 'application/json',
      authorization: 'Bearer sess-tok-1',
    });
    expect(ok2.status).toBe(200);
    const start = h.events.filter((e) => e.type === 'start').pop();
    expect(start?.type === 'start' && start.session).toMatchObject({ tokenSessionId: 'task-42', taskName: 'fix bug' });
    h.runtime.revokeToken('sess-tok-1');
    const gone = await post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-5'), {
      'content-type': 'application/json',
      authorization: 'Bearer sess-tok-1',
    });
    expect(gone.status).toBe(401);
  });

  it('rejects a browser Origin that is not allowlisted, and non-loopback Host headers', async () => {
    const o = await post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-5'), {
      ...anthropicHeaders,
      origin: 'https://evil.example',
    });
    expect(o.status).toBe(403);
    expect(JSON.parse(o.text).error.type).toBe('permission_error');
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/messages',
      headers: { ...anthropicHeaders, host: 'evil.example:18080' },
      payload: messagesBody('claude-sonnet-4-5'),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.type).toBe('permission_error');
    const head = await h.app.inject({ method: 'HEAD', url: '/', headers: { host: 'rebind.attacker.com' } });
    expect(head.statusCode).toBe(403);
  });
});
