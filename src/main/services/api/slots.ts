import type { IpcHandlers } from '../../../shared/ipc-contract';
import type { ServiceContext } from '../context';
import { pinSession, setSlots, slotsView, switchProvider } from '../slots/slots-service';

type SlotChannels = 'slots:get' | 'slots:set' | 'routing:switch' | 'routing:pin';

export function slotHandlers(ctx: ServiceContext): Pick<IpcHandlers, SlotChannels> {
  return {
    'slots:get': async () => slotsView(ctx),
    'slots:set': async (patch) => setSlots(ctx, patch),
    'routing:switch': async ({ client, providerId }) => switchProvider(ctx, client, providerId),
    'routing:pin': async ({ sessionId, providerId }) => pinSession(ctx, sessionId, providerId),
  };
}
