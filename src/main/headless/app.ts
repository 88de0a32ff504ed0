/**
 * Starts Switchyard's services and proxy for either host. The headless host (`serve`) and
 * the Electron main both call startApp(); only what they put around it differs (a tray and
 * windows, or nothing). Order matters: data dir → token → config → store → proxy → API → UI.
 */
import fsp from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { HostKind } from '../../shared/domain';
import { SwitchyardError } from '../../shared/errors';
import type { IpcHandlers } from '../../shared/ipc-contract';
import type { ExchangeEvent, RecordingSink } from '../../shared/recording';
import { APP_VERSION } from '../../shared/version';
import { buildProxy } from '../../proxy/build-proxy';
import { createProxyRuntime } from '../../proxy/runtime';
import type { ProxyLogger } from '../../proxy/types';
import { createApiHandlers } from '../services/api';
import { ConfigService } from '../services/config/config-service';
import { resolveAppPaths } from '../services/config/paths';
import type { ServiceContext } from '../services/context';
import { EventBus } from '../services/events';
import { wireStore } from './wire-store';
import { registerApiBridge } from './api-bridge';
import { loadOrCreateAppToken } from './app-token';
import { registerWebUi } from './web-ui';
import { exchangeLogSink, teeSink } from './sinks';
import { keepWasmOnBaselineCompiler, proxyTraffic, startIdleGc } from '../services/memory/idle-gc';
import { releaseFreedMemory } from '../services/memory/trim';

export interface StartAppOptions {
  host: HostKind;
  dataDir?: string;
  configPath?: string;
  /** Overrides config server.port; 0 = any free port. */
  port?: number;
  /** better-sqlite3 addon built for Electron's ABI. */
  nativeBinding?: string;
  /** Directory of the built renderer (default: <package>/out/renderer). */
  uiDir?: string;
  /** No per-exchange log lines. */
  quiet?: boolean;
  env?: NodeJS.ProcessEnv;
  logger?: ProxyLogger;
}

export interface RunningApp {
  ctx: ServiceContext;
  handlers: IpcHandlers;
  fastify: FastifyInstance;
  url: string;
  port: number;
  close(): Promise<void>;
}

const consoleLogger: ProxyLogger = {
  info: (m) => process.stdout.write(`${m}\n`),
  warn: (m) => process.stderr.write(`warning: ${m}\n`),
  error: (m) => process.stderr.write(`error: ${m}\n`),
};

export async function startApp(opts: StartAppOptions): Promise<RunningApp> {
  const env = opts.env ?? process.env;
  const logger = opts.logger ?? consoleLogger;
  const paths = resolveAppPaths({ dataDir: opts.dataDir, configPath: opts.configPath }, env);
  try {
    await fsp.mkdir(paths.dataDir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new SwitchyardError('io_error', `Cannot create the data dir ${paths.dataDir}: ${(e as Error).message}`, {
      hint: 'Pass --data-dir with a writable folder or set SWITCHYARD_HOME.',
    });
  }
  const appToken = await loadOrCreateAppToken(paths.tokenPath);
  const config = new ConfigService(paths.configPath, env);
  await config.init({ defaultPort: opts.port && opts.port > 0 ? opts.port : undefined });
  for (const p of config.problems()) logger.warn(p);

  const runtime = createProxyRuntime();
  // The runtime is the source of truth while running; seed the tray switch from the file.
  const active = config.current().routing?.active;
  if (active) {
    for (const client of ['claude-code', 'codex'] as const) {
      const id = active[client];
      if (id) runtime.setActive(client, id);
    }
  }

  const events = new EventBus();
  let boundPort = 0;
  const ctx: ServiceContext = {
    host: opts.host,
    version: APP_VERSION,
    startedAt: Date.now(),
    paths,
    config,
    runtime,
    events,
    appToken,
    store: null,
    live: null,
    env,
    proxyUrl: () => `http://127.0.0.1:${boundPort}`,
    proxyPort: () => boundPort,
  };

  const { store, live, sinks, storeError } = await wireStore(ctx, { nativeBinding: opts.nativeBinding, logger });
  ctx.store = store;
  ctx.storeError = storeError;
  ctx.live = live;
  const allSinks: RecordingSink[] = [...sinks];
  const logSink = opts.quiet ? undefined : exchangeLogSink((line) => logger.info(line));
  if (logSink) allSinks.push(logSink);
  const sink = teeSink(allSinks);

  if (opts.host === 'headless') keepWasmOnBaselineCompiler();
  const fastify = buildProxy(config, { runtime, appToken, sink, logger });
  const handlers = createApiHandlers(ctx);
  await registerApiBridge(fastify, { handlers, events, appToken });
  await registerWebUi(fastify, { uiDir: opts.uiDir, appToken });

  config.onChange((c) => events.emit('config:changed', c));
  config.watch();
  const offRuntime = runtime.onChange(() => events.emit('providers:health', runtime.health(config.current())));

  const port = opts.port ?? config.current().server.port;
  const host = config.current().server.host;
  try {
    await fastify.listen({ port, host });
  } catch (e) {
    config.close();
    await store?.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new SwitchyardError('port_in_use', `port ${port} is already in use`, {
        hint: `Another Switchyard or another program is listening on ${host}:${port}. Stop it or pass --port N.`,
      });
    }
    if (code === 'EACCES') {
      throw new SwitchyardError('port_in_use', `not allowed to listen on port ${port}`, { hint: 'Pick a port above 1024 with --port N.' });
    }
    throw e;
  }
  const address = fastify.server.address();
  boundPort = typeof address === 'object' && address ? address.port : port;
  // Headless only: the Electron main process shares its heap with windows and tray.
  const stopIdleGc =
    opts.host === 'headless'
      ? startIdleGc({
          activity: proxyTraffic(runtime),
          release: () => {
            store?.shrinkMemory?.();
            releaseFreedMemory();
          },
        })
      : () => undefined;

  let closed = false;
  return {
    ctx,
    handlers,
    fastify,
    url: ctx.proxyUrl(),
    port: boundPort,
    async close() {
      if (closed) return;
      closed = true;
      stopIdleGc();
      offRuntime();
      config.close();
      await fastify.close();
      logSink?.flush();
      await store?.flush();
      await store?.close();
    },
  };
}

export type { ExchangeEvent };
