/**
 * What every proxy handler shares, built once per buildProxy(), plus the per-request fields
 * the plugin's hooks attach to fastify requests.
 */
import type { ProxyDeps, ProxyRuntime, ConfigSource } from '../types';
import type { RuntimeInternals } from '../runtime';
import type { PoolRegistry, Timeouts } from '../upstream/lanes';
import type { RetryOptions } from '../upstream/forward';
import type { AuthResult } from '../guards';
import { configSecrets } from '../errors/render';

export interface ProxyCore {
  config: ConfigSource;
  deps: ProxyDeps;
  runtime: ProxyRuntime;
  internals: RuntimeInternals;
  pools: PoolRegistry;
  timeouts: Timeouts;
  retry: RetryOptions;
  pingIntervalMs: number;
  userAgent: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** performance.now() when the request arrived (Server-Timing). */
    syStart: number;
    syAuth: AuthResult | undefined;
    /** The body bytes as received (passthrough forwards them untouched when the model is unchanged). */
    syRawBody: Buffer | undefined;
    /** The raw body decoded (UTF-8), when the JSON parser had it. */
    syRawText: string | undefined;
  }
}

/** Every secret that must never appear in an error message or a recording. */
export function secretsOf(core: ProxyCore, clientToken: string | undefined): string[] {
  const out = configSecrets(core.config.current(), core.deps.appToken);
  if (clientToken) out.push(clientToken);
  return out;
}
