import { createStore } from 'zustand/vanilla';
import type { ProviderHealth, ProviderInput, ProviderPreset, ProviderTestResult, ProviderView } from '../../../shared/domain';
import type { RendererApi } from '../api';
import { toUiError, type UiError } from '../api/errors';
import { idle, track, type Loadable } from './loadable';

export interface TestState {
  running: boolean;
  result?: ProviderTestResult;
  error?: UiError;
}

export interface ProvidersState {
  list: Loadable<ProviderView[]>;
  presets: Loadable<ProviderPreset[]>;
  tests: Record<string, TestState>;
  load(): Promise<void>;
  loadPresets(): Promise<void>;
  /** Throws a SwitchyardError the form shows next to its fields. */
  upsert(input: ProviderInput): Promise<ProviderView>;
  remove(id: string): Promise<void>;
  test(id: string, model?: string): Promise<TestState>;
  applyHealth(health: ProviderHealth[]): void;
}

export function createProvidersStore(api: RendererApi) {
  return createStore<ProvidersState>()((set, get) => ({
    list: idle(),
    presets: idle(),
    tests: {},
    async load() {
      await track(
        get().list,
        (list) => set({ list }),
        () => api.invoke('providers:list'),
      );
    },
    async loadPresets() {
      if (get().presets.data) return;
      await track(
        get().presets,
        (presets) => set({ presets }),
        () => api.invoke('providers:presets'),
      );
    },
    async upsert(input) {
      const saved = await api.invoke('providers:upsert', input);
      await get().load();
      return saved;
    },
    async remove(id) {
      await api.invoke('providers:remove', { id });
      await get().load();
    },
    async test(id, model) {
      set({ tests: { ...get().tests, [id]: { running: true } } });
      let next: TestState;
      try {
        next = { running: false, result: await api.invoke('providers:test', model ? { id, model } : { id }) };
      } catch (e) {
        next = { running: false, error: toUiError(e) };
      }
      set({ tests: { ...get().tests, [id]: next } });
      return next;
    },
    applyHealth(health) {
      const list = get().list;
      if (!list.data) return;
      const byId = new Map(health.map((h) => [h.providerId, h]));
      set({ list: { ...list, data: list.data.map((p) => (byId.has(p.id) ? { ...p, health: byId.get(p.id) } : p)) } });
    },
  }));
}
