import { createStore } from 'zustand/vanilla';
import type { ExchangeDetail, ExportFormat, ExportResult, SessionDetail, SessionFilter, SessionSummary } from '../../../shared/domain';
import type { RendererApi } from '../api';
import { toUiError, type UiError } from '../api/errors';
import { idle, track, type Loadable } from './loadable';

export const PAGE_SIZE = 50;

export interface SessionsState {
  filter: SessionFilter;
  list: Loadable<{ sessions: SessionSummary[]; total: number }>;
  detail: Loadable<SessionDetail>;
  exchanges: Record<string, Loadable<ExchangeDetail>>;
  exportError: UiError | null;
  setFilter(patch: SessionFilter): void;
  load(): Promise<void>;
  open(id: string): Promise<void>;
  loadExchange(id: string): Promise<void>;
  exportSession(id: string, format: ExportFormat): Promise<ExportResult | null>;
}

export function createSessionsStore(api: RendererApi) {
  return createStore<SessionsState>()((set, get) => ({
    filter: { limit: PAGE_SIZE, offset: 0 },
    list: idle(),
    detail: idle(),
    exchanges: {},
    exportError: null,
    setFilter(patch) {
      set({ filter: { ...get().filter, offset: 0, ...patch } });
    },
    async load() {
      const filter = Object.fromEntries(Object.entries(get().filter).filter(([, v]) => v !== '' && v !== undefined)) as SessionFilter;
      await track(
        get().list,
        (list) => set({ list }),
        () => api.invoke('sessions:list', filter),
      );
    },
    async open(id) {
      const prev = get().detail;
      // Do not flash another session's content while the new one loads.
      const base = prev.data?.id === id ? prev : idle<SessionDetail>();
      await track(
        base,
        (detail) => set({ detail }),
        () => api.invoke('sessions:get', { id }),
      );
    },
    async loadExchange(id) {
      const prev = get().exchanges[id] ?? idle<ExchangeDetail>();
      if (prev.data || prev.loading) return;
      await track(
        prev,
        (l) => set({ exchanges: { ...get().exchanges, [id]: l } }),
        () => api.invoke('exchanges:get', { id }),
      );
    },
    async exportSession(id, format) {
      try {
        const result = await api.invoke('sessions:export', { id, format });
        set({ exportError: null });
        return result;
      } catch (e) {
        set({ exportError: toUiError(e) });
        return null;
      }
    },
  }));
}
