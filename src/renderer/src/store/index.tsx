import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { RendererApi } from '../api';
import { createAppStore, type AppState } from './app';
import { createClientsStore, type ClientsState } from './clients';
import { createLiveStore, type LiveState } from './live';
import { createOnboardingStore, type OnboardingState } from './onboarding';
import { createProvidersStore, type ProvidersState } from './providers';
import { createSessionsStore, type SessionsState } from './sessions';
import { createSettingsStore, type SettingsState } from './settings';
import { createSlotsStore, type SlotsState } from './slots';
import { createUsageStore, type UsageState } from './usage';

export function createStores(api: RendererApi) {
  return {
    api,
    app: createAppStore(api),
    providers: createProvidersStore(api),
    slots: createSlotsStore(api),
    live: createLiveStore(api),
    sessions: createSessionsStore(api),
    usage: createUsageStore(api),
    clients: createClientsStore(api),
    settings: createSettingsStore(api),
    onboarding: createOnboardingStore(api),
  };
}

export type Stores = ReturnType<typeof createStores>;

/** Pushes host events into the slices; returns the unsubscribe. */
export function wireEvents(stores: Stores): () => void {
  const { api } = stores;
  let sessionsTimer: ReturnType<typeof setTimeout> | null = null;
  const offs = [
    api.on('status:changed', (s) => stores.app.getState().setStatus(s)),
    api.on('config:changed', () => {
      void stores.app.getState().load();
      if (stores.providers.getState().list.data) void stores.providers.getState().load();
      if (stores.slots.getState().view.data) void stores.slots.getState().load();
      if (stores.settings.getState().view.data) void stores.settings.getState().load();
    }),
    api.on('live:update', (x) => stores.live.getState().upsert(x)),
    api.on('live:removed', ({ exchangeId }) => stores.live.getState().remove(exchangeId)),
    api.on('providers:health', (h) => stores.providers.getState().applyHealth(h)),
    api.on('sessions:changed', ({ sessionId }) => {
      // Bursts of exchanges would refetch per event: coalesce.
      if (sessionsTimer) return;
      sessionsTimer = setTimeout(() => {
        sessionsTimer = null;
        const s = stores.sessions.getState();
        if (s.list.data) void s.load();
        if (s.detail.data?.id === sessionId) void s.open(sessionId);
      }, 500);
    }),
  ];
  if (api.onConnection) {
    let wasDown = false;
    offs.push(
      api.onConnection((c) => {
        stores.app.getState().setConnection(c);
        // After a reconnect, state may have moved on while we were away.
        if (c === 'open' && wasDown) {
          void stores.app.getState().load();
          void stores.live.getState().load();
        }
        if (c === 'down') wasDown = true;
      }),
    );
  }
  return () => {
    for (const off of offs) off();
    if (sessionsTimer) clearTimeout(sessionsTimer);
  };
}

const StoresContext = createContext<Stores | null>(null);

export function StoresProvider({ stores, children }: { stores: Stores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

export function useStores(): Stores {
  const s = useContext(StoresContext);
  if (!s) throw new Error('StoresProvider missing');
  return s;
}

export const useApp = <T,>(sel: (s: AppState) => T): T => useStore(useStores().app, sel);
export const useProviders = <T,>(sel: (s: ProvidersState) => T): T => useStore(useStores().providers, sel);
export const useSlots = <T,>(sel: (s: SlotsState) => T): T => useStore(useStores().slots, sel);
export const useLive = <T,>(sel: (s: LiveState) => T): T => useStore(useStores().live, sel);
export const useSessions = <T,>(sel: (s: SessionsState) => T): T => useStore(useStores().sessions, sel);
export const useUsage = <T,>(sel: (s: UsageState) => T): T => useStore(useStores().usage, sel);
export const useClients = <T,>(sel: (s: ClientsState) => T): T => useStore(useStores().clients, sel);
export const useSettings = <T,>(sel: (s: SettingsState) => T): T => useStore(useStores().settings, sel);
export const useOnboarding = <T,>(sel: (s: OnboardingState) => T): T => useStore(useStores().onboarding, sel);
