/**
 * Upstream hangs: before the response head (first-byte timeout) and between chunks (idle
 * timeout), with the timeouts taken from the lane's `providers[].timeouts` (300 ms here).
 * The client gets a clear timeout error in its protocol, long before the upstream would
 * have answered, and the upstream request is abandoned.
 */
import { describe, expect, it } from 'vitest';
import {
  LANE_FIRST_BYTE_MS,
  PROTOCOLS,
  SLOW_MODEL,
  bodyFor,
  endedProperly,
  errorShape,
  lastEnd,
  send,
  startProxy,
  streamError,
  streamedText,
  waitFor,
  type ProxyHarness,
} from './support';

// Each case gets its own mock + proxy so the cases (mostly waiting on timers) run
// concurrently. One retry with a short backoff keeps the hang case fast; the lane's own
// timeouts (providers[].timeouts) apply.
async function withProxy(fn: (h: ProxyHarness) => Promise<void>): Promise<void> {
  const h = await startProxy({ deps: { retry: { maxRetries: 1, baseDelayMs: 10, maxDelayMs: 20 } } });
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}

describe('hang before the first byte', () => {
  it.concurrent.each(PROTOCOLS)('%s: 504 timeout in the client protocol after firstByteMs, retried once', async (protocol) =>
    withProxy(async (h) => {
      h.mock.enqueue('hang', 'hang');
      const started = Date.now();
      const res = await send(h.url, protocol, bodyFor(protocol, SLOW_MODEL[protocol], 'hello', true));
      const elapsed = Date.now() - started;
      expect(res.status).toBe(504);
      const err = errorShape(protocol, res.text);
      expect(err).toBeDefined();
      if (protocol === 'anthropic') expect(err!.type).toBe('timeout_error');
      expect(err!.message).toMatch(/first-byte timeout/);
      expect(h.mock.requests).toHaveLength(2);
      // two attempts of ~300 ms, not the hang (which is forever) nor the 5-minute default
      expect(elapsed).toBeGreaterThanOrEqual(2 * LANE_FIRST_BYTE_MS - 20);
      expect(elapsed).toBeLessThan(8000);
      await waitFor(() => h.mock.requests.every((r) => r.aborted), 2000, 'upstream sockets closed');
      const end = lastEnd(h.events, res.headers.get('x-switchyard-exchange-id')!);
      expect(end).toMatchObject({ errorClass: 'timeout', status: 504 });
    }),
  );
});

describe('hang between chunks', () => {
  it.concurrent.each(PROTOCOLS)('%s: the idle timeout ends the stream with a timeout error event', async (protocol) =>
    withProxy(async (h) => {
      h.mock.enqueue('gap:10000,deltas:4');
      const started = Date.now();
      const res = await send(h.url, protocol, bodyFor(protocol, SLOW_MODEL[protocol], 'hello', true));
      const elapsed = Date.now() - started;
      expect(res.status).toBe(200);
      const err = streamError(protocol, res.text);
      expect(err).toBeDefined();
      expect(JSON.stringify(err)).toMatch(/idle timeout/);
      expect(endedProperly(protocol, res.text)).toBe(false);
      expect(elapsed).toBeLessThan(6000); // the upstream would have taken 30 s
      await waitFor(() => h.mock.requests[0]!.aborted, 2000, 'upstream socket closed');
      const end = lastEnd(h.events, res.headers.get('x-switchyard-exchange-id')!);
      expect(end).toMatchObject({ errorClass: 'timeout', partial: true });
    }),
  );

  it.concurrent.each(PROTOCOLS)('%s: head at once but the first body byte never comes → timeout error event', async (protocol) =>
    withProxy(async (h) => {
      h.mock.enqueue('first-byte:10000');
      const res = await send(h.url, protocol, bodyFor(protocol, SLOW_MODEL[protocol], 'hello', true));
      expect(res.status).toBe(200);
      expect(JSON.stringify(streamError(protocol, res.text))).toMatch(/idle timeout/);
      expect(endedProperly(protocol, res.text)).toBe(false);
    }),
  );

  it.concurrent.each(PROTOCOLS)('%s: pauses shorter than the idle timeout do not trip it', async (protocol) =>
    withProxy(async (h) => {
      h.mock.enqueue('gap:120,deltas:3,reply:slow but steady');
      const res = await send(h.url, protocol, bodyFor(protocol, SLOW_MODEL[protocol], 'hello', true));
      expect(streamError(protocol, res.text)).toBeUndefined();
      expect(endedProperly(protocol, res.text)).toBe(true);
      expect(streamedText(protocol, res.text)).toBe('slow but steady');
    }),
  );
});
