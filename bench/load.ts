/**
 * A closed-loop load generator on undici: `concurrency` workers, each sending the next
 * request when its previous one has been fully read. Records per-request latency, time to
 * first body byte and the largest gap between body chunks.
 */
import { Pool } from 'undici';

export interface LoadOptions {
  origin: string;
  path: string;
  headers: Record<string, string>;
  body: string | Buffer;
  concurrency: number;
  /** Stop after this many requests (whichever comes first with durationMs). */
  requests?: number;
  durationMs?: number;
}

export interface LoadResult {
  latencies: number[];
  ttfb: number[];
  maxGaps: number[];
  errors: number;
  firstError?: string;
  completed: number;
  elapsedMs: number;
}

export class LoadClient {
  private pool: Pool;
  constructor(
    readonly origin: string,
    connections: number,
  ) {
    this.pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  }

  async one(
    path: string,
    headers: Record<string, string>,
    body: string | Buffer,
  ): Promise<{ latency: number; ttfb: number; maxGap: number; status: number; bytes: number }> {
    const t0 = performance.now();
    const res = await this.pool.request({ method: 'POST', path, headers, body });
    let first = 0;
    let last = 0;
    let maxGap = 0;
    let bytes = 0;
    for await (const chunk of res.body) {
      const now = performance.now();
      if (!first) first = now;
      else maxGap = Math.max(maxGap, now - last);
      last = now;
      bytes += (chunk as Buffer).length;
    }
    const end = performance.now();
    return { latency: end - t0, ttfb: (first || end) - t0, maxGap, status: res.statusCode, bytes };
  }

  async run(opts: Omit<LoadOptions, 'origin'>): Promise<LoadResult> {
    const result: LoadResult = { latencies: [], ttfb: [], maxGaps: [], errors: 0, completed: 0, elapsedMs: 0 };
    const deadline = opts.durationMs ? performance.now() + opts.durationMs : Infinity;
    let issued = 0;
    const limit = opts.requests ?? Infinity;
    const t0 = performance.now();
    const worker = async () => {
      while (issued < limit && performance.now() < deadline) {
        issued++;
        try {
          const r = await this.one(opts.path, opts.headers, opts.body);
          if (r.status >= 400) {
            result.errors++;
            result.firstError ??= `HTTP ${r.status}`;
          } else {
            result.latencies.push(r.latency);
            result.ttfb.push(r.ttfb);
            result.maxGaps.push(r.maxGap);
          }
          result.completed++;
        } catch (e) {
          result.errors++;
          result.firstError ??= (e as Error).message;
        }
      }
    };
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
    result.elapsedMs = performance.now() - t0;
    return result;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
