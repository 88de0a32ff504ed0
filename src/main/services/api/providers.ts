import type { IpcHandlers } from '../../../shared/ipc-contract';
import type { ServiceContext } from '../context';
import { notAvailable } from './not-available';

type ProviderChannels = 'providers:list' | 'providers:presets' | 'providers:upsert' | 'providers:remove' | 'providers:test' | 'providers:health';

export function providerHandlers(_ctx: ServiceContext): Pick<IpcHandlers, ProviderChannels> {
  return {
    'providers:list': async () => notAvailable('Provider management'),
    'providers:presets': async () => notAvailable('Provider presets'),
    'providers:upsert': async () => notAvailable('Provider management'),
    'providers:remove': async () => notAvailable('Provider management'),
    'providers:test': async () => notAvailable('Provider test'),
    'providers:health': async () => notAvailable('Provider health'),
  };
}
