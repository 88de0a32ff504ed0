/**
 * What the CLI needs to know without a running host: data dir paths, the configured port,
 * the proxy URL clients should use, and whether a Switchyard server answers there.
 */
import fsp from 'node:fs/promises';
import { DEFAULT_PORT, type SwitchyardConfig } from '../../../shared/config-schema';
import { toSwitchyardError } from '../../../shared/errors';
import { parseConfigText } from '../config/load';
import { resolveAppPaths, type AppPaths } from '../config/paths';

export interface LocalSetup {
  paths: AppPaths;
  port: number;
  /** http://127.0.0.1:PORT (a wildcard bind host is reached through loopback). */
  proxyUrl: string;
  configExists: boolean;
  config?: SwitchyardConfig;
  configError?: string;
}

export interface LocalSetupOptions {
  dataDir?: string;
  config?: string;
  port?: number;
}

export async function loadLocalSetup(opts: LocalSetupOptions, env: NodeJS.ProcessEnv = process.env): Promise<LocalSetup> {
  const paths = resolveAppPaths({ dataDir: opts.dataDir, configPath: opts.config }, env);
  let text: string | null = null;
  try {
    text = await fsp.readFile(paths.configPath, 'utf8');
  } catch {
    text = null;
  }
  let config: SwitchyardConfig | undefined;
  let configError: string | undefined;
  if (text !== null) {
    try {
      config = parseConfigText(text, paths.configPath).config;
    } catch (e) {
      const err = toSwitchyardError(e);
      configError = err.message;
    }
  }
  const port = opts.port ?? config?.server.port ?? DEFAULT_PORT;
  const bind = config?.server.host ?? '127.0.0.1';
  const host = bind === '0.0.0.0' || bind === '::' || bind === '' ? '127.0.0.1' : bind.includes(':') ? `[${bind}]` : bind;
  return { paths, port, proxyUrl: `http://${host}:${port}`, configExists: text !== null, config, configError };
}

export interface ServerProbe {
  answering: boolean;
  status?: number;
  body?: unknown;
  error?: string;
}

/** GET /healthz with a short timeout: is a Switchyard server listening on that URL? */
export async function probeServer(proxyUrl: string, timeoutMs = 1500): Promise<ServerProbe> {
  try {
    const res = await fetch(`${proxyUrl}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
    const body: unknown = await res.json().catch(() => undefined);
    return { answering: res.ok, status: res.status, body };
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause;
    return { answering: false, error: cause?.code ?? (e as Error).message };
  }
}
