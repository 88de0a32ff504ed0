/**
 * Secret scrubbing for bytes relayed from upstream. Providers sometimes echo the key they got
 * (or a token from the prompt) in error bodies and in-stream error events; none of it may reach
 * the client. The scan works on Buffers with pre-encoded needles, so a chunk without a secret
 * goes out as the very same Buffer: passthrough stays byte-identical and allocation-free.
 */

/** Same floor as redactSecrets: shorter strings would match ordinary text. */
const MIN_SECRET_LENGTH = 4;
const MASK = Buffer.from('***');

/** Needles by their secrets joined: every exchange of a config and token scans for the same ones. */
const needleCache = new Map<string, Buffer[]>();
const NEEDLE_CACHE_MAX = 64;

/** Distinct secrets worth scanning for, encoded once (read-only: shared between exchanges). */
function needlesOf(secrets: Iterable<string | undefined>): Buffer[] {
  const seen = new Set<string>();
  for (const s of secrets) if (s && s.length >= MIN_SECRET_LENGTH) seen.add(s);
  let key = '';
  for (const s of seen) key += `${s.length}:${s}`; // length-prefixed: distinct sets, distinct keys
  let needles = needleCache.get(key);
  if (!needles) {
    // Longest first: a secret containing another one is masked whole.
    needles = [...seen].sort((a, b) => b.length - a.length).map((s) => Buffer.from(s, 'utf8'));
    if (needleCache.size >= NEEDLE_CACHE_MAX) needleCache.clear();
    needleCache.set(key, needles);
  }
  return needles;
}

/** Replace every occurrence of each needle (byte level: multi-byte text around it is untouched). */
function maskAll(buf: Buffer, needles: Buffer[]): Buffer {
  let out = buf;
  for (const n of needles) {
    let at = out.indexOf(n);
    if (at === -1) continue;
    const parts: Buffer[] = [];
    let from = 0;
    while (at !== -1) {
      parts.push(out.subarray(from, at), MASK);
      from = at + n.length;
      at = out.indexOf(n, from);
    }
    parts.push(out.subarray(from));
    out = Buffer.concat(parts);
  }
  return out;
}

/** A whole body with every secret masked (the same Buffer when none occurs). */
export function scrubBuffer(buf: Buffer, secrets: Iterable<string | undefined>): Buffer {
  const needles = needlesOf(secrets);
  return needles.some((n) => buf.includes(n)) ? maskAll(buf, needles) : buf;
}

/**
 * Streaming scrubber. A secret split across two upstream chunks is caught by holding back the
 * end of a chunk while it matches the start of a secret (rare on SSE, whose chunks end on a
 * blank line); those bytes go out with the next chunk or on flush().
 */
export class SecretScrubber {
  private readonly needles: Buffer[];
  private held: Buffer | undefined;

  constructor(secrets: Iterable<string | undefined>) {
    this.needles = needlesOf(secrets);
  }

  /** The bytes to send now for this upstream chunk (the same Buffer when nothing changed). */
  push(chunk: Buffer): Buffer {
    if (this.needles.length === 0) return chunk;
    let buf = chunk;
    if (this.held) {
      buf = Buffer.concat([this.held, chunk]);
      this.held = undefined;
    }
    if (this.contains(buf)) buf = maskAll(buf, this.needles);
    const keep = this.partialTail(buf);
    if (keep === 0) return buf;
    this.held = Buffer.from(buf.subarray(buf.length - keep));
    return buf.subarray(0, buf.length - keep);
  }

  /** Bytes still held back (the upstream ended on what looked like the start of a secret). */
  flush(): Buffer | undefined {
    const out = this.held;
    this.held = undefined;
    return out;
  }

  private contains(buf: Buffer): boolean {
    for (const n of this.needles) if (buf.includes(n)) return true;
    return false;
  }

  /** Length of the longest end of buf that is a proper prefix of some secret (0 almost always). */
  private partialTail(buf: Buffer): number {
    let best = 0;
    for (const n of this.needles) {
      const max = Math.min(n.length - 1, buf.length);
      // Try the longest candidate first; stop at the first full match for this needle.
      for (let k = max; k > best; k--) {
        const start = buf.length - k;
        if (buf[start] !== n[0]) continue;
        let i = 1;
        while (i < k && buf[start + i] === n[i]) i++;
        if (i === k) {
          best = k;
          break;
        }
      }
    }
    return best;
  }
}
