/**
 * The headless host: services + proxy + web UI + the IPC contract over HTTP, no Electron.
 * Used by `switchyard serve`, by `switchyard run` when no server is running, and by tests.
 */
import type { ServiceContext } from '../services/context';
import { startApp, type RunningApp } from './app';

export interface HeadlessOptions {
  dataDir?: string;
  configPath?: string;
  /** 0 = any free port. Default: config server.port. */
  port?: number;
  quiet?: boolean;
  uiDir?: string;
  env?: NodeJS.ProcessEnv;
}

export interface HeadlessHost {
  url: string;
  port: number;
  ctx: ServiceContext;
  app: RunningApp;
  close(): Promise<void>;
}

export async function startHeadless(opts: HeadlessOptions = {}): Promise<HeadlessHost> {
  const app = await startApp({ host: 'headless', ...opts });
  return { url: app.url, port: app.port, ctx: app.ctx, app, close: () => app.close() };
}
