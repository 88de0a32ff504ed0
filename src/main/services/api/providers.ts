import type { IpcHandlers } from '../../../shared/ipc-contract';
import type { ServiceContext } from '../context';
import { PROVIDER_PRESETS } from '../providers/presets';
import { listProviders, providerHealth, removeProvider, resolveTestTarget, upsertProvider } from '../providers/provider-service';
import { testProvider } from '../providers/provider-test';

type ProviderChannels =
  'providers:list' | 'providers:presets' | 'providers:upsert' | 'providers:remove' | 'providers:test' | 'providers:health';

export function providerHandlers(ctx: ServiceContext): Pick<IpcHandlers, ProviderChannels> {
  return {
    'providers:list': async () => listProviders(ctx),
    'providers:presets': async () => structuredClone([...PROVIDER_PRESETS]),
    'providers:upsert': async (input) => upsertProvider(ctx, input),
    'providers:remove': async ({ id }) => removeProvider(ctx, id),
    'providers:test': async (args) => {
      const { target, model } = resolveTestTarget(ctx, args);
      return testProvider(target, model);
    },
    'providers:health': async () => providerHealth(ctx),
  };
}
