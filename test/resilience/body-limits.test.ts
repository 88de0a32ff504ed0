/**
 * Request bodies over server.bodyLimitMb → 413 in the client's protocol (declared length
 * and chunked uploads alike, with a small limit and once with the 32 MB default), and slow
 * trickled bodies — split mid UTF-8 character — accepted and proxied byte for byte.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Protocol } from '../../src/shared/ir';
import {
  PASSTHROUGH_MODEL,
  PATHS,
  PROTOCOLS,
  bodyFor,
  errorShape,
  headersFor,
  rawRequest,
  send,
  startProxy,
  streamedText,
  type ProxyHarness,
} from './support';

const SMALL_LIMIT_MB = 0.05; // 52,428 bytes

let h: ProxyHarness;
beforeAll(async () => {
  h = await startProxy({ bodyLimitMb: SMALL_LIMIT_MB });
});
afterAll(async () => h?.close());
beforeEach(() => h.mock.reset());

function expect413(protocol: Protocol, status: number, text: string): void {
  expect(status).toBe(413);
  const err = errorShape(protocol, text);
  expect(err, `not a ${protocol} error body: ${text}`).toBeDefined();
  if (protocol === 'anthropic') expect(err!.type).toBe('request_too_large');
  expect(err!.message).toMatch(/bodyLimitMb/);
}

/** Upload without content-length (chunked), so only counting the bytes can catch it. */
async function sendChunked(url: string, protocol: Protocol, total: number, pieceSize: number): Promise<{ status: number; text: string }> {
  const prefix = Buffer.from(JSON.stringify(bodyFor(protocol, PASSTHROUGH_MODEL[protocol], 'PAD')).split('PAD')[0]!);
  let sent = 0;
  const piece = Buffer.alloc(pieceSize, 0x61);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) {
        controller.enqueue(prefix);
        sent += prefix.length;
        return;
      }
      if (sent >= total) return controller.close();
      controller.enqueue(piece);
      sent += piece.length;
    },
  });
  try {
    const res = await fetch(url + PATHS[protocol], {
      method: 'POST',
      headers: headersFor(protocol),
      body: stream,
      duplex: 'half',
    } as RequestInit);
    return { status: res.status, text: await res.text() };
  } catch (e) {
    return { status: -1, text: String((e as Error).cause ?? e) };
  }
}

describe('bodies over the limit', () => {
  it.each(PROTOCOLS)('%s: a declared body over the limit → 413 in the client protocol, nothing forwarded', async (protocol) => {
    const body = JSON.stringify(bodyFor(protocol, PASSTHROUGH_MODEL[protocol], 'x'.repeat(80_000)));
    const res = await send(h.url, protocol, body);
    expect413(protocol, res.status, res.text);
    expect(h.mock.requests).toHaveLength(0);
    const ok = await send(h.url, protocol, bodyFor(protocol, PASSTHROUGH_MODEL[protocol], 'small'));
    expect(ok.status).toBe(200);
  });

  it.each(PROTOCOLS)('%s: a chunked upload that grows over the limit → 413, nothing forwarded', async (protocol) => {
    const res = await sendChunked(h.url, protocol, 200_000, 8_192);
    expect413(protocol, res.status, res.text);
    expect(h.mock.requests).toHaveLength(0);
  });

  it('a body just under the limit is proxied', async () => {
    const text = 'y'.repeat(50_000);
    const res = await send(h.url, 'anthropic', bodyFor('anthropic', 'claude-sonnet-4-5', text));
    expect(res.status).toBe(200);
    expect(h.mock.requests[0]!.rawBody).toContain(text);
  });

  it('the 32 MB default: a 33 MB chunked upload → 413 (Anthropic shape)', async () => {
    const big = await startProxy(); // default bodyLimitMb
    try {
      const res = await sendChunked(big.url, 'anthropic', 33 * 1024 * 1024, 1024 * 1024);
      expect413('anthropic', res.status, res.text);
      expect(big.mock.requests).toHaveLength(0);
      const ok = await send(big.url, 'anthropic', bodyFor('anthropic', 'claude-sonnet-4-5', 'after the big one'));
      expect(ok.status).toBe(200);
    } finally {
      await big.close();
    }
  });
});

describe('slow trickled bodies', () => {
  it.each(PROTOCOLS)('%s: a body trickled in 40 pieces (split inside UTF-8 characters) is proxied intact', async (protocol) => {
    const marker = `trickle-${protocol} héllo ✓ 日本語 🚀 end`;
    const bytes = Buffer.from(JSON.stringify(bodyFor(protocol, PASSTHROUGH_MODEL[protocol], marker, true)));
    // 40 even cuts plus two inside multi-byte characters (✓ is 3 bytes, 🚀 is 4)
    const cuts = new Set<number>([bytes.indexOf(Buffer.from('✓')) + 1, bytes.indexOf(Buffer.from('🚀')) + 2]);
    for (let i = 1; i < 40; i++) cuts.add(Math.floor((bytes.length * i) / 40));
    const points = [0, ...[...cuts].sort((a, b) => a - b), bytes.length];
    const pieces = points.slice(1).map((end, i) => bytes.subarray(points[i], end));
    expect(pieces.some((p) => p.toString('utf8').includes('\ufffd'))).toBe(true); // really torn characters
    h.mock.enqueue('echo');
    const res = await rawRequest(h.port, { path: PATHS[protocol], headers: headersFor(protocol), pieces, gapMs: 15 });
    expect(res.status).toBe(200);
    expect(streamedText(protocol, res.body)).toBe(marker);
    expect(h.mock.requests).toHaveLength(1);
    if (protocol === 'anthropic') expect(h.mock.requests[0]!.rawBody).toBe(bytes.toString('utf8')); // byte-identical passthrough
  });
});
