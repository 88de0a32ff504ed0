import type { IpcHandlers } from '../../../shared/ipc-contract';
import type { ServiceContext } from '../context';

type ProviderChannels =
  'providers:list' | 'providers:presets' | 'providers:upsert' | 'providers:remove' | 'providers:test' | 'providers:health';

// Loaded on first use (the UI's provider pages), not at start-up: serving never needs them.
const service = () => import('../providers/provider-service');

export function providerHandlers(ctx: ServiceContext): Pick<IpcHandlers, ProviderChannels> {
  return {
    'providers:list': async () => (await service()).listProviders(ctx),
    'providers:presets': async () => structuredClone([...(await import('../providers/presets')).PROVIDER_PRESETS]),
    'providers:upsert': async (input) => (await service()).upsertProvider(ctx, input),
    'providers:remove': async ({ id }) => (await service()).removeProvider(ctx, id),
    'providers:test': async (args) => {
      const { target, model } = (await service()).resolveTestTarget(ctx, args);
      const { testProvider } = await import('../providers/provider-test');
      return testProvider(target, model);
    },
    'providers:health': async () => (await service()).providerHealth(ctx),
  };
}
