/**
 * Everything a service or IPC handler may use. Built once per host (Electron or headless)
 * by createServices(); handlers stay thin and call into services through it.
 */
import type { HostKind } from '../../shared/domain';
import type { ProxyRuntime } from '../../proxy/types';
import type { ConfigService } from './config/config-service';
import type { AppPaths } from './config/paths';
import type { EventBus } from './events';
import type { LiveTrackerApi } from './live/live-api';
import type { TrajectoryStoreApi } from './store/store-api';

export interface ServiceContext {
  host: HostKind;
  version: string;
  startedAt: number;
  paths: AppPaths;
  config: ConfigService;
  runtime: ProxyRuntime;
  events: EventBus;
  appToken: string;
  /** Null when the store could not open (the app still proxies; status says why). */
  store: TrajectoryStoreApi | null;
  /** Why the store is null (shown as recording degraded). */
  storeError?: string;
  live: LiveTrackerApi | null;
  /** The URL the proxy is bound to (known after listen). */
  proxyUrl(): string;
  proxyPort(): number;
  env: NodeJS.ProcessEnv;
}
