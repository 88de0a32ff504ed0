import type { IpcHandlers } from '../../../shared/ipc-contract';
import type { ServiceContext } from '../context';
import { IntegrationService } from '../integrations/service';

type IntegrationChannels =
  'integrations:status' | 'integrations:plan' | 'integrations:apply' | 'integrations:restore' | 'integrations:backups';

/** The host's proxy URL and app token; built per call so a port change after listen is seen. */
export function integrationServiceFor(ctx: ServiceContext): IntegrationService {
  return new IntegrationService({ proxyUrl: ctx.proxyUrl(), appToken: async () => ctx.appToken, env: ctx.env });
}

export function integrationHandlers(ctx: ServiceContext): Pick<IpcHandlers, IntegrationChannels> {
  return {
    'integrations:status': async ({ client } = {}) => integrationServiceFor(ctx).status(client),
    'integrations:plan': async ({ client, options }) => integrationServiceFor(ctx).plan(client, options),
    'integrations:apply': async ({ client, options }) => integrationServiceFor(ctx).apply(client, options),
    'integrations:restore': async ({ client, backupId, home }) => integrationServiceFor(ctx).restore(client, { backupId, home }),
    'integrations:backups': async ({ client, home }) => integrationServiceFor(ctx).backups(client, home),
  };
}
