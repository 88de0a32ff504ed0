import { SwitchyardError } from '../../../shared/errors';
import type { IpcHandlers } from '../../../shared/ipc-contract';
import type { ServiceContext } from '../context';
import type { TrajectoryStoreApi } from '../store/store-api';
import type { LiveTrackerApi } from '../live/live-api';
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

function store(ctx: ServiceContext, what: string): TrajectoryStoreApi {
  return ctx.store ?? notAvailable(what);
}

function live(ctx: ServiceContext): LiveTrackerApi {
  return ctx.live ?? notAvailable('Live view');
}

function required(v: unknown, name: string): string {
  if (typeof v !== 'string' || !v) throw new SwitchyardError('invalid_request', `"${name}" is required.`);
  return v;
}

export function sessionHandlers(ctx: ServiceContext): Pick<IpcHandlers, SessionChannels> {
  return {
    'sessions:list': async (filter) => store(ctx, 'Session history').listSessions(filter ?? {}),
    'sessions:get': async ({ id }) => store(ctx, 'Session history').getSession(required(id, 'id')),
    'sessions:search': async ({ text, limit }) => store(ctx, 'Session search').search(text ?? '', limit),
    'sessions:export': async ({ id, format, outDir }) => store(ctx, 'Session export').exportSession(required(id, 'id'), format, outDir),
    'sessions:delete': async ({ id }) => store(ctx, 'Session history').deleteSession(required(id, 'id')),
    'exchanges:get': async ({ id }) => store(ctx, 'Session history').getExchange(required(id, 'id')),
    'live:list': async () => live(ctx).list(),
    'live:cancel': async ({ exchangeId }) => {
      const cancelled = ctx.runtime.cancel(required(exchangeId, 'exchangeId'));
      const tracker = ctx.live as (LiveTrackerApi & { markCancelled?: (id: string) => void }) | null;
      if (cancelled) tracker?.markCancelled?.(exchangeId);
      return { cancelled };
    },
    'usage:query': async (query) => store(ctx, 'Usage').usage(query ?? { groupBy: 'day' }),
    'recording:setPaused': async ({ paused }) => {
      const s = store(ctx, 'Recording');
      s.setPaused(!!paused);
      const status = s.status();
      return status;
    },
  };
}

/**
 * Forward store and live-tracker changes to the event bus (→ Electron windows / SSE).
 * Hosts call this once after building the context; returns an unsubscribe.
 */
export function wireRecordingEvents(ctx: ServiceContext): () => void {
  const offs: Array<() => void> = [];
  if (ctx.live) {
    offs.push(ctx.live.onUpdate((ex) => ctx.events.emit('live:update', ex)));
    offs.push(ctx.live.onRemoved((exchangeId) => ctx.events.emit('live:removed', { exchangeId })));
  }
  if (ctx.store?.onSessionChanged) offs.push(ctx.store.onSessionChanged((sessionId) => ctx.events.emit('sessions:changed', { sessionId })));
  return () => {
    for (const off of offs) off();
  };
}
