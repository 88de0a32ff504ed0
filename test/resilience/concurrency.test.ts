/**
 * 500 concurrent streams across the three inbound protocols, passthrough and conversion
 * lanes: every stream completes with its protocol's proper end, carries exactly its own
 * marker (echoed by the mock) and nothing of another's, and every exchange is recorded
 * once. Client, proxy and mock share one event loop, so each stream is held open ~3 s
 * (pauses between events) to make them overlap even on a busy 2-core machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Protocol } from '../../src/shared/ir';
import {
  CONVERSION_MODEL,
  PASSTHROUGH_MODEL,
  PROTOCOLS,
  bodyFor,
  endedProperly,
  send,
  startProxy,
  streamError,
  streamedText,
  waitFor,
  type ProxyHarness,
} from './support';

const N = 500;

let h: ProxyHarness;
beforeAll(async () => {
  h = await startProxy();
});
afterAll(async () => h?.close());

describe(`${N} concurrent streams`, () => {
  it('all complete, uncorrupted, none mixed with another, each recorded once', { timeout: 90_000 }, async () => {
    const nonce = Math.random().toString(36).slice(2, 8);
    const jobs = Array.from({ length: N }, (_, i) => {
      const protocol: Protocol = PROTOCOLS[i % 3]!;
      const model = i % 2 === 0 ? PASSTHROUGH_MODEL[protocol] : CONVERSION_MODEL[protocol];
      return { i, protocol, model, marker: `<m${nonce}-${i}-${'z'.repeat(i % 17)}>` };
    });
    // echo with a pause between events keeps all streams open at the same time
    h.mock.enqueue(...jobs.map(() => 'echo,deltas:10,gap:300'));
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, h.runtime.stats().inFlight)), 5);
    const results = await Promise.all(
      jobs.map(async (j) => ({ j, res: await send(h.url, j.protocol, bodyFor(j.protocol, j.model, j.marker, true)) })),
    );
    clearInterval(sampler);

    const markerRe = new RegExp(`<m${nonce}-(\\d+)-z*>`, 'g');
    const problems: string[] = [];
    for (const { j, res } of results) {
      if (res.status !== 200) problems.push(`#${j.i} ${j.protocol}/${j.model}: HTTP ${res.status}`);
      else if (streamError(j.protocol, res.text)) problems.push(`#${j.i}: error event`);
      else if (!endedProperly(j.protocol, res.text)) problems.push(`#${j.i}: no proper end`);
      else if (streamedText(j.protocol, res.text) !== j.marker) problems.push(`#${j.i}: text ${streamedText(j.protocol, res.text)}`);
      const seen = new Set([...res.text.matchAll(markerRe)].map((m) => Number(m[1])));
      if (seen.size > 1 || (seen.size === 1 && !seen.has(j.i))) problems.push(`#${j.i}: foreign markers ${[...seen].join(',')}`);
    }
    expect(problems).toEqual([]);
    expect(h.mock.requests).toHaveLength(N);
    expect(peak).toBeGreaterThanOrEqual(250); // really concurrent, not one after another

    const ids = results.map((r) => r.res.headers.get('x-switchyard-exchange-id')!);
    expect(new Set(ids).size).toBe(N);
    await waitFor(() => h.events.filter((e) => e.type === 'end').length === N, 10_000, 'all end events');
    const ends = h.events.filter((e) => e.type === 'end');
    expect(new Set(ends.map((e) => e.exchangeId))).toEqual(new Set(ids));
    expect(ends.every((e) => e.type === 'end' && !e.partial && e.status === 200)).toBe(true);
  });
});
