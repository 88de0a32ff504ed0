/**
 * Hostile or broken request bodies on /v1/messages, /v1/chat/completions and /v1/responses:
 * malformed JSON, wrong types, unknown fields, invalid UTF-8. Each gets a 400 in the
 * client's protocol (or, for passthrough-only concerns, reaches the upstream untouched),
 * and the proxy keeps serving: a normal request right after succeeds.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Protocol } from '../../src/shared/ir';
import {
  CONVERSION_MODEL,
  PASSTHROUGH_MODEL,
  PATHS,
  PROTOCOLS,
  bodyFor,
  errorShape,
  headersFor,
  rawRequest,
  send,
  startProxy,
  type ProxyHarness,
} from './support';

let h: ProxyHarness;
beforeAll(async () => {
  h = await startProxy();
});
afterAll(async () => h?.close());
beforeEach(() => h.mock.reset());

async function expectStillServing(protocol: Protocol): Promise<void> {
  const ok = await send(h.url, protocol, bodyFor(protocol, PASSTHROUGH_MODEL[protocol], 'still there?'));
  expect(ok.status).toBe(200);
}

function expect400(protocol: Protocol, status: number, text: string): void {
  expect(status).toBe(400);
  const err = errorShape(protocol, text);
  expect(err, `not a ${protocol} error body: ${text}`).toBeDefined();
  expect(err!.type).toMatch(/invalid_request/);
}

const both: Array<[Protocol, string, string]> = PROTOCOLS.flatMap((p): Array<[Protocol, string, string]> => [
  [p, 'passthrough', PASSTHROUGH_MODEL[p]],
  [p, 'conversion', CONVERSION_MODEL[p]],
]);

describe.each(both)('%s (%s lane)', (protocol, _kind, model) => {
  const bad: Array<[string, string]> = [
    ['truncated JSON', `{"model": "${model}", "messages": [`],
    ['trailing garbage', `${JSON.stringify(bodyFor(protocol, model))} }`],
    ['empty body', ''],
    ['a JSON array', '[1, 2, 3]'],
    ['JSON null', 'null'],
    ['a JSON string', '"hello"'],
    ['model is a number', JSON.stringify({ ...bodyFor(protocol, model), model: 42 })],
    ['model is missing', JSON.stringify({ ...bodyFor(protocol, model), model: undefined })],
  ];
  it.each(bad)('%s → 400 in the client protocol, then keeps serving', async (_name, body) => {
    const res = await send(h.url, protocol, body);
    expect400(protocol, res.status, res.text);
    expect(h.mock.requests).toHaveLength(0); // never forwarded
    await expectStillServing(protocol);
  });

  it('invalid UTF-8 in a JSON string → 400 in the client protocol, then keeps serving', async () => {
    const json = JSON.stringify(bodyFor(protocol, model, 'MARK'));
    const [before, after] = json.split('MARK') as [string, string];
    // 0xff never occurs in UTF-8; 0xc3 starts a 2-byte sequence that is then cut short.
    const bytes = Buffer.concat([Buffer.from(before), Buffer.from([0x61, 0xff, 0xfe, 0xc3]), Buffer.from(after)]);
    const res = await rawRequest(h.port, { path: PATHS[protocol], headers: headersFor(protocol), pieces: [bytes] });
    expect400(protocol, res.status, res.body);
    expect(h.mock.requests).toHaveLength(0);
    await expectStillServing(protocol);
  });

  it('unknown fields do not break the request', async () => {
    const res = await send(h.url, protocol, { ...bodyFor(protocol, model), zz_unknown_field: { nested: [1, 2] } });
    expect(res.status).toBe(200);
    expect(h.mock.requests).toHaveLength(1);
    const upstream = h.mock.requests[0]!;
    // passthrough: forwarded as sent (clients add fields faster than proxies learn them);
    // conversion: the foreign lane never sees a field of another protocol
    if (_kind === 'passthrough') expect(upstream.body).toHaveProperty('zz_unknown_field');
    else expect(upstream.body).not.toHaveProperty('zz_unknown_field');
  });
});

describe.each(PROTOCOLS)('%s: wrong types the proxy itself interprets', (protocol) => {
  it('the conversion lane refuses a non-array messages/input with 400 and keeps serving', async () => {
    const body =
      protocol === 'openai-responses'
        ? { ...bodyFor(protocol, CONVERSION_MODEL[protocol]), input: 42 }
        : { ...bodyFor(protocol, CONVERSION_MODEL[protocol]), messages: 'not a list' };
    const res = await send(h.url, protocol, body);
    expect400(protocol, res.status, res.text);
    expect(h.mock.requests).toHaveLength(0);
    await expectStillServing(protocol);
  });

  it('stream must be a boolean: "yes" → 400, not silently a non-stream answer', async () => {
    const res = await send(h.url, protocol, { ...bodyFor(protocol, CONVERSION_MODEL[protocol]), stream: 'yes' });
    expect400(protocol, res.status, res.text);
    expect(h.mock.requests).toHaveLength(0);
  });

  it('a passthrough lane forwards other wrong types untouched, so the upstream validates them', async () => {
    const body = JSON.stringify({ ...bodyFor(protocol, PASSTHROUGH_MODEL[protocol]), max_tokens: 'many', temperature: [] });
    await send(h.url, protocol, body);
    expect(h.mock.requests).toHaveLength(1);
    const sent = h.mock.requests[0]!.body!;
    expect(sent.max_tokens).toBe('many');
    expect(sent.temperature).toEqual([]);
  });
});
