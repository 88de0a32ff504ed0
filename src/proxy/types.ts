/**
 * The proxy's public surface. `buildProxy(config, deps)` returns an unstarted fastify
 * instance; the hosts (headless, Electron) add the UI and the IPC bridge to it and listen.
 * The proxy never imports Electron, the store or the renderer: the sink and the runtime
 * state are injected.
 */
import type { ClientKind, ResolvedConfig } from '../shared/config-schema';
import type { ProviderHealth, SessionTokenInfo } from '../shared/domain';
import type { RecordingSink } from '../shared/recording';

/** Where the proxy reads its config on every request (so reloads apply to the next one). */
export interface ConfigSource {
  current(): ResolvedConfig;
}

/**
 * Mutable runtime state shared between the proxy and the services (tray switch, session
 * pins, session tokens, provider health, live counters). Created by createProxyRuntime().
 */
export interface ProxyRuntime {
  getActive(client: ClientKind): string | null;
  setActive(client: ClientKind, providerId: string | null): void;
  getPin(sessionId: string): string | undefined;
  pinSession(sessionId: string, providerId: string | null): void;
  registerToken(info: SessionTokenInfo): void;
  revokeToken(token: string): boolean;
  lookupToken(token: string): SessionTokenInfo | undefined;
  listTokens(): SessionTokenInfo[];
  health(config: ResolvedConfig): ProviderHealth[];
  stats(): { inFlight: number; requestsToday: number };
  /** Abort an in-flight exchange (Live view "cancel"). */
  cancel(exchangeId: string): boolean;
  /** Subscribe to changes that the tray/UI should reflect (switch, health, counters). */
  onChange(listener: () => void): () => void;
}

export interface ProxyLogger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export interface ProxyDeps {
  runtime: ProxyRuntime;
  /** The app token (always accepted) — plus config server.tokens and session tokens. */
  appToken: string;
  sink?: RecordingSink;
  logger?: ProxyLogger;
  /** Default upstream timeouts in ms (per-provider `timeouts` override them). */
  timeouts?: Partial<{ connectMs: number; firstByteMs: number; idleMs: number; totalMs: number }>;
  /** Retry policy before failing over to the next lane. */
  retry?: Partial<{ maxRetries: number; baseDelayMs: number; maxDelayMs: number; maxRetryAfterMs: number }>;
  /** Anthropic `ping` after this much upstream silence on a stream (0 = never). Default 15 s. */
  pingIntervalMs?: number;
  /** On close(), how long in-flight exchanges may still finish before they are cancelled. Default 5 s. */
  shutdownGraceMs?: number;
}
