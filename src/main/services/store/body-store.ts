/**
 * Content-addressed body storage. A body is a manifest (inline literals + piece ids); a piece
 * is a compressed span stored once by its sha256 and shared by reference count. Reference
 * increments are collected per write batch and applied once per distinct piece, so resending
 * the same 80 KB of system prompt and tools costs a few index lookups, not rewrites.
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import type Database from 'better-sqlite3';
import { splitBody, type PieceKind } from './body-split';

const CODEC_RAW = 0;
const CODEC_BROTLI = 1;
const CODEC_DEFLATE = 2;
/** Small pieces use deflate (cheaper per call); big, rarely new ones brotli (smaller). */
const BROTLI_MIN = 16 * 1024;
/** Below this size compression does not pay for itself. */
const COMPRESS_MIN = 2048;
const HASH_CACHE_MAX = 100_000;
const READ_CACHE_CHARS = 32 * 1024 * 1024;
const RECENT_CHARS = 32 * 1024 * 1024;
const FP_MIN = 512;

/** Cheap numeric fingerprint (length + sampled chars); hits are confirmed by a full compare. */
function fingerprint(s: string): number {
  const n = s.length;
  let h = n | 0;
  const step = Math.max(1, Math.floor(n / 24));
  for (let i = 0; i < n; i += step) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ s.charCodeAt(n - 1), 0x01000193);
  return h;
}

/** Secret scrubbing applied to new content only (known pieces were scrubbed when stored). */
export type RedactFn = (s: string) => string;

export interface PutResult {
  bodyId: number;
  /** Message pieces of a newly stored body (for search indexing); empty on a dedupe hit. Raw: redact before use. */
  messages: Array<{ pieceId: number; text: string }>;
  /** All piece ids of a newly stored body. */
  pieceIds: number[];
}

/** crypto.hash (Node ≥ 20.12): one call instead of a Hash object per piece, about twice as fast. */
const oneShot = (crypto as unknown as { hash?: (alg: string, data: string | Buffer, encoding: 'binary') => string }).hash;

function sha(data: string | Buffer): string {
  return oneShot ? oneShot('sha256', data, 'binary') : crypto.createHash('sha256').update(data).digest('binary');
}

function compress(text: string): { codec: number; data: Buffer } {
  const raw = Buffer.from(text, 'utf8');
  if (raw.length < COMPRESS_MIN) return { codec: CODEC_RAW, data: raw };
  if (raw.length < BROTLI_MIN) {
    // Level 1 and a window sized to the piece keep zlib's per-call setup and work small:
    // this runs for every new piece on the write path, at nearly level 6's ratio here.
    const data = zlib.deflateRawSync(raw, { level: 1, windowBits: raw.length < 4096 ? 12 : 14, memLevel: 5 });
    return data.length < raw.length ? { codec: CODEC_DEFLATE, data } : { codec: CODEC_RAW, data: raw };
  }
  const data = zlib.brotliCompressSync(raw, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
  return data.length < raw.length ? { codec: CODEC_BROTLI, data } : { codec: CODEC_RAW, data: raw };
}

function decompress(codec: number, data: Buffer): string {
  if (codec === CODEC_BROTLI) return zlib.brotliDecompressSync(data).toString('utf8');
  if (codec === CODEC_DEFLATE) return zlib.inflateRawSync(data).toString('utf8');
  return data.toString('utf8');
}

// Manifest: LEB128 varints; tag = len*2 for a literal (utf8 bytes follow), id*2+1 for a piece.
function encodeManifest(items: Array<string | number>): Buffer {
  let cap = 0;
  for (const it of items) cap += typeof it === 'number' ? 8 : it.length * 3 + 8;
  const buf = Buffer.allocUnsafe(cap);
  let pos = 0;
  const varint = (n: number): void => {
    while (n >= 128) {
      buf[pos++] = (n % 128) + 128;
      n = Math.floor(n / 128);
    }
    buf[pos++] = n;
  };
  for (const it of items) {
    if (typeof it === 'number') {
      varint(it * 2 + 1);
    } else {
      const len = Buffer.byteLength(it);
      varint(len * 2);
      pos += buf.write(it, pos, 'utf8');
    }
  }
  return Buffer.from(buf.subarray(0, pos));
}

export function decodeManifest(buf: Buffer): Array<string | number> {
  const out: Array<string | number> = [];
  let i = 0;
  while (i < buf.length) {
    let n = 0;
    let mul = 1;
    for (;;) {
      const b = buf[i++];
      n += (b & 127) * mul;
      if (b < 128) break;
      mul *= 128;
    }
    if (n % 2 === 1) {
      out.push((n - 1) / 2);
    } else {
      const len = n / 2;
      out.push(buf.toString('utf8', i, i + len));
      i += len;
    }
  }
  return out;
}

export class BodyStore {
  private pieceIds = new Map<string, number>();
  private recent = new Map<number, { text: string; id: number }>();
  private recentChars = 0;
  private bodyIds = new Map<string, number>();
  private readCache = new Map<number, string>();
  private readCacheChars = 0;
  private pieceRefs = new Map<number, number>();
  private bodyRefs = new Map<number, number>();
  private readonly q;

  constructor(private readonly db: Database.Database) {
    this.q = {
      pieceByHash: db.prepare('SELECT id FROM pieces WHERE hash = ?').pluck(),
      insertPiece: db.prepare('INSERT INTO pieces (hash, codec, size, refs, data) VALUES (?, ?, ?, 0, ?)'),
      bodyByHash: db.prepare('SELECT id FROM bodies WHERE hash = ?').pluck(),
      insertBody: db.prepare('INSERT INTO bodies (hash, size, refs, manifest) VALUES (?, ?, 0, ?)'),
      addPieceRefs: db.prepare('UPDATE pieces SET refs = refs + ? WHERE id = ?'),
      addBodyRefs: db.prepare('UPDATE bodies SET refs = refs + ? WHERE id = ?'),
      manifest: db.prepare('SELECT manifest FROM bodies WHERE id = ?').pluck(),
      piece: db.prepare('SELECT codec, data FROM pieces WHERE id = ?'),
      bodyRefs: db.prepare('SELECT refs FROM bodies WHERE id = ?').pluck(),
      deleteBody: db.prepare('DELETE FROM bodies WHERE id = ?'),
      pieceRefsOf: db.prepare('SELECT refs FROM pieces WHERE id = ?').pluck(),
      deletePiece: db.prepare('DELETE FROM pieces WHERE id = ?'),
    };
  }

  /** Store (or find) a body; the caller must ref() it for every row that points at it. */
  put(text: string, redact: RedactFn): PutResult {
    const items: Array<string | number> = [];
    const messages: PutResult['messages'] = [];
    const pieceIds: number[] = [];
    for (const seg of splitBody(text)) {
      if ('literal' in seg) {
        items.push(redact(seg.literal));
        continue;
      }
      const id = this.putPiece(seg.piece, redact);
      items.push(id);
      pieceIds.push(id);
      if (seg.kind === ('message' satisfies PieceKind)) messages.push({ pieceId: id, text: seg.piece });
    }
    // Equal content gives equal piece ids, so the manifest identifies the body: hashing it
    // is much cheaper than hashing the whole text again.
    const manifest = encodeManifest(items);
    const h = sha(manifest);
    let bodyId = this.bodyIds.get(h) ?? (this.q.bodyByHash.get(Buffer.from(h, 'latin1')) as number | undefined);
    if (bodyId !== undefined) {
      this.remember(this.bodyIds, h, bodyId);
      return { bodyId, messages: [], pieceIds: [] };
    }
    for (const id of pieceIds) this.pieceRefs.set(id, (this.pieceRefs.get(id) ?? 0) + 1);
    bodyId = Number(this.q.insertBody.run(Buffer.from(h, 'latin1'), text.length, manifest).lastInsertRowid);
    this.remember(this.bodyIds, h, bodyId);
    return { bodyId, messages, pieceIds };
  }

  ref(bodyId: number): void {
    this.bodyRefs.set(bodyId, (this.bodyRefs.get(bodyId) ?? 0) + 1);
  }

  /** Apply collected reference counts (inside the batch transaction). */
  commitRefs(): void {
    for (const [id, n] of this.pieceRefs) this.q.addPieceRefs.run(n, id);
    for (const [id, n] of this.bodyRefs) this.q.addBodyRefs.run(n, id);
    this.pieceRefs.clear();
    this.bodyRefs.clear();
  }

  /** After a rolled-back batch: cached ids may point at rows that were never committed. */
  invalidate(): void {
    this.pieceIds.clear();
    this.recent.clear();
    this.recentChars = 0;
    this.bodyIds.clear();
    this.pieceRefs.clear();
    this.bodyRefs.clear();
  }

  get(bodyId: number | null | undefined): string | null {
    if (bodyId === null || bodyId === undefined) return null;
    const manifest = this.q.manifest.get(bodyId) as Buffer | undefined;
    if (!manifest) return null;
    let out = '';
    for (const it of decodeManifest(manifest)) out += typeof it === 'number' ? this.pieceText(it) : it;
    return out;
  }

  /** Piece ids referenced by a stored body. */
  pieceIdsOf(bodyId: number): number[] {
    const manifest = this.q.manifest.get(bodyId) as Buffer | undefined;
    return manifest ? (decodeManifest(manifest).filter((x) => typeof x === 'number') as number[]) : [];
  }

  /** Drop one reference; deletes the body (and pieces nobody else uses) at zero. */
  unref(bodyId: number): void {
    this.q.addBodyRefs.run(-1, bodyId);
    const refs = this.q.bodyRefs.get(bodyId) as number | undefined;
    if (refs === undefined || refs > 0) return;
    for (const pid of this.pieceIdsOf(bodyId)) {
      this.q.addPieceRefs.run(-1, pid);
      if (((this.q.pieceRefsOf.get(pid) as number | undefined) ?? 0) <= 0) {
        this.q.deletePiece.run(pid);
        this.forgetPiece(pid);
      }
    }
    this.q.deleteBody.run(bodyId);
    for (const [h, id] of this.bodyIds) if (id === bodyId) this.bodyIds.delete(h);
  }

  private forgetPiece(pid: number): void {
    const t = this.readCache.get(pid);
    if (t !== undefined) {
      this.readCache.delete(pid);
      this.readCacheChars -= t.length;
    }
    for (const [h, id] of this.pieceIds) if (id === pid) this.pieceIds.delete(h);
    for (const [k, v] of this.recent) {
      if (v.id !== pid) continue;
      this.recent.delete(k);
      this.recentChars -= v.text.length;
    }
  }

  /** The secret list changed: pieces recognized by their raw text must be scrubbed again. */
  forgetRecent(): void {
    this.recent.clear();
    this.recentChars = 0;
  }

  private putPiece(text: string, redact: RedactFn): number {
    // Recently seen big pieces are recognized by a cheap fingerprint + full string compare
    // (memcmp is far cheaper than sha256 for the 80 KB resent every turn).
    const fp = text.length >= FP_MIN ? fingerprint(text) : undefined;
    if (fp !== undefined) {
      const hit = this.recent.get(fp);
      if (hit && hit.text === text) return hit.id;
    }
    const clean = redact(text);
    const h = sha(clean);
    let id = this.pieceIds.get(h);
    if (id === undefined) {
      const hb = Buffer.from(h, 'latin1');
      id = this.q.pieceByHash.get(hb) as number | undefined;
      if (id === undefined) {
        const { codec, data } = compress(clean);
        id = Number(this.q.insertPiece.run(hb, codec, Buffer.byteLength(clean), data).lastInsertRowid);
      }
      this.remember(this.pieceIds, h, id);
    }
    if (fp !== undefined) {
      const old = this.recent.get(fp);
      if (old) this.recentChars -= old.text.length;
      this.recent.set(fp, { text, id });
      this.recentChars += text.length;
      while (this.recentChars > RECENT_CHARS && this.recent.size > 1) {
        const [k, v] = this.recent.entries().next().value as [number, { text: string; id: number }];
        this.recent.delete(k);
        this.recentChars -= v.text.length;
      }
    }
    return id;
  }

  private pieceText(id: number): string {
    const cached = this.readCache.get(id);
    if (cached !== undefined) return cached;
    const row = this.q.piece.get(id) as { codec: number; data: Buffer } | undefined;
    if (!row) throw new Error(`piece ${id} is missing`);
    const text = decompress(row.codec, row.data);
    this.readCache.set(id, text);
    this.readCacheChars += text.length;
    while (this.readCacheChars > READ_CACHE_CHARS && this.readCache.size > 1) {
      const [k, v] = this.readCache.entries().next().value as [number, string];
      this.readCache.delete(k);
      this.readCacheChars -= v.length;
    }
    return text;
  }

  private remember(map: Map<string, number>, h: string, id: number): void {
    if (map.size >= HASH_CACHE_MAX) map.clear();
    map.set(h, id);
  }
}
