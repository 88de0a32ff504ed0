/**
 * Rate limits and overload before the first byte: the proxy retries the same lane, spacing
 * the attempts per the upstream's retry-after, then the route's fallback lane answers.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bodyFor, endedProperly, lastEnd, send, startProxy, streamedText, waitFor, type ProxyHarness } from './support';

let h: ProxyHarness;
beforeAll(async () => {
  // Real retry policy defaults (2 retries per lane, retry-after honoured up to 10 s).
  h = await startProxy();
});
afterAll(async () => h?.close());
beforeEach(() => h.mock.reset());

const byPrefix = (prefix: string) => h.mock.requests.filter((r) => r.path.startsWith(prefix));
const gaps = (at: number[]) => at.slice(1).map((t, i) => t - at[i]!);

describe('429 / 529 with retry-after, then fallback', () => {
  it('Anthropic client: retries spaced per retry-after, then the fallback lane answers the stream', async () => {
    h.mock.enqueue('error:429,retry-after:1', 'error:529,retry-after:0.3', 'error:529,retry-after:0.3', 'reply:from the fallback lane');
    const started = Date.now();
    const res = await send(h.url, 'anthropic', bodyFor('anthropic', 'flaky-claude', 'hello', true));
    expect(res.status).toBe(200);
    expect(streamedText('anthropic', res.text)).toBe('from the fallback lane');
    expect(endedProperly('anthropic', res.text)).toBe(true);

    const primary = byPrefix('/flaky/');
    const fallback = byPrefix('/backup/');
    expect(primary).toHaveLength(3); // first try + 2 retries on the same lane
    expect(fallback).toHaveLength(1);
    expect(primary.every((r) => r.body?.model === 'primary')).toBe(true);
    expect(fallback[0]!.body?.model).toBe('backup-model');
    // spacing: ≥ 1 s after the 429 (retry-after: 1), ≥ 0.3 s after the first 529
    const [afterRateLimit, afterOverload] = gaps(primary.map((r) => r.at));
    expect(afterRateLimit).toBeGreaterThanOrEqual(990);
    expect(afterOverload).toBeGreaterThanOrEqual(290);
    // the fallback goes at once after the last lane failure (no retry-after wait beyond it)
    expect(fallback[0]!.at - primary[2]!.at).toBeLessThan(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1290);

    const id = res.headers.get('x-switchyard-exchange-id')!;
    await waitFor(() => lastEnd(h.events, id) !== undefined);
    expect(lastEnd(h.events, id)).toMatchObject({ finalProviderId: 'backup', attempts: 4, partial: false, status: 200 });
  });

  it('Chat client: an openai-chat lane at 529 falls back to an Anthropic lane, answer converted', async () => {
    h.mock.enqueue('error:529,retry-after:0.2', 'error:529,retry-after:0.2', 'error:429,retry-after:0.2', 'reply:converted fallback');
    const res = await send(h.url, 'openai-chat', bodyFor('openai-chat', 'flaky-chat', 'hello', true));
    expect(res.status).toBe(200);
    expect(streamedText('openai-chat', res.text)).toBe('converted fallback');
    expect(endedProperly('openai-chat', res.text)).toBe(true);
    const primary = byPrefix('/flakychat/');
    expect(primary).toHaveLength(3);
    for (const g of gaps(primary.map((r) => r.at))) expect(g).toBeGreaterThanOrEqual(190);
    const fallback = byPrefix('/backup/');
    expect(fallback).toHaveLength(1);
    // the Anthropic fallback lane received an Anthropic request, not the chat body
    expect(fallback[0]!.path).toBe('/backup/v1/messages');
    expect(Array.isArray(fallback[0]!.body?.messages)).toBe(true);
  });

  it('a retry-after longer than the client should wait moves to the fallback lane at once', async () => {
    h.mock.enqueue('error:429,retry-after:120', 'reply:no waiting');
    const started = Date.now();
    const res = await send(h.url, 'anthropic', bodyFor('anthropic', 'flaky-claude', 'hello'));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).content[0].text).toBe('no waiting');
    expect(byPrefix('/flaky/')).toHaveLength(1);
    expect(byPrefix('/backup/')).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('when every lane is rate limited the client gets 429 in its protocol with retry-after', async () => {
    const spec = 'error:429,retry-after:0.1';
    h.mock.enqueue(spec, spec, spec, spec, spec, spec);
    const res = await send(h.url, 'openai-chat', bodyFor('openai-chat', 'flaky-chat', 'hello'));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('0.1');
    const body = JSON.parse(res.text);
    expect(body.error.code ?? body.error.type).toMatch(/rate_limit/);
    expect(h.mock.requests).toHaveLength(6); // 3 per lane, 2 lanes
  });
});
