/** Factory for the trajectory store (the hosts wire it as the proxy's sink and the IPC store). */
import { openDatabase } from './db';
import { TrajectoryStore } from './trajectory-store';
import type { OpenTrajectoryStoreOptions } from './types';

export type { OpenTrajectoryStoreOptions, StoreConfigView } from './types';
export { TrajectoryStore } from './trajectory-store';

/**
 * Open (creating and migrating) the database at `dbPath`. Throws a SwitchyardError when the
 * file cannot be opened or its schema does not match this build; the host then runs without
 * a store and reports why.
 */
export function openTrajectoryStore(opts: OpenTrajectoryStoreOptions): TrajectoryStore {
  const db = openDatabase({ dbPath: opts.dbPath, nativeBinding: opts.nativeBinding, readOnly: opts.readOnly });
  return new TrajectoryStore(db, opts);
}
