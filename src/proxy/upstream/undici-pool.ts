/**
 * undici's Pool with its request API, without undici's index. The index also loads fetch,
 * WebSocket, cookies, cache stores and mocks, and through them Node's own bundled undici:
 * ~45 ms of a ~440 ms headless start on the 2-core machine (CPU profile of `serve`). The
 * proxy needs only this; other undici entry points are imported where they are used, on
 * demand. The three files are undici's own building blocks, assembled as its index does.
 */
import type { Pool as UndiciPool } from 'undici';
import PoolImpl from 'undici/lib/dispatcher/pool.js';
import DispatcherImpl from 'undici/lib/dispatcher/dispatcher.js';
import api from 'undici/lib/api/index.js';

// What undici's index does: request(), stream(), pipeline()… on every dispatcher.
Object.assign((DispatcherImpl as { prototype: object }).prototype, api);

export const Pool = PoolImpl as typeof UndiciPool;
export type Pool = UndiciPool;
