import type { IpcHandlers } from '../../../shared/ipc-contract';
import type { ServiceContext } from '../context';
import { notAvailable } from './not-available';

type SessionChannels =
  | 'sessions:list'
  | 'sessions:get'
  | 'sessions:search'
  | 'sessions:export'
  | 'sessions:delete'
  | 'exchanges:get'
  | 'live:list'
  | 'live:cancel'
  | 'usage:query'
  | 'recording:setPaused';

export function sessionHandlers(_ctx: ServiceContext): Pick<IpcHandlers, SessionChannels> {
  return {
    'sessions:list': async () => notAvailable('Session history'),
    'sessions:get': async () => notAvailable('Session history'),
    'sessions:search': async () => notAvailable('Session search'),
    'sessions:export': async () => notAvailable('Session export'),
    'sessions:delete': async () => notAvailable('Session history'),
    'exchanges:get': async () => notAvailable('Session history'),
    'live:list': async () => notAvailable('Live view'),
    'live:cancel': async () => notAvailable('Live view'),
    'usage:query': async () => notAvailable('Usage'),
    'recording:setPaused': async () => notAvailable('Recording'),
  };
}
