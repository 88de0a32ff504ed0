import { createStore } from 'zustand/vanilla';
import type { ClientKind } from '../../../shared/config-schema';
import type { SlotsView } from '../../../shared/domain';
import type { ArgsOf } from '../../../shared/ipc-contract';
import type { RendererApi } from '../api';
import { toUiError, type UiError } from '../api/errors';
import { idle, track, type Loadable } from './loadable';

export interface SlotsState {
  view: Loadable<SlotsView>;
  saving: boolean;
  saveError: UiError | null;
  /** Set after a successful save; the editor remounts with the saved view, so it lives here. */
  savedAt: number | null;
  switching: ClientKind | null;
  load(): Promise<void>;
  save(patch: ArgsOf<'slots:set'>): Promise<boolean>;
  switchActive(client: ClientKind, providerId: string | null): Promise<boolean>;
}

export function createSlotsStore(api: RendererApi) {
  return createStore<SlotsState>()((set, get) => ({
    view: idle(),
    saving: false,
    saveError: null,
    savedAt: null,
    switching: null,
    async load() {
      await track(
        get().view,
        (view) => set({ view }),
        () => api.invoke('slots:get'),
      );
    },
    async save(patch) {
      set({ saving: true, saveError: null, savedAt: null });
      try {
        const data = await api.invoke('slots:set', patch);
        set({ view: { data, error: null, loading: false }, saving: false, savedAt: Date.now() });
        return true;
      } catch (e) {
        set({ saving: false, saveError: toUiError(e) });
        return false;
      }
    },
    async switchActive(client, providerId) {
      set({ switching: client, saveError: null });
      try {
        const data = await api.invoke('routing:switch', { client, providerId });
        set({ view: { data, error: null, loading: false }, switching: null });
        return true;
      } catch (e) {
        set({ switching: null, saveError: toUiError(e) });
        return false;
      }
    },
  }));
}
