import type { IpcHandlers } from '../../../shared/ipc-contract';
import type { ServiceContext } from '../context';
import { notAvailable } from './not-available';

type SlotChannels = 'slots:get' | 'slots:set' | 'routing:switch' | 'routing:pin';

export function slotHandlers(_ctx: ServiceContext): Pick<IpcHandlers, SlotChannels> {
  return {
    'slots:get': async () => notAvailable('Model slots'),
    'slots:set': async () => notAvailable('Model slots'),
    'routing:switch': async () => notAvailable('Provider switching'),
    'routing:pin': async () => notAvailable('Session pinning'),
  };
}
