/**
 * The store benchmark (DESIGN.md budget rows), importable by bench/run.ts:
 * - throughput: Claude-Code-sized exchanges (≈ 100 KB request with system + 25 tools +
 *   history, SSE answer) from 100 concurrent 10-turn sessions, timed from the first emit()
 *   until flush() has committed the last one. Every round uses fresh content.
 * - storage: a 50-turn Claude Code session's database bytes vs its raw body bytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { claudeCodeSession, emitExchange, makeStore, type Turn } from './helpers';

export interface StoreBenchResult {
  perSecond: number[];
  ratioPercent: number[];
  bytesPerTurn: number[];
  rawPerTurn: number;
  avgRequestBytes: number;
  /** Exchanges per second of this process's CPU time (user + system): less sensitive to a shared, loaded machine. */
  perCpuSecond: number[];
}

async function storageRound(dir: string): Promise<{ raw: number; stored: number }> {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const store = makeStore(dir);
  let raw = 0;
  let at = Date.now();
  for (const t of claudeCodeSession(50, 'bench-50')) {
    emitExchange(store, { body: t.body, chunks: t.chunks, at: (at += 5000), session: { claudeCodeSessionId: 'bench-50' } });
    raw += Buffer.byteLength(t.body) + Buffer.byteLength(t.chunks.join(''));
  }
  await store.close();
  const db = path.join(dir, 'trajectories.db');
  const stored = fs.statSync(db).size + (fs.existsSync(`${db}-wal`) ? fs.statSync(`${db}-wal`).size : 0);
  return { raw, stored };
}

export async function benchStore(dir: string, opts: { exchanges: number; rounds: number }): Promise<StoreBenchResult> {
  const sessions = 100;
  const turns = 10;
  const templates: Turn[][] = Array.from({ length: sessions }, (_, i) => claudeCodeSession(turns, `tpl-${i}`, 11 + i));
  // Content is prepared in chunks of up to 1,000 exchanges outside the timed part (fresh
  // markers per chunk change every piece), then emitted and flushed under the clock.
  const chunkSize = sessions * turns;
  const perSecond: number[] = [];
  const perCpuSecond: number[] = [];
  let reqBytes = 0;
  let reqCount = 0;
  for (let r = 0; r < opts.rounds; r++) {
    const rdir = path.join(dir, `tp-${r}`);
    fs.rmSync(rdir, { recursive: true, force: true });
    fs.mkdirSync(rdir, { recursive: true });
    const store = makeStore(rdir, { recording: { queueLimit: 1_000_000 } });
    let wall = 0;
    let cpu = 0;
    let done = 0;
    for (let chunk = 0; done < opts.exchanges; chunk++) {
      const n = Math.min(chunkSize, opts.exchanges - done);
      const marker = ` token${r}x${chunk}`;
      // Bytes, as the proxy gets them from a socket: decoded inside the timed loop, so the
      // strings are young and short-lived as they would be in the server.
      const flat = (x: string): Buffer => Buffer.from(x.replaceAll(' token', marker));
      const work: Array<{ sid: string; body: Buffer; chunks: Buffer[] }> = [];
      for (let t = 0; t < turns && work.length < n; t++) {
        for (let s = 0; s < sessions && work.length < n; s++) {
          const tpl = templates[s][t];
          work.push({ sid: `r${r}-c${chunk}-s${s}`, body: flat(tpl.body), chunks: tpl.chunks.map(flat) });
        }
      }
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      for (let i = 0; i < work.length; i++) {
        const w = work[i];
        emitExchange(store, {
          body: w.body.toString(),
          chunks: w.chunks.map((c) => c.toString()),
          session: { claudeCodeSessionId: w.sid },
        });
        reqBytes += w.body.length;
        reqCount++;
        // Requests arrive over time: yield now and then so the writer runs between them.
        if (i % 50 === 49) await new Promise((res) => setImmediate(res));
      }
      await store.flush();
      wall += (performance.now() - t0) / 1000;
      const c = process.cpuUsage(c0);
      cpu += (c.user + c.system) / 1e6;
      done += n;
    }
    perSecond.push(done / wall);
    perCpuSecond.push(done / cpu);
    await store.close();
    fs.rmSync(rdir, { recursive: true, force: true });
  }
  const ratioPercent: number[] = [];
  const bytesPerTurn: number[] = [];
  let rawPerTurn = 0;
  for (let r = 0; r < Math.max(1, Math.min(opts.rounds, 3)); r++) {
    const { raw, stored } = await storageRound(path.join(dir, `st-${r}`));
    ratioPercent.push((stored / raw) * 100);
    bytesPerTurn.push(stored / 50);
    rawPerTurn = raw / 50;
    fs.rmSync(path.join(dir, `st-${r}`), { recursive: true, force: true });
  }
  return { perSecond, perCpuSecond, ratioPercent, bytesPerTurn, rawPerTurn, avgRequestBytes: Math.round(reqBytes / Math.max(1, reqCount)) };
}
