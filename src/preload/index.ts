/**
 * The preload: exposes the typed IPC contract as `window.api` and nothing else. Only channels
 * and events named in the contract pass; the renderer never gets ipcRenderer or the raw
 * IpcRendererEvent. Errors come back as plain objects {name, code, status, errorClass,
 * message, hint} because contextBridge drops custom properties of Error instances.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, EVENTS, type Channel, type EventName, type IpcEnvelope, type SwitchyardApi } from '../shared/ipc-contract';
import type { SwitchyardErrorJSON } from '../shared/errors';

const channels = new Set<string>(CHANNELS);
const events = new Set<string>(EVENTS);

type BridgeError = SwitchyardErrorJSON & { name: 'SwitchyardError' };

function bridgeError(error: SwitchyardErrorJSON): BridgeError {
  return {
    name: 'SwitchyardError',
    code: error.code,
    status: error.status,
    errorClass: error.errorClass,
    message: error.message,
    hint: error.hint,
  };
}

function rejected(message: string): Promise<never> {
  return Promise.reject(bridgeError({ code: 'invalid_request', status: 400, errorClass: 'invalid_request', message }));
}

const api: SwitchyardApi = {
  invoke(channel: Channel, ...args: unknown[]) {
    if (!channels.has(channel)) return rejected(`Unknown channel "${String(channel)}".`);
    return (ipcRenderer.invoke(channel, args[0]) as Promise<IpcEnvelope<unknown>>).then(
      (envelope) => {
        if (envelope && envelope.ok) return envelope.result;
        if (envelope && envelope.ok === false) throw bridgeError(envelope.error);
        throw bridgeError({
          code: 'internal',
          status: 500,
          errorClass: 'internal_error',
          message: `No answer from the app for ${channel}.`,
        });
      },
      (e: unknown) => {
        throw bridgeError({
          code: 'internal',
          status: 500,
          errorClass: 'internal_error',
          message: e instanceof Error ? e.message : String(e),
        });
      },
    );
  },
  on(event: EventName, listener: (payload: never) => void) {
    if (!events.has(event)) throw new Error(`Unknown event "${String(event)}".`);
    const wrapped = (_e: IpcRendererEvent, payload: unknown): void => (listener as (p: unknown) => void)(payload);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
} as SwitchyardApi;

contextBridge.exposeInMainWorld('api', api);
