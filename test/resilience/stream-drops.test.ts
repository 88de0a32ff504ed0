/**
 * Upstream faults after the first byte, on every inbound protocol and on both passthrough
 * and conversion lanes: the client gets its protocol's error signal (never a silent
 * truncation) and the exchange is recorded as partial — in the event stream and in the
 * real trajectory store.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Protocol } from '../../src/shared/ir';
import { openTempStore, type TempStore } from './store-support';
import {
  ALL_KEYS,
  CONVERSION_MODEL,
  PASSTHROUGH_MODEL,
  PROTOCOLS,
  bodyFor,
  endedProperly,
  lastEnd,
  send,
  startProxy,
  streamError,
  waitFor,
  type ProxyHarness,
} from './support';

let h: ProxyHarness;
let ts: TempStore;

beforeAll(async () => {
  ts = openTempStore(ALL_KEYS);
  h = await startProxy({ sink: ts.store });
});
afterAll(async () => {
  await h?.close();
  await ts?.dispose();
});
beforeEach(() => h.mock.reset());

const lanes: Array<[string, Record<Protocol, string>]> = [
  ['passthrough', PASSTHROUGH_MODEL],
  ['conversion', CONVERSION_MODEL],
];

describe.each(lanes)('%s lanes: the upstream fails mid-stream', (_kind, models) => {
  it.each(PROTOCOLS)('%s: a dropped socket ends in the protocol error event and a partial record', async (protocol) => {
    h.mock.enqueue('drop:4,deltas:6');
    const res = await send(h.url, protocol, bodyFor(protocol, models[protocol], 'drop me', true));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    // data reached the client before the fault: this is a mid-stream failure
    expect(res.text.length).toBeGreaterThan(50);
    expect(streamError(protocol, res.text)).toBeDefined();
    expect(endedProperly(protocol, res.text)).toBe(false);
    expect(h.mock.requests).toHaveLength(1); // never retried after the first byte

    const id = res.headers.get('x-switchyard-exchange-id')!;
    await waitFor(() => lastEnd(h.events, id) !== undefined, 3000, 'end event');
    expect(lastEnd(h.events, id)).toMatchObject({ partial: true });
    await ts.store.flush();
    const saved = ts.store.getExchange(id);
    expect(saved.partial).toBe(true);
    expect(saved.stream).toBe(true);
    expect(saved.bodies.clientRequest).toContain('drop me');
  });

  it.each(PROTOCOLS)('%s: a stream cut short without its protocol end gets an error, not a silent end', async (protocol) => {
    h.mock.enqueue('truncate:3,deltas:6');
    const res = await send(h.url, protocol, bodyFor(protocol, models[protocol], 'truncate me', true));
    expect(res.status).toBe(200);
    expect(streamError(protocol, res.text)).toBeDefined();
    expect(endedProperly(protocol, res.text)).toBe(false);
    const id = res.headers.get('x-switchyard-exchange-id')!;
    await waitFor(() => lastEnd(h.events, id) !== undefined, 3000, 'end event');
    expect(lastEnd(h.events, id)!.partial).toBe(true);
    await ts.store.flush();
    expect(ts.store.getExchange(id).partial).toBe(true);
  });

  it.each(PROTOCOLS)('%s: the proxy keeps serving the same lane after a drop', async (protocol) => {
    h.mock.enqueue('drop:2');
    await send(h.url, protocol, bodyFor(protocol, models[protocol], 'first', true));
    const ok = await send(h.url, protocol, bodyFor(protocol, models[protocol], 'second', true));
    expect(ok.status).toBe(200);
    expect(endedProperly(protocol, ok.text)).toBe(true);
    expect(streamError(protocol, ok.text)).toBeUndefined();
  });
});

describe('a drop right after the response head', () => {
  it.each(PROTOCOLS)('%s: head sent, no event delivered → the client still gets the protocol error event', async (protocol) => {
    h.mock.enqueue('drop:0');
    const res = await send(h.url, protocol, bodyFor(protocol, PASSTHROUGH_MODEL[protocol], 'x', true));
    expect(res.status).toBe(200);
    expect(streamError(protocol, res.text)).toBeDefined();
    expect(endedProperly(protocol, res.text)).toBe(false);
    const id = res.headers.get('x-switchyard-exchange-id')!;
    await waitFor(() => lastEnd(h.events, id) !== undefined, 3000, 'end event');
    expect(lastEnd(h.events, id)).toMatchObject({ partial: true, errorClass: 'upstream_error' });
  });
});
