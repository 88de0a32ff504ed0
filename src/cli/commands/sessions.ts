/**
 * `switchyard sessions list|show|export`: reads the trajectory database directly (WAL lets
 * a reader run beside the server), so it works whether or not the server is running.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { ExportFormat, SessionSummary } from '../../shared/domain';
import { SwitchyardError } from '../../shared/errors';
import { resolveAppPaths } from '../../main/services/config/paths';
import { openTrajectoryStore, type TrajectoryStore } from '../../main/services/store';

export interface StoreCliOptions {
  dataDir?: string;
}

/** Open the data dir's database for reading (no recording, no retention). */
export function openStoreForCli(opts: StoreCliOptions): TrajectoryStore {
  const paths = resolveAppPaths({ dataDir: opts.dataDir });
  return openTrajectoryStore({
    dbPath: paths.dbPath,
    readOnly: true,
    config: () => ({ recording: { enabled: false, trajectoryDir: null } }),
    secrets: () => [],
  });
}

function out(s: string): void {
  process.stdout.write(`${s}\n`);
}

export function fmtDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n');
}

function sessionLine(s: SessionSummary): string[] {
  const tokens = s.totals.inputTokens + s.totals.cacheReadTokens + s.totals.cacheWriteTokens + s.totals.outputTokens;
  return [
    s.id,
    s.client,
    fmtDate(s.lastAt),
    String(s.exchangeCount),
    String(tokens),
    `$${s.totals.costUsd.toFixed(4)}`,
    s.models.join(','),
    s.title.slice(0, 60),
  ];
}

async function withStore<T>(opts: StoreCliOptions, fn: (s: TrajectoryStore) => Promise<T> | T): Promise<T> {
  const store = openStoreForCli(opts);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** True when the data dir has no database yet (nothing recorded): commands print an empty result. */
export function noDatabase(opts: StoreCliOptions): boolean {
  return !fs.existsSync(resolveAppPaths({ dataDir: opts.dataDir }).dbPath);
}

export function registerSessions(program: Command): void {
  const cmd = program.command('sessions').description('Browse, search and export recorded sessions.');
  const dataDir = (c: Command): Command =>
    c.option('--data-dir <dir>', 'data directory (default: $SWITCHYARD_HOME or the OS app-data dir)');

  dataDir(cmd.command('list'))
    .description('List sessions, newest first.')
    .option('--json', 'machine-readable output')
    .option('--client <client>', 'only this client (claude-code, codex, unknown)')
    .option('--provider <id>', 'only sessions that used this provider')
    .option('--model <model>', 'only sessions that used this model')
    .option('--since <date>', 'only sessions active since this date (YYYY-MM-DD or ISO)')
    .option('--search <text>', 'full-text search over message text')
    .option('--limit <n>', 'at most N sessions', (v) => Number.parseInt(v, 10), 50)
    .action(
      async (
        o: StoreCliOptions & {
          json?: boolean;
          client?: string;
          provider?: string;
          model?: string;
          since?: string;
          search?: string;
          limit: number;
        },
      ) => {
        if (noDatabase(o)) return out(o.json ? JSON.stringify({ sessions: [], total: 0 }, null, 2) : 'No sessions recorded yet.');
        await withStore(o, (store) => {
          const since = o.since ? parseDate(o.since) : undefined;
          const res = store.listSessions({
            client: o.client as SessionSummary['client'] | undefined,
            providerId: o.provider,
            model: o.model,
            since,
            text: o.search,
            limit: o.limit,
          });
          if (o.json) return out(JSON.stringify(res, null, 2));
          if (res.sessions.length === 0) return out('No sessions recorded yet.');
          out(table([['ID', 'CLIENT', 'LAST ACTIVITY', 'REQS', 'TOKENS', 'COST', 'MODELS', 'TITLE'], ...res.sessions.map(sessionLine)]));
          if (res.total > res.sessions.length) out(`(${res.sessions.length} of ${res.total}; use --limit)`);
        });
      },
    );

  dataDir(cmd.command('show <id>'))
    .description('Show one session: its exchanges and conversation.')
    .option('--json', 'machine-readable output (includes the decoded conversation)')
    .action(async (id: string, o: StoreCliOptions & { json?: boolean }) => {
      await withStore(o, (store) => {
        const s = store.getSession(id);
        if (o.json) return out(JSON.stringify(s, null, 2));
        out(`${s.title || '(untitled)'}\n`);
        out(
          table([
            ['Session', s.id],
            ['Client', s.client],
            ['Task', [s.taskName, s.label].filter(Boolean).join(' / ') || '—'],
            ['Active', `${fmtDate(s.firstAt)} → ${fmtDate(s.lastAt)}`],
            ['Providers', s.providers.join(', ') || '—'],
            ['Models', s.models.join(', ') || '—'],
            ['Requests', `${s.totals.requests} (${s.totals.errors} errors)`],
            [
              'Tokens',
              `${s.totals.inputTokens} in, ${s.totals.cacheReadTokens} cache read, ${s.totals.cacheWriteTokens} cache write, ${s.totals.outputTokens} out`,
            ],
            ['Cost', `$${s.totals.costUsd.toFixed(4)}`],
          ]),
        );
        out('');
        out(
          table([
            ['#', 'TIME', 'LANE', 'STATUS', 'TTFB', 'DURATION', 'TOKENS IN/OUT', 'REASON'],
            ...s.exchanges.map((e) => [
              String(e.seq),
              fmtDate(e.receivedAt),
              `${e.finalProviderId ?? e.routing.providerId}/${e.finalModel ?? e.routing.upstreamModel}`,
              `${e.status}${e.partial ? ' partial' : ''}${e.errorClass ? ` ${e.errorClass}` : ''}`,
              e.ttfbMs !== undefined ? `${e.ttfbMs}ms` : '—',
              e.durationMs !== undefined ? `${e.durationMs}ms` : '—',
              e.usage ? `${e.usage.inputTokens + e.usage.cacheReadTokens + e.usage.cacheWriteTokens}/${e.usage.outputTokens}` : '—',
              e.routing.reason,
            ]),
          ]),
        );
      });
    });

  dataDir(cmd.command('export <id>'))
    .description('Export a session as query/answer files, JSONL, or one self-contained HTML page.')
    .requiredOption('--format <format>', 'files | jsonl | html')
    .requiredOption('--out <dir>', 'output directory')
    .option('--json', 'machine-readable output')
    .action(async (id: string, o: StoreCliOptions & { format: string; out: string; json?: boolean }) => {
      if (!['files', 'jsonl', 'html'].includes(o.format))
        throw new SwitchyardError('invalid_request', `Unknown format "${o.format}": use files, jsonl or html.`);
      await withStore(o, async (store) => {
        const res = await store.exportSession(id, o.format as ExportFormat, path.resolve(o.out));
        if (o.json) return out(JSON.stringify(res, null, 2));
        out(`Exported ${id} (${res.format}) to ${res.path}`);
      });
    });
}

/** YYYY-MM-DD (local midnight), ISO timestamps, or relative "7d" / "24h". */
export function parseDate(s: string): number {
  const rel = /^(\d+)([dh])$/.exec(s.trim());
  if (rel) return Date.now() - Number(rel[1]) * (rel[2] === 'd' ? 86_400_000 : 3_600_000);
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const [y, m, d] = s.split('-').map(Number);
    return new Date(y, m - 1, d).getTime();
  }
  const t = Date.parse(s);
  if (Number.isNaN(t))
    throw new SwitchyardError('invalid_request', `Cannot read the date "${s}" (use YYYY-MM-DD, an ISO time, or 7d / 24h).`);
  return t;
}
