/**
 * Standalone store benchmark: `npx tsx test/store/store-bench.ts [--rounds N] [--json]`.
 * Budgets (DESIGN.md): ≥ 2,000 Claude-Code-sized exchanges recorded per second; a 50-turn
 * Claude Code session stored in < 15 % of its raw body bytes.
 */
import fs from 'node:fs';
import { benchStore } from './store-bench-core';
import { tmpDir } from './helpers';

const i = process.argv.indexOf('--rounds');
const rounds = i > 0 ? Number(process.argv[i + 1]) : 3;
const dir = tmpDir('sy-store-bench-');
const r = await benchStore(dir, { exchanges: 2000, rounds });
fs.rmSync(dir, { recursive: true, force: true });
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(r, null, 2));
} else {
  console.log(
    `throughput: ${r.perSecond.map((x) => Math.round(x)).join(', ')} exchanges/s (median ${Math.round(median(r.perSecond))}; avg request ${r.avgRequestBytes} B; budget ≥ 2000)`,
  );
  console.log(`  per CPU-second: ${r.perCpuSecond.map((x) => Math.round(x)).join(', ')} (median ${Math.round(median(r.perCpuSecond))})`);
  console.log(
    `storage: ${r.ratioPercent.map((x) => x.toFixed(1)).join(', ')} % of raw (raw ${Math.round(r.rawPerTurn)} B/turn → ${Math.round(median(r.bytesPerTurn))} B/turn stored; budget < 15 %)`,
  );
}
