import { createStore } from 'zustand/vanilla';
import type { UsageGroupBy, UsageRow } from '../../../shared/domain';
import type { RendererApi } from '../api';
import { toUiError, type UiError } from '../api/errors';

const DAY = 86_400_000;

export interface UsageState {
  days: number;
  rows: Partial<Record<UsageGroupBy, UsageRow[]>>;
  loading: boolean;
  error: UiError | null;
  load(days?: number): Promise<void>;
}

const GROUPS: UsageGroupBy[] = ['day', 'provider', 'model', 'client'];

export function createUsageStore(api: RendererApi, now: () => number = Date.now) {
  return createStore<UsageState>()((set, get) => ({
    days: 7,
    rows: {},
    loading: false,
    error: null,
    async load(days = get().days) {
      set({ days, loading: true, error: null });
      const since = startOfDay(now() - (days - 1) * DAY);
      try {
        const results = await Promise.all(GROUPS.map((groupBy) => api.invoke('usage:query', { since, groupBy })));
        set({ rows: Object.fromEntries(GROUPS.map((g, i) => [g, results[i]])), loading: false });
      } catch (e) {
        set({ loading: false, error: toUiError(e) });
      }
    },
  }));
}

function startOfDay(at: number): number {
  const d = new Date(at);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
