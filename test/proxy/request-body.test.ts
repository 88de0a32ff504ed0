import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { requestBody } from '../../src/proxy/upstream/forward';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

async function drain(body: unknown): Promise<Buffer> {
  if (typeof body === 'string' || Buffer.isBuffer(body)) return Buffer.from(body);
  const parts: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) parts.push(chunk);
  return Buffer.concat(parts);
}

describe('upstream request body', () => {
  it('passes small bodies through as they are', () => {
    const headers = { 'content-type': 'application/json' };
    const small = '{"model":"m"}';
    expect(requestBody({ headers, body: small })).toEqual({ headers, body: small });
  });

  it('hands a large body over once, with its length, and keeps no reference to it afterwards', async () => {
    const text = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'é'.repeat(40_000) }] });
    let bytes: Buffer | undefined = Buffer.from(text);
    const ref = new WeakRef(bytes);
    const out = requestBody({ headers: { 'content-type': 'application/json' }, body: bytes });
    bytes = undefined;
    expect(out.headers['content-length']).toBe(String(Buffer.byteLength(text)));
    expect(Buffer.isBuffer(out.body) || typeof out.body === 'string').toBe(false);
    expect((await drain(out.body)).toString('utf8')).toBe(text);
    // What undici would hold on to for the whole answer: the iterable.
    const held = out.body;
    await new Promise((r) => setImmediate(r));
    gc();
    expect(ref.deref()).toBeUndefined();
    expect(await drain(held)).toHaveLength(0);
  });

  it('encodes a large string body as UTF-8 bytes', async () => {
    const text = JSON.stringify({ model: 'm', content: '✓'.repeat(20_000) });
    const out = requestBody({ headers: {}, body: text });
    expect(out.headers['content-length']).toBe(String(Buffer.byteLength(text)));
    expect((await drain(out.body)).toString('utf8')).toBe(text);
  });
});
