import type { IpcHandlers } from '../../../shared/ipc-contract';
import type { ServiceContext } from '../context';
import type { IntegrationService } from '../integrations/service';

type IntegrationChannels =
  'integrations:status' | 'integrations:plan' | 'integrations:apply' | 'integrations:restore' | 'integrations:backups';

/**
 * The host's proxy URL and app token; built per call so a port change after listen is seen.
 * Loaded on first use: the client-config editors (TOML/JSON text, diffs) are not needed to serve.
 */
export async function integrationServiceFor(ctx: ServiceContext): Promise<IntegrationService> {
  const { IntegrationService } = await import('../integrations/service');
  return new IntegrationService({ proxyUrl: ctx.proxyUrl(), appToken: async () => ctx.appToken, env: ctx.env });
}

export function integrationHandlers(ctx: ServiceContext): Pick<IpcHandlers, IntegrationChannels> {
  return {
    'integrations:status': async ({ client } = {}) => (await integrationServiceFor(ctx)).status(client),
    'integrations:plan': async ({ client, options }) => (await integrationServiceFor(ctx)).plan(client, options),
    'integrations:apply': async ({ client, options }) => (await integrationServiceFor(ctx)).apply(client, options),
    'integrations:restore': async ({ client, backupId, home }) => (await integrationServiceFor(ctx)).restore(client, { backupId, home }),
    'integrations:backups': async ({ client, home }) => (await integrationServiceFor(ctx)).backups(client, home),
  };
}
