/**
 * Opens the trajectory store and the live tracker for a host and connects them to the
 * event bus. A store that cannot open (read-only dir, bad native build) leaves the app
 * proxying with recording degraded; the live view works either way.
 */
import { configSecrets } from '../../proxy/errors/render';
import type { ProxyLogger } from '../../proxy/types';
import type { RecordingSink } from '../../shared/recording';
import { toSwitchyardError } from '../../shared/errors';
import type { ServiceContext } from '../services/context';
import { createLiveTracker } from '../services/live/live-tracker';
import type { LiveTrackerApi } from '../services/live/live-api';
import { proxyTraffic } from '../services/memory/idle-gc';
import { openTrajectoryStore } from '../services/store';
import { resolveWriteWorker } from '../services/store/worker/worker-backend';
import type { TrajectoryStoreApi } from '../services/store/store-api';

/**
 * Every secret that must never be stored: lane keys, lane headers read from ENV: (a literal
 * header like `anthropic-version: 2023-06-01` is not a secret), app and session tokens.
 */
export function secretsOf(ctx: ServiceContext): string[] {
  const out = configSecrets(ctx.config.current(), ctx.appToken);
  for (const t of ctx.runtime.listTokens()) out.push(t.token);
  return out.filter((s) => s.length >= 8);
}

export async function wireStore(
  ctx: ServiceContext,
  opts: { nativeBinding?: string; logger: ProxyLogger },
): Promise<{ store: TrajectoryStoreApi | null; live: LiveTrackerApi | null; sinks: RecordingSink[]; storeError?: string }> {
  const live = createLiveTracker({ watched: () => ctx.events.hasListeners('live:update') });
  live.onUpdate((ex) => ctx.events.emit('live:update', ex));
  live.onRemoved((exchangeId) => ctx.events.emit('live:removed', { exchangeId }));

  let store: TrajectoryStoreApi | null = null;
  let storeError: string | undefined;
  try {
    // Writes run in a worker thread so recording never blocks the proxy's event loop; a
    // build without the worker script falls back to writing on this thread.
    let writeIn: 'worker' | 'process' = 'worker';
    try {
      resolveWriteWorker();
    } catch (e) {
      writeIn = 'process';
      opts.logger.warn(`recording: ${(e as Error).message} Writing on the main thread instead.`);
    }
    const opened = openTrajectoryStore({
      dbPath: ctx.paths.dbPath,
      writeIn,
      nativeBinding: opts.nativeBinding,
      config: () => {
        const c = ctx.config.current();
        return { recording: c.recording, prices: c.prices };
      },
      secrets: () => secretsOf(ctx),
      activity: proxyTraffic(ctx.runtime),
      onError: (m) => opts.logger.warn(`recording: ${m}`),
    });
    opened.onSessionChanged((sessionId) => ctx.events.emit('sessions:changed', { sessionId }));
    store = opened;
  } catch (e) {
    const err = toSwitchyardError(e);
    storeError = `${err.message}${err.hint ? ` — ${err.hint}` : ''}`;
    opts.logger.warn(`recording is off: the trajectory store could not open (${storeError})`);
  }
  const sinks: RecordingSink[] = [live];
  if (store) sinks.push(store);
  return { store, live, sinks, storeError };
}
