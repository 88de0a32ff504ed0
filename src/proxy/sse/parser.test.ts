import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SSEParser, formatSSE, type SSEEvent } from './parser';

function parseAll(chunks: Array<string | Uint8Array>): SSEEvent[] {
  const p = new SSEParser();
  const out: SSEEvent[] = [];
  for (const c of chunks) out.push(...p.push(c));
  out.push(...p.end());
  return out;
}

describe('SSEParser', () => {
  it('parses named events, default events, multi-line data and comments', () => {
    const events = parseAll([': hello\n\nevent: message_start\ndata: {"a":1}\n\ndata: line1\ndata: line2\nid: 7\n\n']);
    expect(events).toEqual([
      { event: 'message_start', data: '{"a":1}' },
      { data: 'line1\nline2', id: '7' },
    ]);
  });

  it('handles CRLF and lone CR line endings, including a CRLF split across chunks', () => {
    expect(parseAll(['event: x\r\ndata: 1\r', '\n\r\n'])).toEqual([{ event: 'x', data: '1' }]);
    expect(parseAll(['data: a\r\rdata: b\r\r'])).toEqual([{ data: 'a' }, { data: 'b' }]);
  });

  it('keeps multi-byte UTF-8 split across chunks intact', () => {
    const bytes = new TextEncoder().encode('data: {"t":"héllo 世界 🚀"}\n\n');
    const events = parseAll(Array.from(bytes, (b) => new Uint8Array([b])));
    expect(events).toEqual([{ data: '{"t":"héllo 世界 🚀"}' }]);
  });

  it('delivers a final event that lacks its blank line at end of stream', () => {
    expect(parseAll(['data: [DONE]'])).toEqual([{ data: '[DONE]' }]);
  });

  it('gives the same events however the bytes are split (property)', () => {
    const eventArb = fc.record({
      event: fc.option(fc.stringMatching(/^[a-z_.]{1,20}$/), { nil: undefined }),
      data: fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ' ')),
    });
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 10 }), (events, cuts) => {
        const text = events.map((e) => formatSSE(e.event, e.data)).join('');
        const bytes = new TextEncoder().encode(text);
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks: Uint8Array[] = [];
        let prev = 0;
        for (const p of [...points, bytes.length]) {
          chunks.push(bytes.slice(prev, p));
          prev = p;
        }
        const expected = events.map((e) => (e.event === undefined ? { data: e.data } : { event: e.event, data: e.data }));
        expect(parseAll(chunks)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
