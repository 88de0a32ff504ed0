import { useEffect } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { UsageRow } from '../../../shared/domain';
import { EmptyState, ErrorNote, NotAvailable, Spinner } from '../components/async-view';
import { PageHeader } from '../components/layout';
import { formatCount, formatMs, formatPercent, formatUsd } from '../format/format';
import { isNotAvailable } from '../api/errors';
import { useStores, useUsage } from '../store';

const RANGES = [
  { days: 1, label: 'Today' },
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
];

function Totals({ rows }: { rows: UsageRow[] }) {
  const t = rows.reduce(
    (a, r) => ({
      requests: a.requests + r.requests,
      errors: a.errors + r.errors,
      inputTokens: a.inputTokens + r.inputTokens,
      outputTokens: a.outputTokens + r.outputTokens,
      costUsd: a.costUsd + r.costUsd,
    }),
    { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
  );
  return (
    <div className="stats" aria-label="Totals">
      <div className="stat">
        <span className="stat-label">Requests</span>
        <span className="stat-value">{formatCount(t.requests)}</span>
      </div>
      <div className="stat">
        <span className="stat-label">Tokens in / out</span>
        <span className="stat-value">
          {formatCount(t.inputTokens)} / {formatCount(t.outputTokens)}
        </span>
      </div>
      <div className="stat">
        <span className="stat-label">Cost</span>
        <span className="stat-value">{formatUsd(t.costUsd)}</span>
      </div>
      <div className="stat">
        <span className="stat-label">Error rate</span>
        <span className="stat-value">{formatPercent(t.errors, t.requests)}</span>
      </div>
    </div>
  );
}

const axisStyle = { fontSize: 12, fill: 'var(--muted)' };

function DailyCharts({ rows }: { rows: UsageRow[] }) {
  const data = rows.map((r) => ({ day: r.key, input: r.inputTokens, output: r.outputTokens, cost: Number(r.costUsd.toFixed(4)) }));
  return (
    <div className="chart-grid">
      <figure className="card chart" aria-label="Tokens per day">
        <figcaption className="card-title">Tokens per day</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
            <XAxis dataKey="day" tick={axisStyle} />
            <YAxis tickFormatter={(v: number) => formatCount(v)} tick={axisStyle} width={48} />
            <Tooltip
              formatter={(v) => formatCount(Number(v))}
              contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
            />
            <Legend />
            <Bar dataKey="input" name="Input" stackId="t" fill="var(--chart-1)" isAnimationActive={false} />
            <Bar dataKey="output" name="Output" stackId="t" fill="var(--chart-2)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure className="card chart" aria-label="Cost per day">
        <figcaption className="card-title">Cost per day</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
            <XAxis dataKey="day" tick={axisStyle} />
            <YAxis tickFormatter={(v: number) => formatUsd(v)} tick={axisStyle} width={76} />
            <Tooltip
              formatter={(v) => formatUsd(Number(v))}
              contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
            />
            <Bar dataKey="cost" name="Cost" fill="var(--chart-3)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}

function Breakdown({ title, rows, keyLabel }: { title: string; rows: UsageRow[]; keyLabel: string }) {
  if (!rows.length) return null;
  const sorted = [...rows].sort((a, b) => b.costUsd - a.costUsd || b.requests - a.requests);
  return (
    <div className="card">
      <h2 className="card-title">{title}</h2>
      <div className="table-wrap">
        <table className="table" aria-label={title}>
          <thead>
            <tr>
              <th scope="col">{keyLabel}</th>
              <th scope="col" className="num">
                Requests
              </th>
              <th scope="col" className="num">
                Errors
              </th>
              <th scope="col" className="num">
                Input
              </th>
              <th scope="col" className="num">
                Output
              </th>
              <th scope="col" className="num">
                Cache read
              </th>
              <th scope="col" className="num">
                Cost
              </th>
              <th scope="col" className="num">
                Latency p50 / p95
              </th>
              <th scope="col" className="num">
                TTFB p50 / p95
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((r) => (
              <tr key={r.key}>
                <td className="mono small">{r.key}</td>
                <td className="num">{formatCount(r.requests)}</td>
                <td className="num">{formatPercent(r.errors, r.requests)}</td>
                <td className="num">{formatCount(r.inputTokens)}</td>
                <td className="num">{formatCount(r.outputTokens)}</td>
                <td className="num">{formatCount(r.cacheReadTokens)}</td>
                <td className="num">{formatUsd(r.costUsd)}</td>
                <td className="num">
                  {formatMs(r.p50LatencyMs)} / {formatMs(r.p95LatencyMs)}
                </td>
                <td className="num">
                  {formatMs(r.p50TtfbMs)} / {formatMs(r.p95TtfbMs)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function UsagePage() {
  const { usage } = useStores();
  const { days, rows, loading, error } = useUsage((s) => s);
  useEffect(() => {
    void usage.getState().load();
  }, [usage]);

  const byDay = rows.day ?? [];
  return (
    <section>
      <PageHeader
        title="Usage"
        description="Tokens, cost, errors and latency across providers and models."
        actions={
          <div className="segmented" role="group" aria-label="Range">
            {RANGES.map((r) => (
              <button
                key={r.days}
                type="button"
                className={`btn btn-small ${days === r.days ? 'active' : ''}`}
                aria-pressed={days === r.days}
                onClick={() => void usage.getState().load(r.days)}
              >
                {r.label}
              </button>
            ))}
          </div>
        }
      />
      {error && isNotAvailable(error) ? (
        <NotAvailable what="Usage" error={error} />
      ) : (
        <>
          {error && <ErrorNote error={error} onRetry={() => void usage.getState().load()} />}
          {loading && !rows.day && <Spinner />}
          {rows.day &&
            (byDay.length === 0 ? (
              <EmptyState title="No usage in this range">
                <p>Requests that go through the proxy show up here with their tokens, cost and latency.</p>
              </EmptyState>
            ) : (
              <>
                <Totals rows={byDay} />
                <DailyCharts rows={byDay} />
                <Breakdown title="By provider" rows={rows.provider ?? []} keyLabel="Provider" />
                <Breakdown title="By model" rows={rows.model ?? []} keyLabel="Model" />
                <Breakdown title="By client" rows={rows.client ?? []} keyLabel="Client" />
              </>
            ))}
        </>
      )}
    </section>
  );
}
