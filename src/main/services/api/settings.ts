import type { IpcHandlers } from '../../../shared/ipc-contract';
import type { ServiceContext } from '../context';
import { backupData, restoreData } from '../settings/data-backup';
import { settingsView, updateSettings } from '../settings/settings-service';

type SettingsChannels = 'settings:get' | 'settings:update' | 'settings:backupData' | 'settings:restoreData';

export function settingsHandlers(ctx: ServiceContext): Pick<IpcHandlers, SettingsChannels> {
  return {
    'settings:get': async () => settingsView(ctx),
    'settings:update': async (patch) => updateSettings(ctx, patch),
    'settings:backupData': async ({ outDir }) => backupData(ctx, outDir),
    'settings:restoreData': async ({ path }) => restoreData(ctx, path),
  };
}
