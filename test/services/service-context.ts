/** A real ServiceContext over a temp data dir and a real ConfigService (no store, no proxy). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigService } from '../../src/main/services/config/config-service';
import { resolveAppPaths } from '../../src/main/services/config/paths';
import type { ServiceContext } from '../../src/main/services/context';
import { EventBus } from '../../src/main/services/events';
import type { TrajectoryStoreApi } from '../../src/main/services/store/store-api';
import { createProxyRuntime } from '../../src/proxy/runtime';

export interface TestContext {
  ctx: ServiceContext;
  dir: string;
  configText(): string;
  cleanup(): void;
}

export async function makeContext(
  configText: string | undefined,
  opts: { env?: NodeJS.ProcessEnv; store?: TrajectoryStoreApi | null; port?: number } = {},
): Promise<TestContext> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sy-svc-'));
  const paths = resolveAppPaths({ dataDir: dir });
  if (configText !== undefined) fs.writeFileSync(paths.configPath, configText);
  const env = opts.env ?? {};
  const config = new ConfigService(paths.configPath, env);
  await config.init();
  const ctx: ServiceContext = {
    host: 'headless',
    version: '0.0.0-test',
    startedAt: Date.now(),
    paths,
    config,
    runtime: createProxyRuntime(),
    events: new EventBus(),
    appToken: 'sy_app_test_token_value_0123456789',
    store: opts.store ?? null,
    live: null,
    env,
    proxyUrl: () => `http://127.0.0.1:${opts.port ?? 18080}`,
    proxyPort: () => opts.port ?? 18080,
  };
  return {
    ctx,
    dir,
    configText: () => fs.readFileSync(paths.configPath, 'utf8'),
    cleanup: () => {
      config.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Run fn and return the error it throws (fails the test when it does not throw). */
export async function rejection(fn: () => Promise<unknown>): Promise<{ code: string; message: string; hint?: string }> {
  try {
    await fn();
  } catch (e) {
    return e as { code: string; message: string; hint?: string };
  }
  throw new Error('expected a rejection');
}
