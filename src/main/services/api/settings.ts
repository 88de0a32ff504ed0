import type { IpcHandlers } from '../../../shared/ipc-contract';
import type { ServiceContext } from '../context';
import { notAvailable } from './not-available';

type SettingsChannels = 'settings:get' | 'settings:update' | 'settings:backupData' | 'settings:restoreData';

export function settingsHandlers(_ctx: ServiceContext): Pick<IpcHandlers, SettingsChannels> {
  return {
    'settings:get': async () => notAvailable('Settings'),
    'settings:update': async () => notAvailable('Settings'),
    'settings:backupData': async () => notAvailable('Data backup'),
    'settings:restoreData': async () => notAvailable('Data restore'),
  };
}
