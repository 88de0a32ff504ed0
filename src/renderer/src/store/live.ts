import { createStore } from 'zustand/vanilla';
import type { LiveExchange } from '../../../shared/domain';
import type { RendererApi } from '../api';
import { toUiError, type UiError } from '../api/errors';
import { idle, track, type Loadable } from './loadable';

const RECENT_MAX = 20;

export interface LiveState {
  /** In flight, keyed by exchange id, in arrival order. */
  items: LiveExchange[];
  /** Finished or removed recently, newest first, so a stream that just ended stays readable. */
  recent: LiveExchange[];
  initial: Loadable<LiveExchange[]>;
  cancelError: UiError | null;
  load(): Promise<void>;
  upsert(x: LiveExchange): void;
  remove(exchangeId: string): void;
  cancel(exchangeId: string): Promise<void>;
  clearRecent(): void;
}

const isFinished = (x: LiveExchange): boolean => x.status === 'done' || x.status === 'error' || x.status === 'cancelled';

export function createLiveStore(api: RendererApi) {
  return createStore<LiveState>()((set, get) => ({
    items: [],
    recent: [],
    initial: idle(),
    cancelError: null,
    async load() {
      const list = await track(
        get().initial,
        (initial) => set({ initial }),
        () => api.invoke('live:list'),
      );
      if (!list) return;
      // Events may have arrived while loading: keep whichever copy is further along.
      const known = new Map(get().items.map((x) => [x.exchangeId, x]));
      for (const x of list) {
        const cur = known.get(x.exchangeId);
        if (!cur || x.text.length >= cur.text.length) known.set(x.exchangeId, x);
      }
      set({ items: [...known.values()].filter((x) => !isFinished(x)) });
    },
    upsert(x) {
      const { items, recent } = get();
      if (isFinished(x)) {
        set({
          items: items.filter((i) => i.exchangeId !== x.exchangeId),
          recent: [x, ...recent.filter((r) => r.exchangeId !== x.exchangeId)].slice(0, RECENT_MAX),
        });
        return;
      }
      const idx = items.findIndex((i) => i.exchangeId === x.exchangeId);
      if (idx === -1) set({ items: [...items, x] });
      else set({ items: items.map((i, n) => (n === idx ? x : i)) });
    },
    remove(exchangeId) {
      const { items, recent } = get();
      const gone = items.find((i) => i.exchangeId === exchangeId);
      set({
        items: items.filter((i) => i.exchangeId !== exchangeId),
        recent: gone
          ? [
              {
                ...gone,
                status: gone.status === 'streaming' || gone.status === 'waiting' ? 'done' : gone.status,
                endedAt: gone.endedAt ?? Date.now(),
              },
              ...recent,
            ].slice(0, RECENT_MAX)
          : recent,
      });
    },
    async cancel(exchangeId) {
      try {
        await api.invoke('live:cancel', { exchangeId });
        set({ cancelError: null });
      } catch (e) {
        set({ cancelError: toUiError(e) });
      }
    },
    clearRecent() {
      set({ recent: [] });
    },
  }));
}
