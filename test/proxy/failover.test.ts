import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configYaml, messagesBody, post, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());
beforeEach(() => h.mock.reset());

describe('retries and failover', () => {
  it('retries a 529 before the first byte on the same lane', async () => {
    h.mock.enqueue('error:529');
    const res = await post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-5'));
    expect(res.status).toBe(200);
    expect(h.mock.requests.map((r) => r.status)).toEqual([529, 200]);
    const end = h.events.filter((e) => e.type === 'end').pop();
    expect(end?.type === 'end' && end.attempts).toBe(2);
  });

  it('honours retry-after before retrying a 429', async () => {
    h.mock.enqueue('error:429,retry-after:1');
    const t0 = Date.now();
    const res = await post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-5'));
    expect(res.status).toBe(200);
    expect(h.mock.requests).toHaveLength(2);
    expect(h.mock.requests[1]!.at - h.mock.requests[0]!.at).toBeGreaterThanOrEqual(950);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
  });

  it('falls back to the next lane of the route when retries are exhausted', async () => {
    h.mock.enqueue('error:500', 'error:503');
    const res = await post(`${h.url}/v1/messages`, messagesBody('with-fallback'));
    expect(res.status).toBe(200);
    expect(h.mock.requests.map((r) => [r.path, r.body?.model])).toEqual([
      ['/v1/messages', 'primary-model'],
      ['/v1/messages', 'primary-model'],
      ['/backup/v1/messages', 'backup-model'],
    ]);
    expect(h.mock.requests[2]!.headers['x-api-key']).toBe('backup-lane-key-999');
    const end = h.events.filter((e) => e.type === 'end').pop();
    expect(end?.type === 'end' && end.finalProviderId).toBe('backup');
  });

  it('relays a non-retryable upstream error at once, without fallback', async () => {
    h.mock.enqueue('error:400,message:bad field');
    const res = await post(`${h.url}/v1/messages`, messagesBody('with-fallback'));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error.message).toBe('bad field');
    expect(h.mock.requests).toHaveLength(1);
  });

  it('relays the last upstream error when every lane failed', async () => {
    h.mock.enqueue('error:529', 'error:529', 'error:529', 'error:529');
    const res = await post(`${h.url}/v1/messages`, messagesBody('with-fallback'));
    expect(res.status).toBe(529);
    expect(JSON.parse(res.text).error.type).toBe('overloaded_error');
    expect(res.headers.get('x-should-retry')).toBe('true');
    expect(h.mock.requests).toHaveLength(4);
  });
});

describe('connect failures and the circuit breaker', () => {
  it('fails over on connect errors and opens the circuit of a lane that keeps failing', async () => {
    const h2 = await startHarness({
      yaml: (u) =>
        configYaml(u)
          .replace(`baseUrl: ${u}\n    apiKey: sk-ant`, 'baseUrl: http://127.0.0.1:1\n    apiKey: sk-ant')
          .replace('slots:', 'slots:\n  # all slots on the dead lane\n'),
    });
    try {
      for (let i = 0; i < 2; i++) {
        const res = await post(`${h2.url}/v1/messages`, messagesBody('with-fallback'));
        expect(res.status).toBe(200);
      }
      // threshold 3: 2 requests × 2 attempts opened it
      const ready = (await (await fetch(`${h2.url}/readyz`)).json()) as {
        ready: boolean;
        providers: Array<{ providerId: string; circuit: string; usable: boolean; lastError?: string }>;
      };
      const dead = ready.providers.find((p) => p.providerId === 'anthropic')!;
      expect(dead.circuit).toBe('open');
      expect(dead.usable).toBe(false);
      expect(dead.lastError).toMatch(/cannot connect/);
      expect(ready.ready).toBe(false);
      // an open circuit is skipped: straight to the fallback, no connect attempt
      const before = h2.mock.requests.length;
      const res = await post(`${h2.url}/v1/messages`, messagesBody('with-fallback'));
      expect(res.status).toBe(200);
      expect(h2.mock.requests.length - before).toBe(1);
      const end = h2.events.filter((e) => e.type === 'end').pop();
      expect(end?.type === 'end' && end.attempts).toBe(1);
      // without a fallback the client gets a 503 overloaded_error naming the cooldown
      const direct = await post(`${h2.url}/v1/messages`, messagesBody('claude-sonnet-4-5'));
      expect(direct.status).toBe(503);
      expect(JSON.parse(direct.text).error.type).toBe('overloaded_error');
    } finally {
      await h2.close();
    }
  });

  it('returns 502 api_error with a connect message when the only lane is down, without leaking keys', async () => {
    const h2 = await startHarness({
      yaml: (u) => configYaml(u).replace(`baseUrl: ${u}\n    apiKey: sk-ant`, 'baseUrl: http://127.0.0.1:1\n    apiKey: sk-ant'),
    });
    try {
      const res = await post(`${h2.url}/v1/messages`, messagesBody('claude-sonnet-4-5'));
      expect(res.status).toBe(502);
      const body = JSON.parse(res.text);
      expect(body.error.type).toBe('api_error');
      expect(body.error.message).toMatch(/anthropic: cannot connect/);
      expect(res.text).not.toContain('sk-ant');
      const end = h2.events.filter((e) => e.type === 'end').pop();
      expect(end?.type === 'end' && end.errorClass).toBe('upstream_error');
    } finally {
      await h2.close();
    }
  });
});
