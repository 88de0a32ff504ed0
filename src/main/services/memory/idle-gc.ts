/**
 * Memory habits of the headless host and the store's write worker (DESIGN.md budget: idle
 * <= 90 MB RSS, back near idle after a burst).
 *
 * startIdleGc gives memory back once a burst is over. V8 collects only when JavaScript
 * allocates, so after a burst of concurrent streams the heap (and the request buffers it
 * still references) stays at its peak until the next request, seconds or hours later:
 * measured after 256 concurrent ~90 KB streams, 100+ MB of garbage was still held 30 s later.
 * When no exchange has been in flight or started for `quietMs` and the heap has grown by
 * `growthBytes` since the last collection, it collects (see startIdleGc). It never runs
 * while requests are being served.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { releaseFreedMemory } from './trim';

export interface IdleGcOptions {
  /** Exchanges in flight and a counter that changes whenever one starts. */
  activity: () => { inFlight: number; started: number };
  /** How long the proxy must be quiet first (default 6 s, see startIdleGc). */
  quietMs?: number;
  /** Growth of the heap plus external memory (buffers) since the last collection. */
  growthBytes?: number;
  /** How often to look (the timer does not keep the process alive). */
  intervalMs?: number;
  /** Test seam: the collector (default: a full V8 collection, compacting when `compact`). */
  collect?: (compact: boolean) => void;
  /** Test seam: the young generation's size (default: V8's new space). */
  youngBytes?: () => number;
  /**
   * Test seam: hand the C allocator's free pages back to the OS (default: malloc_trim on
   * glibc, see trim.ts). Runs after each collection, and once per quiet period without one.
   */
  release?: () => void;
}

/** The proxy's traffic as the idle checks read it, from its runtime's stats. */
export function proxyTraffic(runtime: { stats(): { inFlight: number; requestsToday: number } }): IdleGcOptions['activity'] {
  return () => {
    const s = runtime.stats();
    return { inFlight: s.inFlight, started: s.requestsToday };
  };
}

const MB = 1024 * 1024;
/** Young generation size V8 settles at when idle (two 1 MB semi-spaces), with slack. */
const YOUNG_SETTLED = 4 * MB;

/**
 * One full collection. A plain forced GC frees the garbage, but V8 keeps the
 * emptied pages for reuse (measured: 72 MB committed for 14 MB live afterwards); compacting
 * moves the few survivors off sparse pages so V8 can unmap them. The gc function comes from a
 * throwaway context when Node was not started with --expose-gc (keeping one costs ~0.4 MB).
 */
function fullGc(compact: boolean): void {
  let gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') {
    v8.setFlagsFromString('--expose-gc');
    try {
      gc = vm.runInNewContext('gc') as () => void;
    } finally {
      v8.setFlagsFromString('--no-expose-gc');
    }
  }
  if (!compact) return gc();
  v8.setFlagsFromString('--compact-on-every-full-gc');
  try {
    gc();
  } finally {
    v8.setFlagsFromString('--no-compact-on-every-full-gc');
  }
}

/**
 * Keeps undici's HTTP parser (WebAssembly) on V8's baseline compiler. Tiering it up to
 * TurboFan takes ~38 MB of compiler memory on a background thread once, and in about half of
 * the runs glibc keeps ~10 MB of that thread's arena afterwards (idle RSS 95 vs 105 MB);
 * A/B runs showed no cost in CPU per request or latency. Call it before the first upstream
 * connection compiles the parser (the flag is read at compile time).
 */
export function keepWasmOnBaselineCompiler(): void {
  v8.setFlagsFromString('--liftoff-only');
}

function heapBytes(): number {
  const h = v8.getHeapStatistics();
  return h.used_heap_size + h.external_memory;
}

function newSpaceBytes(): number {
  return v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}

/**
 * Starts watching; returns a stop function. After a burst: one compacting collection, which
 * frees the garbage and unmaps the emptied old-space pages. The young generation (grown to
 * 32 MB by 256 streams) shrinks back only in a collection that sees a low, non-zero
 * allocation rate over the preceding 5 s (V8's heuristic; the compacting one still sees the
 * burst), so up to two plain collections follow, `quietMs` apart, until it has. V8's own
 * memory reducer gets there too, but only 20-40 s after the burst. Each collection is followed
 * by a release of the C allocator's free pages (the request buffers the collection freed).
 */
export function startIdleGc(opts: IdleGcOptions): () => void {
  const quietMs = opts.quietMs ?? 6000;
  const growth = opts.growthBytes ?? 32 * MB;
  const collect = opts.collect ?? fullGc;
  const youngBytes = opts.youngBytes ?? newSpaceBytes;
  const release = opts.release ?? releaseFreedMemory;
  let baseline = heapBytes();
  let lastStarted = opts.activity().started;
  let quietSince = Date.now();
  let shrinkTries = 0;
  let shrinkAt = 0;
  // One round per quiet period: after it, wait for traffic before looking at the heap again.
  let done = false;
  let released = false;
  const timer = setInterval(() => {
    const { inFlight, started } = opts.activity();
    const now = Date.now();
    if (inFlight > 0 || started !== lastStarted) {
      lastStarted = started;
      quietSince = now;
      shrinkTries = 0;
      done = false;
      released = false;
      return;
    }
    if (done || now - quietSince < quietMs) return;
    if (shrinkTries > 0) {
      if (now < shrinkAt) return;
      if (youngBytes() <= YOUNG_SETTLED) {
        shrinkTries = 0;
        done = true;
      } else {
        shrinkTries -= 1;
        shrinkAt = now + quietMs;
        collect(false);
        release();
        baseline = heapBytes();
        done = shrinkTries === 0;
      }
      return;
    }
    const used = heapBytes();
    // V8's own collections lower the heap too: growth counts from the lowest point seen.
    if (used < baseline) baseline = used;
    if (used - baseline < growth) {
      if (released) return;
      released = true;
      // Little garbage, but a young generation left large by the last requests (16 MB after
      // start-up and a few requests): one collection after the quiet time lets V8 shrink it,
      // instead of its memory reducer doing so some 15 s later, or never. Compacting also
      // gives back the old-space pages start-up left sparse (idle RSS 88 vs 92 MB at 10 s).
      if (youngBytes() > YOUNG_SETTLED) {
        collect(true);
        baseline = heapBytes();
      }
      release();
      return;
    }
    collect(true);
    release();
    released = true;
    baseline = heapBytes();
    shrinkTries = 2;
    shrinkAt = now + quietMs;
  }, opts.intervalMs ?? 1000);
  timer.unref();
  return () => clearInterval(timer);
}
