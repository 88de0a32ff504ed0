import { createStore } from 'zustand/vanilla';
import type { DataBackupResult, SettingsPatch, SettingsView } from '../../../shared/domain';
import type { RendererApi } from '../api';
import { toUiError, type UiError } from '../api/errors';
import { idle, track, type Loadable } from './loadable';

export interface SettingsState {
  view: Loadable<SettingsView>;
  saving: boolean;
  saveError: UiError | null;
  saved: boolean;
  backup: Loadable<DataBackupResult>;
  restore: Loadable<{ restored: string }>;
  load(): Promise<void>;
  update(patch: SettingsPatch): Promise<boolean>;
  backupData(): Promise<void>;
  restoreData(path: string): Promise<void>;
}

export function createSettingsStore(api: RendererApi) {
  return createStore<SettingsState>()((set, get) => ({
    view: idle(),
    saving: false,
    saveError: null,
    saved: false,
    backup: idle(),
    restore: idle(),
    async load() {
      await track(
        get().view,
        (view) => set({ view }),
        () => api.invoke('settings:get'),
      );
    },
    async update(patch) {
      set({ saving: true, saveError: null, saved: false });
      try {
        const data = await api.invoke('settings:update', patch);
        set({ view: { data, error: null, loading: false }, saving: false, saved: true });
        return true;
      } catch (e) {
        set({ saving: false, saveError: toUiError(e) });
        return false;
      }
    },
    async backupData() {
      await track(
        get().backup,
        (backup) => set({ backup }),
        () => api.invoke('settings:backupData', {}),
      );
    },
    async restoreData(path) {
      await track(
        get().restore,
        (restore) => set({ restore }),
        () => api.invoke('settings:restoreData', { path }),
      );
    },
  }));
}
