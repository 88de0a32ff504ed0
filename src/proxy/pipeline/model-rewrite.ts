/**
 * Rewrite the top-level `"model"` of a JSON request body in place of its bytes, so a
 * passthrough lane that maps the model name does not re-serialize a ~90 KB body. Every other
 * byte stays as the client sent it. Clients put `model` first, so the scan usually stops
 * after a few bytes; nested "model" keys (inside messages or tool inputs) are skipped by
 * tracking depth and strings.
 */

import type { BodyEdit } from '../../shared/recording';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MODEL_KEY = Buffer.from('"model"');

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Index just past the string starting at `i` (which must be a quote), or -1. */
function skipString(buf: Buffer, i: number): number {
  for (let j = i + 1; j < buf.length; j++) {
    const c = buf[j]!;
    if (c === BACKSLASH) j++;
    else if (c === QUOTE) return j + 1;
  }
  return -1;
}

/** Where a body's top-level model went: the value's byte range in the client's bytes. */
export interface ModelRewrite {
  body: Buffer;
  /** Byte range of the old value (quotes included) in the client's body. */
  start: number;
  end: number;
  /** The new value as written (a JSON string). */
  insert: string;
}

/**
 * The same edit in UTF-16 offsets of the decoded body (what the recording keeps), or
 * undefined when a non-ASCII byte before the value makes byte and character offsets differ.
 */
export function modelEditOf(raw: Buffer, r: ModelRewrite): BodyEdit | undefined {
  for (let i = 0; i < r.end; i++) if (raw[i]! >= 0x80) return undefined;
  return { start: r.start, end: r.end, insert: r.insert };
}

/**
 * The body with its top-level model replaced, and where the change is; undefined when the
 * body is not a JSON object with a top-level string `model` (the caller then re-serializes).
 */
export function rewriteModel(raw: Buffer, model: string): ModelRewrite | undefined {
  let i = 0;
  while (i < raw.length && isSpace(raw[i]!)) i++;
  if (raw[i] !== 0x7b /* { */) return undefined;
  let depth = 0;
  let expectKey = false;
  for (; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === QUOTE) {
      const end = skipString(raw, i);
      if (end === -1) return undefined;
      if (depth === 1 && expectKey && end - i === MODEL_KEY.length && raw.compare(MODEL_KEY, 0, MODEL_KEY.length, i, end) === 0) {
        let v = end;
        while (v < raw.length && isSpace(raw[v]!)) v++;
        if (raw[v] !== 0x3a /* : */) return undefined;
        v++;
        while (v < raw.length && isSpace(raw[v]!)) v++;
        if (raw[v] !== QUOTE) return undefined;
        const valueEnd = skipString(raw, v);
        if (valueEnd === -1) return undefined;
        const insert = JSON.stringify(model);
        return { body: Buffer.concat([raw.subarray(0, v), Buffer.from(insert), raw.subarray(valueEnd)]), start: v, end: valueEnd, insert };
      }
      expectKey = false;
      i = end - 1;
    } else if (c === 0x7b /* { */) {
      depth++;
      expectKey = depth === 1;
    } else if (c === 0x5b /* [ */) {
      depth++;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    } else if (c === 0x2c /* , */) {
      if (depth === 1) expectKey = true;
    }
  }
  return undefined;
}
