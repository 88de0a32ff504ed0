import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { UsageQuery, UsageRow } from '../../../shared/domain';
import { renderWithApi } from '../testing/render';
import { UsagePage } from './usage-page';

function row(key: string, patch: Partial<UsageRow> = {}): UsageRow {
  return {
    key,
    requests: 200,
    errors: 3,
    inputTokens: 1_250_000,
    outputTokens: 48_000,
    cacheReadTokens: 900_000,
    cacheWriteTokens: 0,
    costUsd: 4.2,
    ...patch,
  };
}

describe('UsagePage', { timeout: 20_000 }, () => {
  it('shows totals, error rate and latency percentiles per provider', async () => {
    const queries: UsageQuery[] = [];
    renderWithApi(<UsagePage />, {
      'usage:query': (q) => {
        queries.push(q);
        if (q.groupBy === 'day') return [row('2026-01-01'), row('2026-01-02', { requests: 100, errors: 0, costUsd: 0.8 })];
        if (q.groupBy === 'provider') return [row('deepseek', { p50LatencyMs: 840, p95LatencyMs: 2400, p50TtfbMs: 310, p95TtfbMs: 990 })];
        return [];
      },
    });
    const totals = await screen.findByLabelText('Totals');
    expect(within(totals).getByText('300')).toBeTruthy();
    expect(within(totals).getByText('$5.00')).toBeTruthy();
    expect(within(totals).getByText('1.0%')).toBeTruthy();
    const byProvider = screen.getByRole('table', { name: 'By provider' });
    expect(within(byProvider).getByText('840 ms / 2.40 s')).toBeTruthy();
    expect(within(byProvider).getByText('310 ms / 990 ms')).toBeTruthy();
    expect(within(byProvider).getByText('1.5%')).toBeTruthy();
    expect(within(byProvider).getByText('1.3M')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: '30 days' }));
    const last = queries.at(-1)!;
    expect(Date.now() - last.since!).toBeGreaterThan(29 * 86_400_000);
    expect(Date.now() - last.since!).toBeLessThan(31 * 86_400_000);
  });

  it('points to the next step when there is no usage yet', async () => {
    renderWithApi(<UsagePage />, { 'usage:query': () => [] });
    expect(await screen.findByText('No usage in this range')).toBeTruthy();
  });
});
