/**
 * Splits a body into segments for content-addressed storage. Concatenating the segments
 * gives the input back byte for byte by construction: the scanner only records spans of the
 * original text and never re-serializes anything.
 *
 * JSON request bodies are split at their big, repeated parts: each element of `messages`,
 * `tools`, `input` (Responses) and `system`, and any other large top-level value. Anything
 * else (SSE transcripts, non-JSON, malformed JSON) becomes a single piece.
 */

export type PieceKind = 'message' | 'tool' | 'system' | 'other' | 'whole';

export type Segment = { literal: string } | { piece: string; kind: PieceKind };

/** Spans shorter than this stay inline in the manifest. */
const MIN_PIECE = 64;

const ARRAY_KINDS: Record<string, PieceKind> = { messages: 'message', input: 'message', tools: 'tool', system: 'system' };

class ScanError extends Error {}

function skipWs(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}

/** i at the opening quote; returns the index after the closing quote. */
function skipString(s: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = s.indexOf('"', j);
    if (q < 0) throw new ScanError('unterminated string');
    let k = q - 1;
    let n = 0;
    while (s.charCodeAt(k) === 92) {
      n++;
      k--;
    }
    if ((n & 1) === 0) return q + 1;
    j = q + 1;
  }
}

function skipValue(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 34) return skipString(s, i);
  if (c === 123 || c === 91) {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      const d = s.charCodeAt(j);
      if (d === 34) {
        j = skipString(s, j) - 1;
      } else if (d === 123 || d === 91) {
        depth++;
      } else if (d === 125 || d === 93) {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    throw new ScanError('unterminated composite');
  }
  // number, true, false, null
  let j = i;
  for (;;) {
    const d = s.charCodeAt(j);
    if (Number.isNaN(d) || d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
    j++;
  }
  if (j === i) throw new ScanError('empty value');
  return j;
}

class Builder {
  out: Segment[] = [];
  private litStart = 0;
  constructor(private readonly s: string) {}
  piece(start: number, end: number, kind: PieceKind): void {
    // Messages are always pieces (search indexes new message pieces); the rest only when big.
    if (kind !== 'message' && end - start < MIN_PIECE) return;
    if (start > this.litStart) this.out.push({ literal: this.s.slice(this.litStart, start) });
    this.out.push({ piece: this.s.slice(start, end), kind });
    this.litStart = end;
  }
  finish(): Segment[] {
    if (this.litStart < this.s.length) this.out.push({ literal: this.s.slice(this.litStart) });
    return this.out;
  }
}

function splitArray(s: string, i: number, b: Builder, kind: PieceKind): number {
  // i at '['
  let j = skipWs(s, i + 1);
  if (s.charCodeAt(j) === 93) return j + 1;
  for (;;) {
    const end = skipValue(s, j);
    b.piece(j, end, kind);
    j = skipWs(s, end);
    const c = s.charCodeAt(j);
    if (c === 93) return j + 1;
    if (c !== 44) throw new ScanError('expected , or ]');
    j = skipWs(s, j + 1);
  }
}

function splitObject(s: string, b: Builder): void {
  let i = skipWs(s, 0);
  if (s.charCodeAt(i) !== 123) throw new ScanError('not an object');
  i = skipWs(s, i + 1);
  if (s.charCodeAt(i) === 125) return;
  for (;;) {
    if (s.charCodeAt(i) !== 34) throw new ScanError('expected key');
    const keyEnd = skipString(s, i);
    const key = s.slice(i + 1, keyEnd - 1);
    i = skipWs(s, keyEnd);
    if (s.charCodeAt(i) !== 58) throw new ScanError('expected :');
    i = skipWs(s, i + 1);
    const kind = ARRAY_KINDS[key];
    let end: number;
    if (kind && s.charCodeAt(i) === 91) {
      end = splitArray(s, i, b, kind);
    } else {
      end = skipValue(s, i);
      b.piece(
        i,
        end,
        key === 'system' || key === 'instructions' ? 'system' : key === 'input' && s.charCodeAt(i) === 34 ? 'message' : 'other',
      );
    }
    i = skipWs(s, end);
    const c = s.charCodeAt(i);
    if (c === 125) {
      if (skipWs(s, i + 1) !== s.length) throw new ScanError('trailing data');
      return;
    }
    if (c !== 44) throw new ScanError('expected , or }');
    i = skipWs(s, i + 1);
  }
}

/** Segments whose concatenation is exactly `body`. */
export function splitBody(body: string): Segment[] {
  if (body.length < MIN_PIECE) return body.length === 0 ? [] : [{ literal: body }];
  const first = body.charCodeAt(skipWs(body, 0));
  if (first === 123) {
    try {
      const b = new Builder(body);
      splitObject(body, b);
      return b.finish();
    } catch (e) {
      if (!(e instanceof ScanError)) throw e;
    }
  }
  return [{ piece: body, kind: 'whole' }];
}
