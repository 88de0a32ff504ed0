import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOG_FLUSH_MS, exchangeLogSink, isoTimeFormatter, teeSink } from '../../src/main/headless/sinks';
import type { ExchangeEvent, RoutingDecision } from '../../src/shared/recording';

const routing: RoutingDecision = {
  rule: 'slot:sonnet',
  reason: 'claude-sonnet-4-5 → sonnet slot',
  requestedModel: 'claude-sonnet-4-5',
  providerId: 'anth',
  upstreamModel: 'claude-sonnet-4-5',
  upstreamProtocol: 'anthropic',
  passthrough: true,
  fallbacks: [],
};

function exchange(id: string, status: number): ExchangeEvent[] {
  const at = Date.now();
  return [
    {
      type: 'start',
      exchangeId: id,
      at,
      client: 'claude-code',
      inboundProtocol: 'anthropic',
      method: 'POST',
      path: '/v1/messages',
      headers: {},
      clientRequestBody: '{"model":"claude-sonnet-4-5"}',
      stream: false,
      session: {},
      routing,
    },
    { type: 'end', exchangeId: id, at: at + 12, status, partial: false, receivedAt: at, attempts: 1, usage: undefined },
  ];
}

describe('exchange log sink', () => {
  it('writes one line per finished exchange, batched into one write per LOG_FLUSH_MS', async () => {
    const writes: string[] = [];
    const sink = exchangeLogSink((lines) => writes.push(lines));
    for (const [i, status] of [200, 429, 200].entries()) for (const ev of exchange(`ex-${i}`, status)) sink.emit(ev);
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual([]);
    await new Promise((r) => setTimeout(r, LOG_FLUSH_MS + 20));
    expect(writes).toHaveLength(1);
    const lines = writes[0].split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/POST \/v1\/messages claude-sonnet-4-5 → anth\/claude-sonnet-4-5 \(slot:sonnet\) 200 12ms$/);
    expect(lines[1]).toContain(' 429 ');
    // Later exchanges get their own write.
    for (const ev of exchange('ex-late', 200)) sink.emit(ev);
    await new Promise((r) => setTimeout(r, LOG_FLUSH_MS + 20));
    expect(writes).toHaveLength(2);
    // Shutdown writes what is waiting at once.
    for (const ev of exchange('ex-last', 200)) sink.emit(ev);
    sink.flush();
    expect(writes).toHaveLength(3);
    expect(writes[2]).toContain(' 200 ');
    await new Promise((r) => setTimeout(r, LOG_FLUSH_MS + 20));
    expect(writes).toHaveLength(3);
  });

  it('says "not routed" for a request no route or slot took', () => {
    const writes: string[] = [];
    const sink = exchangeLogSink((lines) => writes.push(lines));
    const [start, end] = exchange('ex-404', 404);
    if (start!.type !== 'start' || end!.type !== 'end') throw new Error('fixture');
    start!.routing = { ...routing, rule: 'none', requestedModel: 'nope', providerId: '', upstreamModel: '' };
    sink.emit(start!);
    sink.emit({ ...end!, errorClass: 'not_found', errorMessage: 'Unknown model "nope"' });
    sink.flush();
    expect(writes[0]).toMatch(/POST \/v1\/messages nope → not routed 404 12ms not_found: Unknown model "nope"$/);
  });

  it('a throwing sink in a tee does not stop the others', () => {
    const seen: string[] = [];
    const tee = teeSink([
      {
        emit() {
          throw new Error('boom');
        },
      },
      { emit: (e) => seen.push(e.type) },
    ]);
    for (const ev of exchange('x', 200)) tee.emit(ev);
    expect(seen).toEqual(['start', 'end']);
  });
});

describe('isoTimeFormatter', () => {
  it('formats like Date#toISOString for any time, in any order of calls', () => {
    const ms = fc.integer({ min: 0, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) });
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            ms,
            ms.map((t) => t + 0.75),
          ),
          { minLength: 1, maxLength: 20 },
        ),
        (times) => {
          const iso = isoTimeFormatter();
          for (const t of times) expect(iso(t)).toBe(new Date(t).toISOString());
        },
      ),
    );
  });

  it('reuses the second across calls and rolls over at its end', () => {
    const iso = isoTimeFormatter();
    const base = Date.UTC(2026, 10, 22, 10, 0, 59);
    expect([base + 998, base + 999, base + 1000, base + 5].map(iso)).toEqual([
      '2026-11-22T10:00:59.998Z',
      '2026-11-22T10:00:59.999Z',
      '2026-11-22T10:01:00.000Z',
      '2026-11-22T10:00:59.005Z',
    ]);
  });
});
