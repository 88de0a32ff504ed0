/**
 * The main-side implementation of the IPC contract: one thin handler per channel, composed
 * from per-domain modules. Electron registers these with ipcMain; the headless host serves
 * them over HTTP. The `satisfies` check makes a missing channel a compile error; every
 * handler gets its arguments checked first (args.ts).
 */
import type { IpcHandlers } from '../../../shared/ipc-contract';
import type { ServiceContext } from '../context';
import { appHandlers } from './app';
import { withCheckedArgs } from './args';
import { integrationHandlers } from './integrations';
import { providerHandlers } from './providers';
import { sessionHandlers } from './sessions';
import { settingsHandlers } from './settings';
import { slotHandlers } from './slots';

export function createApiHandlers(ctx: ServiceContext): IpcHandlers {
  return withCheckedArgs({
    ...appHandlers(ctx),
    ...providerHandlers(ctx),
    ...slotHandlers(ctx),
    ...settingsHandlers(ctx),
    ...sessionHandlers(ctx),
    ...integrationHandlers(ctx),
  } satisfies IpcHandlers);
}
