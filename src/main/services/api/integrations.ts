import type { IpcHandlers } from '../../../shared/ipc-contract';
import type { ServiceContext } from '../context';
import { notAvailable } from './not-available';

type IntegrationChannels = 'integrations:status' | 'integrations:plan' | 'integrations:apply' | 'integrations:restore' | 'integrations:backups';

export function integrationHandlers(_ctx: ServiceContext): Pick<IpcHandlers, IntegrationChannels> {
  return {
    'integrations:status': async () => notAvailable('Client integration'),
    'integrations:plan': async () => notAvailable('Client integration'),
    'integrations:apply': async () => notAvailable('Client integration'),
    'integrations:restore': async () => notAvailable('Client integration'),
    'integrations:backups': async () => notAvailable('Client integration'),
  };
}
