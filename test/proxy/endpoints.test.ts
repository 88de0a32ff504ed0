/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies under test */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProxy } from '../../src/proxy/build-proxy';
import { createProxyRuntime } from '../../src/proxy/runtime';
import { APP_TOKEN, anthropicHeaders, auth, configYaml, messagesBody, post, resolve, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

describe('endpoints', () => {
  it('answers HEAD / and HEAD /api/hello without a token', async () => {
    for (const path of ['/', '/api/hello']) {
      const res = await fetch(h.url + path, { method: 'HEAD' });
      expect(res.status).toBe(200);
      expect(res.headers.get('server-timing')).toMatch(/^proxy;dur=\d/);
    }
  });

  it('leaves GET / and /api/* to the host, without the proxy auth hook', async () => {
    const app = buildProxy(
      { current: () => resolve(configYaml('http://127.0.0.1:9')) },
      { runtime: createProxyRuntime(), appToken: APP_TOKEN },
    );
    app.get('/', async () => 'ui');
    app.get('/api/status', async () => ({ ok: 1 }));
    await app.ready();
    expect((await app.inject({ method: 'GET', url: '/' })).body).toBe('ui');
    const status = await app.inject({ method: 'GET', url: '/api/status' });
    expect(status.statusCode).toBe(200);
    expect(status.headers['server-timing']).toMatch(/^proxy;dur=/);
    expect((await app.inject({ method: 'HEAD', url: '/' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/v1/messages', payload: {} })).statusCode).toBe(401);
    await app.close();
  });

  it('serves /healthz and /v1/models in the Anthropic and OpenAI list shapes', async () => {
    const health = await fetch(`${h.url}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as any).ok).toBe(true);

    const a = await fetch(`${h.url}/v1/models`, { headers: anthropicHeaders });
    const aj = (await a.json()) as any;
    const ids = aj.data.map((m: { id: string }) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['claude-sonnet-4-5', 'renamed', 'sonnet', 'anthropic/sonnet-upstream', 'gpt-5-codex']));
    expect(aj.data[0].type).toBe('model');
    expect(aj.has_more).toBe(false);
    expect(a.headers.get('server-timing')).toMatch(/proxy;dur=/);

    const o = await fetch(`${h.url}/v1/models`, { headers: { ...auth, originator: 'codex_cli_rs' } });
    const oj = (await o.json()) as any;
    expect(oj.object).toBe('list');
    expect(oj.data[0].object).toBe('model');
  });

  it('answers an unknown model with 404 in the client protocol, listing what exists', async () => {
    const a = await post(`${h.url}/v1/messages`, messagesBody('gpt-nope'));
    expect(a.status).toBe(404);
    const aj = JSON.parse(a.text);
    expect(aj.type).toBe('error');
    expect(aj.error.type).toBe('not_found_error');
    expect(aj.error.message).toContain('claude-sonnet-4-5');
    expect(a.headers.get('server-timing')).toMatch(/proxy;dur=/);

    // codex has a default slot, so use chat with a client that has no slots for it
    const h2 = await startHarness({ yaml: (u) => configYaml(u).replace('codex: { default: resp/gpt-5 }', '') });
    try {
      const o = await post(`${h2.url}/v1/responses`, { model: 'nope', input: 'hi' }, auth);
      expect(o.status).toBe(404);
      const oj = JSON.parse(o.text);
      expect(oj.error.code).toBe('model_not_found');
      expect(oj.error.message).toContain('gpt-5-codex');
    } finally {
      await h2.close();
    }
  });

  it('rejects bodies over server.bodyLimitMb with 413 in the client protocol', async () => {
    const h2 = await startHarness({ yaml: (u) => configYaml(u).replace('server:\n', 'server:\n  bodyLimitMb: 0.01\n') });
    try {
      const big = messagesBody('claude-sonnet-4-5', { messages: [{ role: 'user', content: 'x'.repeat(20_000) }] });
      const res = await post(`${h2.url}/v1/messages`, big);
      expect(res.status).toBe(413);
      expect(JSON.parse(res.text).error.type).toBe('request_too_large');
      const o = await post(
        `${h2.url}/v1/chat/completions`,
        { model: 'chat-model', messages: [{ role: 'user', content: 'x'.repeat(20_000) }] },
        auth,
      );
      expect(o.status).toBe(413);
      expect(JSON.parse(o.text).error.message).toMatch(/bodyLimitMb/);
      expect(h2.mock.requests).toHaveLength(0);
    } finally {
      await h2.close();
    }
  });

  it('answers invalid JSON with 400 invalid_request_error', async () => {
    const res = await post(`${h.url}/v1/messages`, '{"model": ', anthropicHeaders);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error.type).toBe('invalid_request_error');
  });

  it('rejects invalid UTF-8 and a non-boolean stream flag with 400 before any upstream call', async () => {
    h.mock.reset();
    const bytes = Buffer.concat([
      Buffer.from('{"model":"claude-sonnet-4-5","max_tokens":5,"messages":[{"role":"user","content":"a'),
      Buffer.from([0xff, 0xc3]),
      Buffer.from('"}]}'),
    ]);
    const bad = await fetch(`${h.url}/v1/messages`, { method: 'POST', headers: anthropicHeaders, body: bytes });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.message).toContain('UTF-8');
    const stream = await post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-5', { stream: 'yes' }));
    expect(stream.status).toBe(400);
    expect(JSON.parse(stream.text).error.type).toBe('invalid_request_error');
    expect(h.mock.requests).toHaveLength(0);
  });

  it('/readyz is 200 only when every provider a slot uses is usable', async () => {
    const ok = await fetch(`${h.url}/readyz`);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as any;
    expect(body.ready).toBe(true);
    expect(body.providers.find((p: { providerId: string }) => p.providerId === 'anthropic')).toMatchObject({
      configured: true,
      keyResolved: true,
      circuit: 'closed',
    });

    const h2 = await startHarness({
      yaml: (u) =>
        configYaml(u)
          .replace('apiKey: backup-lane-key-999', 'apiKey: ENV:SY_TEST_MISSING_KEY')
          .replace('haiku: anthropic/haiku-upstream', 'haiku: backup/h'),
    });
    try {
      const bad = await fetch(`${h2.url}/readyz`);
      expect(bad.status).toBe(503);
      const bj = (await bad.json()) as any;
      expect(bj.ready).toBe(false);
      expect(bj.problems.join(' ')).toContain('SY_TEST_MISSING_KEY');
      expect(bj.providers.find((p: { providerId: string }) => p.providerId === 'backup')).toMatchObject({
        keyResolved: false,
        usable: false,
      });
      // and a request to that lane fails with the fix, in the client's protocol
      const res = await post(`${h2.url}/v1/messages`, messagesBody('claude-3-5-haiku-20241022'));
      expect(res.status).toBe(500);
      expect(JSON.parse(res.text).error.message).toContain('SY_TEST_MISSING_KEY');
    } finally {
      await h2.close();
    }
  });
});
