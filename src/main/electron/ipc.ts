/**
 * The IPC side of the typed contract: one ipcMain.handle per channel answering with the
 * envelope {ok, result | error}, and every service event forwarded to the windows.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, type Channel, type IpcEnvelope, type IpcHandlers } from '../../shared/ipc-contract';
import { SwitchyardError, toSwitchyardError } from '../../shared/errors';
import type { EventBus } from '../services/events';
import { isAllowedNavigation } from './policy';

export function registerIpc(handlers: IpcHandlers, appOrigins: readonly string[]): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, args: unknown): Promise<IpcEnvelope<unknown>> => {
      // Only the app's own pages may call in (not a frame that navigated elsewhere).
      const from = event.senderFrame?.url ?? '';
      if (!isAllowedNavigation(from, appOrigins)) {
        return { ok: false, error: new SwitchyardError('forbidden_origin', 'IPC from a page outside the app was refused.').toJSON() };
      }
      try {
        const handler = handlers[channel] as (a: unknown) => Promise<unknown>;
        return { ok: true, result: await handler(args) };
      } catch (e) {
        return { ok: false, error: toSwitchyardError(e).toJSON() };
      }
    });
  }
  return () => {
    for (const channel of CHANNELS as readonly Channel[]) ipcMain.removeHandler(channel);
  };
}

export function forwardEvents(events: EventBus): () => void {
  return events.onAny((name, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed() && !win.webContents.isDestroyed()) win.webContents.send(name, payload);
    }
  });
}
