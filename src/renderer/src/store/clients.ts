import { createStore } from 'zustand/vanilla';
import type { ClientKind } from '../../../shared/config-schema';
import type { BackupInfo, ClientStatus, IntegrationApplyOptions, IntegrationPlan } from '../../../shared/domain';
import type { RendererApi } from '../api';
import { toUiError, type UiError } from '../api/errors';
import { idle, track, type Loadable } from './loadable';

export interface ApplyOutcome {
  plan?: IntegrationPlan & { backup?: BackupInfo };
  restored?: string;
  error?: UiError;
}

export interface ClientsState {
  statuses: Loadable<ClientStatus[]>;
  plans: Partial<Record<ClientKind, Loadable<IntegrationPlan>>>;
  backups: Partial<Record<ClientKind, Loadable<BackupInfo[]>>>;
  outcome: Partial<Record<ClientKind, ApplyOutcome>>;
  busy: ClientKind | null;
  load(): Promise<void>;
  plan(client: ClientKind, options?: IntegrationApplyOptions): Promise<void>;
  apply(client: ClientKind, options?: IntegrationApplyOptions): Promise<boolean>;
  loadBackups(client: ClientKind): Promise<void>;
  restore(client: ClientKind, backupId?: string): Promise<boolean>;
}

export function createClientsStore(api: RendererApi) {
  return createStore<ClientsState>()((set, get) => {
    const putOutcome = (client: ClientKind, o: ApplyOutcome) => set({ outcome: { ...get().outcome, [client]: o } });
    return {
      statuses: idle(),
      plans: {},
      backups: {},
      outcome: {},
      busy: null,
      async load() {
        await track(
          get().statuses,
          (statuses) => set({ statuses }),
          () => api.invoke('integrations:status', {}),
        );
      },
      async plan(client, options) {
        const prev = get().plans[client] ?? idle<IntegrationPlan>();
        await track(
          prev,
          (l) => set({ plans: { ...get().plans, [client]: l } }),
          () => api.invoke('integrations:plan', options ? { client, options } : { client }),
        );
      },
      async apply(client, options) {
        set({ busy: client });
        try {
          const plan = await api.invoke('integrations:apply', options ? { client, options } : { client });
          putOutcome(client, { plan });
          // The preview is stale once applied: drop it rather than leave a spinner.
          const { [client]: _done, ...plans } = get().plans;
          set({ busy: null, plans });
          await Promise.all([get().load(), get().loadBackups(client)]);
          return true;
        } catch (e) {
          putOutcome(client, { error: toUiError(e) });
          set({ busy: null });
          return false;
        }
      },
      async loadBackups(client) {
        const prev = get().backups[client] ?? idle<BackupInfo[]>();
        await track(
          prev,
          (l) => set({ backups: { ...get().backups, [client]: l } }),
          () => api.invoke('integrations:backups', { client }),
        );
      },
      async restore(client, backupId) {
        set({ busy: client });
        try {
          const r = await api.invoke('integrations:restore', backupId ? { client, backupId } : { client });
          putOutcome(client, { restored: r.restored });
          set({ busy: null });
          await Promise.all([get().load(), get().loadBackups(client)]);
          return true;
        } catch (e) {
          putOutcome(client, { error: toUiError(e) });
          set({ busy: null });
          return false;
        }
      },
    };
  });
}
