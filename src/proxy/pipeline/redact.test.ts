import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../errors/render';
import { SecretScrubber } from './redact';

const KEY = 'sk-ant-TEST-lanekey-1f9d3c';
const TOKEN = 'sy-app-token-77aa';

function run(scrubber: SecretScrubber, chunks: Buffer[]): Buffer {
  const out = chunks.map((c) => scrubber.push(c));
  const held = scrubber.flush();
  if (held) out.push(held);
  return Buffer.concat(out);
}

describe('SecretScrubber', () => {
  it('returns the very same Buffer when no secret is near', () => {
    const s = new SecretScrubber([KEY, TOKEN]);
    const chunk = Buffer.from('event: ping\ndata: {"type":"ping"}\n\n');
    expect(s.push(chunk)).toBe(chunk);
    expect(s.flush()).toBeUndefined();
  });

  it('masks a secret inside one chunk and keeps the bytes around it', () => {
    const s = new SecretScrubber([KEY]);
    const out = run(s, [Buffer.from(`data: {"message":"bad key ${KEY} é"}\n\n`)]);
    expect(out.toString('utf8')).toBe('data: {"message":"bad key *** é"}\n\n');
  });

  it('masks a secret split across chunks', () => {
    const s = new SecretScrubber([KEY]);
    const text = `data: {"message":"bad key ${KEY}"}\n\n`;
    const cut = text.indexOf(KEY) + 5;
    const first = s.push(Buffer.from(text.slice(0, cut)));
    expect(first.toString('utf8')).not.toContain('sk-an');
    const out = Buffer.concat([first, s.push(Buffer.from(text.slice(cut)))]);
    expect(out.toString('utf8')).toBe('data: {"message":"bad key ***"}\n\n');
    expect(s.flush()).toBeUndefined();
  });

  it('hands back a held prefix that turned out not to be a secret', () => {
    const s = new SecretScrubber([KEY]);
    expect(run(s, [Buffer.from('abc sk-an'), Buffer.from('t is fine')]).toString()).toBe('abc sk-ant is fine');
    expect(run(s, [Buffer.from('ends with sk-')]).toString()).toBe('ends with sk-');
  });

  it('ignores empty and too-short secrets', () => {
    const s = new SecretScrubber(['', undefined, 'abc']);
    const chunk = Buffer.from('abc abc');
    expect(s.push(chunk)).toBe(chunk);
  });

  it('matches redactSecrets on any chunking of any text', () => {
    const piece = fc.constantFrom(KEY, TOKEN, 'sk-', 'sy-app', ' ', 'é', '\n\n', 'data: ', 'x');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 8 }), (pieces, cuts) => {
        const bytes = Buffer.from(pieces.join(''));
        const points = [...new Set(cuts.map((c) => (bytes.length ? c % bytes.length : 0)))].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let from = 0;
        for (const p of points) {
          chunks.push(bytes.subarray(from, p));
          from = p;
        }
        chunks.push(bytes.subarray(from));
        const out = run(new SecretScrubber([KEY, TOKEN]), chunks);
        expect(out.toString('utf8')).toBe(redactSecrets(bytes.toString('utf8'), [KEY, TOKEN]));
      }),
    );
  });
});
