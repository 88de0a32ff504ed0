/**
 * JSON.stringify for converted upstream bodies, with the escaping of long strings cached.
 *
 * A Claude Code or Codex turn repeats the previous turn's system prompt, tools and history,
 * and escaping those long strings is most of what JSON.stringify spends on a ~90 KB body
 * (on Node 20's V8, ~0.35 of ~0.45 ms). Long strings are swapped for a marker through the
 * replacer, their escaped form comes from a bounded cache (verified by full string
 * equality, never by a hash alone), and the markers are spliced back. Anything unexpected
 * falls back to plain JSON.stringify, so the output is always exactly JSON.stringify's.
 */
import { randomBytes } from 'node:crypto';

/** Strings shorter than this are left to JSON.stringify (cache overhead would exceed the gain). */
export const LONG_STRING = 512;
/** Upper bound on cached source characters (escaped forms roughly double it). */
const MAX_CACHED_CHARS = 4 * 1024 * 1024;

interface Entry {
  source: string;
  escaped: string;
}

export class EscapeCache {
  private map = new Map<string, Entry>();
  private chars = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxChars = MAX_CACHED_CHARS) {}

  /** JSON.stringify(s), from the cache when this exact string was escaped before. */
  escape(s: string): string {
    // A cheap key (length and both ends); equality of the whole string is checked below.
    const key = `${s.length}\u0000${s.slice(0, 32)}\u0000${s.slice(-32)}`;
    const e = this.map.get(key);
    if (e && e.source === s) {
      this.hits++;
      // Refresh its place in the LRU order.
      this.map.delete(key);
      this.map.set(key, e);
      return e.escaped;
    }
    this.misses++;
    const escaped = JSON.stringify(s);
    if (s.length <= this.maxChars / 4) {
      if (e) this.chars -= e.source.length;
      this.map.set(key, { source: s, escaped });
      this.chars += s.length;
      for (const [k, old] of this.map) {
        if (this.chars <= this.maxChars) break;
        this.map.delete(k);
        this.chars -= old.source.length;
      }
    }
    return escaped;
  }

  get size(): number {
    return this.map.size;
  }

  get cachedChars(): number {
    return this.chars;
  }
}

const shared = new EscapeCache();
/** A marker no real body contains (a fresh nonce per process). */
const MARK = `\u0000sy-${randomBytes(8).toString('hex')}`;
const QUOTED_MARK = JSON.stringify(MARK);

/** Exactly JSON.stringify(value), faster when long strings repeat between calls. */
export function stringifyBody(value: unknown, cache: EscapeCache = shared): string {
  const long: string[] = [];
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'string' && v.length >= LONG_STRING) {
      long.push(cache.escape(v));
      return MARK;
    }
    return v;
  });
  if (long.length === 0 || json === undefined) return json;
  const pieces = json.split(QUOTED_MARK);
  // Every marker must be one we placed; otherwise do it the plain way.
  if (pieces.length !== long.length + 1) return JSON.stringify(value);
  let out = pieces[0]!;
  for (let i = 0; i < long.length; i++) out += long[i]! + pieces[i + 1]!;
  return out;
}
