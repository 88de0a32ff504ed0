/** `switchyard usage`: requests, tokens, cost, errors and per-lane latency/stream metrics. */
import type { Command } from 'commander';
import type { UsageGroupBy } from '../../shared/domain';
import { SwitchyardError } from '../../shared/errors';
import { noDatabase, openStoreForCli, parseDate, table } from './sessions';

const GROUPS: UsageGroupBy[] = ['day', 'provider', 'model', 'client'];

function ms(v: number | undefined): string {
  return v === undefined ? '—' : `${Math.round(v)}ms`;
}

function bytes(v: number | undefined): string {
  if (v === undefined) return '—';
  if (v >= 1024 * 1024) return `${(v / 1024 / 1024).toFixed(1)}MB`;
  if (v >= 1024) return `${(v / 1024).toFixed(1)}KB`;
  return `${v}B`;
}

export function registerUsage(program: Command): void {
  program
    .command('usage')
    .description('Usage aggregates: requests, tokens, cost, errors, p50/p95 latency and TTFB, stream events and bytes.')
    .option('--since <date>', 'from this date (YYYY-MM-DD, ISO, or 7d / 24h)')
    .option('--until <date>', 'up to this date')
    .option('--by <group>', `group by ${GROUPS.join(' | ')}`, 'provider')
    .option('--json', 'machine-readable output')
    .option('--data-dir <dir>', 'data directory (default: $SWITCHYARD_HOME or the OS app-data dir)')
    .action(async (o: { since?: string; until?: string; by: string; json?: boolean; dataDir?: string }) => {
      if (!GROUPS.includes(o.by as UsageGroupBy)) throw new SwitchyardError('invalid_request', `--by must be one of ${GROUPS.join(', ')}.`);
      if (noDatabase(o)) {
        process.stdout.write(o.json ? '[]\n' : 'No usage recorded yet.\n');
        return;
      }
      const store = openStoreForCli(o);
      try {
        const rows = store.usage({
          groupBy: o.by as UsageGroupBy,
          since: o.since ? parseDate(o.since) : undefined,
          until: o.until ? parseDate(o.until) : undefined,
        });
        if (o.json) {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        if (rows.length === 0) {
          process.stdout.write('No usage recorded in this period.\n');
          return;
        }
        const lines = [
          [
            o.by.toUpperCase(),
            'REQS',
            'ERRS',
            'IN',
            'CACHE R/W',
            'OUT',
            'COST',
            'P50',
            'P95',
            'TTFB P50',
            'TTFB P95',
            'EVENTS',
            'STREAMED',
          ],
          ...rows.map((r) => [
            r.key,
            String(r.requests),
            String(r.errors),
            String(r.inputTokens),
            `${r.cacheReadTokens}/${r.cacheWriteTokens}`,
            String(r.outputTokens),
            `$${r.costUsd.toFixed(4)}`,
            ms(r.p50LatencyMs),
            ms(r.p95LatencyMs),
            ms(r.p50TtfbMs),
            ms(r.p95TtfbMs),
            r.streamEvents === undefined ? '—' : String(r.streamEvents),
            bytes(r.streamBytes),
          ]),
        ];
        process.stdout.write(`${table(lines)}\n`);
      } finally {
        await store.close();
      }
    });
}
