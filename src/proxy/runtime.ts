/**
 * Mutable runtime state shared by the proxy and the services: tray switch per client, session
 * pins, session tokens, provider health with a circuit breaker, live counters, cancel hooks.
 * Pure in-memory; the services persist what needs persisting.
 */
import type { ClientKind, ResolvedConfig } from '../shared/config-schema';
import type { CircuitState, ProviderHealth, SessionTokenInfo } from '../shared/domain';
import type { ProxyRuntime } from './types';

export interface CircuitOptions {
  /** Consecutive lane failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit refuses traffic before one trial request (half-open). */
  cooldownMs: number;
}

export const DEFAULT_CIRCUIT: CircuitOptions = { failureThreshold: 5, cooldownMs: 30_000 };

interface LaneHealth {
  lastSuccessAt?: number;
  lastFailureAt?: number;
  lastError?: string;
  consecutiveFailures: number;
  openedAt?: number;
  /** A half-open trial is in flight: other requests keep skipping the lane. */
  trialInFlight: boolean;
}

/** What the proxy needs beyond the public ProxyRuntime surface. */
export interface RuntimeInternals {
  circuit: CircuitOptions;
  circuitState(providerId: string, now?: number): CircuitState;
  /** May a request be sent to this lane now? Claims the half-open trial when granted. */
  tryAcquire(providerId: string, now?: number): boolean;
  recordSuccess(providerId: string): void;
  recordFailure(providerId: string, error: string): void;
  /** Give back a half-open trial that ended without a verdict (client went away). */
  release(providerId: string): void;
  beginExchange(exchangeId: string, cancel: (reason?: 'cancel' | 'shutdown') => void): void;
  endExchange(exchangeId: string): void;
  inFlightCount(): number;
  /** Cancel every in-flight exchange (shutdown): each client stream gets an error event. */
  cancelAll(): void;
}

const INTERNALS = Symbol.for('switchyard.proxyRuntime.internals');

type RuntimeWithInternals = ProxyRuntime & { [INTERNALS]?: RuntimeInternals };

/** The proxy-side state of a runtime made by createProxyRuntime (undefined for foreign ones). */
export function runtimeInternals(runtime: ProxyRuntime): RuntimeInternals | undefined {
  return (runtime as RuntimeWithInternals)[INTERNALS];
}

/** The next local midnight after `now` (a number compare per request instead of a Date and a string). */
function nextMidnight(now: number): number {
  const d = new Date(now);
  d.setHours(24, 0, 0, 0);
  return d.getTime();
}

export function createProxyRuntime(opts: { circuit?: Partial<CircuitOptions> } = {}): ProxyRuntime {
  const circuit: CircuitOptions = { ...DEFAULT_CIRCUIT, ...opts.circuit };
  const active = new Map<ClientKind, string>();
  const pins = new Map<string, string>();
  const tokens = new Map<string, SessionTokenInfo>();
  const lanes = new Map<string, LaneHealth>();
  const inflight = new Map<string, (reason?: 'cancel' | 'shutdown') => void>();
  const listeners = new Set<() => void>();
  let requestsToday = 0;
  let dayEnds = nextMidnight(Date.now());
  let notifyScheduled = false;

  const notifyNow = (): void => {
    for (const l of listeners) {
      try {
        l();
      } catch {
        // a broken listener must not break the proxy
      }
    }
  };
  // Counters change on every request: coalesce those notifications.
  const notifySoon = (): void => {
    if (notifyScheduled || listeners.size === 0) return;
    notifyScheduled = true;
    setTimeout(() => {
      notifyScheduled = false;
      notifyNow();
    }, 250).unref();
  };

  const lane = (id: string): LaneHealth => {
    let h = lanes.get(id);
    if (!h) {
      h = { consecutiveFailures: 0, trialInFlight: false };
      lanes.set(id, h);
    }
    return h;
  };

  const state = (id: string, now = Date.now()): CircuitState => {
    const h = lanes.get(id);
    if (!h || h.openedAt === undefined) return 'closed';
    return now - h.openedAt >= circuit.cooldownMs ? 'half-open' : 'open';
  };

  const internals: RuntimeInternals = {
    circuit,
    circuitState: state,
    tryAcquire(id, now = Date.now()) {
      const s = state(id, now);
      if (s === 'closed') return true;
      if (s === 'open') return false;
      const h = lane(id);
      if (h.trialInFlight) return false;
      h.trialInFlight = true;
      return true;
    },
    recordSuccess(id) {
      const h = lane(id);
      const wasOpen = h.openedAt !== undefined;
      h.lastSuccessAt = Date.now();
      h.consecutiveFailures = 0;
      h.openedAt = undefined;
      h.trialInFlight = false;
      if (wasOpen) notifyNow();
    },
    recordFailure(id, error) {
      const h = lane(id);
      h.lastFailureAt = Date.now();
      h.lastError = error;
      h.consecutiveFailures += 1;
      const wasTrial = h.trialInFlight;
      h.trialInFlight = false;
      if (wasTrial || h.consecutiveFailures >= circuit.failureThreshold) {
        const opened = h.openedAt === undefined;
        h.openedAt = Date.now();
        if (opened) notifyNow();
      }
    },
    release(id) {
      const h = lanes.get(id);
      if (h) h.trialInFlight = false;
    },
    beginExchange(id, cancel) {
      const now = Date.now();
      if (now >= dayEnds) {
        dayEnds = nextMidnight(now);
        requestsToday = 0;
      }
      requestsToday += 1;
      inflight.set(id, cancel);
      notifySoon();
    },
    endExchange(id) {
      if (inflight.delete(id)) notifySoon();
    },
    inFlightCount: () => inflight.size,
    cancelAll() {
      for (const fn of [...inflight.values()]) fn('shutdown');
    },
  };

  const runtime: RuntimeWithInternals = {
    getActive: (client) => active.get(client) ?? null,
    setActive(client, providerId) {
      if (providerId) active.set(client, providerId);
      else active.delete(client);
      notifyNow();
    },
    getPin: (sessionId) => pins.get(sessionId),
    pinSession(sessionId, providerId) {
      if (providerId) pins.set(sessionId, providerId);
      else pins.delete(sessionId);
      notifyNow();
    },
    registerToken(info) {
      tokens.set(info.token, { ...info });
      notifyNow();
    },
    revokeToken(token) {
      const had = tokens.delete(token);
      if (had) notifyNow();
      return had;
    },
    lookupToken: (token) => tokens.get(token),
    listTokens: () => [...tokens.values()],
    health(config: ResolvedConfig): ProviderHealth[] {
      const now = Date.now();
      return config.providers.map((p) => {
        const h = lanes.get(p.id);
        const keyResolved = p.apiKeyMissing === undefined;
        const circuitState = state(p.id, now);
        const configured = p.enabled !== false;
        const out: ProviderHealth = {
          providerId: p.id,
          configured,
          keyResolved,
          circuit: circuitState,
          usable: configured && keyResolved && circuitState !== 'open',
        };
        if (p.apiKeyMissing !== undefined) out.keyMissingEnv = p.apiKeyMissing;
        if (h?.lastSuccessAt !== undefined) out.lastSuccessAt = h.lastSuccessAt;
        if (h?.lastFailureAt !== undefined) out.lastFailureAt = h.lastFailureAt;
        if (h?.lastError !== undefined) out.lastError = h.lastError;
        return out;
      });
    },
    stats: () => {
      if (Date.now() >= dayEnds) return { inFlight: inflight.size, requestsToday: 0 };
      return { inFlight: inflight.size, requestsToday };
    },
    cancel(exchangeId) {
      const fn = inflight.get(exchangeId);
      if (!fn) return false;
      fn();
      return true;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  runtime[INTERNALS] = internals;
  return runtime;
}
