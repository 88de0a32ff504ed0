/**
 * Opens the trajectory store and the live tracker for a host. A store that cannot open
 * (read-only dir, bad native build) leaves the app proxying with recording degraded.
 */
import type { ProxyLogger } from '../../proxy/types';
import type { RecordingSink } from '../../shared/recording';
import type { ServiceContext } from '../services/context';
import type { LiveTrackerApi } from '../services/live/live-api';
import type { TrajectoryStoreApi } from '../services/store/store-api';

export async function wireStore(
  _ctx: ServiceContext,
  _opts: { nativeBinding?: string; logger: ProxyLogger },
): Promise<{ store: TrajectoryStoreApi | null; live: LiveTrackerApi | null; sinks: RecordingSink[] }> {
  // The store lands with issue 5; until then the host only logs exchanges.
  return { store: null, live: null, sinks: [] };
}
