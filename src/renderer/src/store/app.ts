import { createStore } from 'zustand/vanilla';
import type { AppStatus } from '../../../shared/domain';
import type { ConnectionState, RendererApi } from '../api';
import { toUiError, type UiError } from '../api/errors';
import { idle, track, type Loadable } from './loadable';

export interface AppState {
  status: Loadable<AppStatus>;
  /** 'ipc' when talking to Electron (no network link to lose). */
  connection: ConnectionState | 'ipc';
  recordingError: UiError | null;
  load(): Promise<void>;
  setStatus(s: AppStatus): void;
  setConnection(c: ConnectionState | 'ipc'): void;
  setRecordingPaused(paused: boolean): Promise<void>;
}

export function createAppStore(api: RendererApi) {
  return createStore<AppState>()((set, get) => ({
    status: idle(),
    connection: api.onConnection ? 'connecting' : 'ipc',
    recordingError: null,
    async load() {
      await track(
        get().status,
        (status) => set({ status }),
        () => api.invoke('app:status'),
      );
    },
    setStatus(s) {
      set({ status: { data: s, error: null, loading: false } });
    },
    setConnection(connection) {
      set({ connection });
    },
    async setRecordingPaused(paused) {
      try {
        const recording = await api.invoke('recording:setPaused', { paused });
        const cur = get().status.data;
        if (cur) set({ status: { ...get().status, data: { ...cur, recording } }, recordingError: null });
      } catch (e) {
        set({ recordingError: toUiError(e) });
      }
    },
  }));
}
