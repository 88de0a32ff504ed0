import { SwitchyardError, type SwitchyardErrorJSON } from '../../../shared/errors';
import type { EventName, IpcEnvelope, IpcEvents, SwitchyardApi } from '../../../shared/ipc-contract';
import { SseReader } from './sse-reader';

export type ConnectionState = 'connecting' | 'open' | 'down';

/** The contract plus connection state, which only a network bridge has. */
export interface RendererApi extends SwitchyardApi {
  onConnection?(listener: (state: ConnectionState) => void): () => void;
}

export interface HttpBridgeOptions {
  token: string;
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Reconnect backoff bounds (ms). */
  minDelayMs?: number;
  maxDelayMs?: number;
}

type Listener = (payload: unknown) => void;

/**
 * The headless host's bridge: `POST /api/<channel>` for calls and one SSE stream
 * (`GET /api/events`) shared by every listener, reconnecting with backoff while down.
 */
export function createHttpBridge(opts: HttpBridgeOptions): RendererApi {
  const base = opts.baseUrl ?? '';
  const doFetch = opts.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const headers = { authorization: `Bearer ${opts.token}`, 'content-type': 'application/json' };
  const listeners = new Map<string, Set<Listener>>();
  const connListeners = new Set<(s: ConnectionState) => void>();
  let state: ConnectionState = 'connecting';
  let abort: AbortController | null = null;
  let started = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let delay = opts.minDelayMs ?? 500;

  const setState = (s: ConnectionState): void => {
    if (s === state) return;
    state = s;
    for (const l of connListeners) l(s);
  };

  const dispatch = (event: string, data: string): void => {
    const set = listeners.get(event);
    if (!set?.size) return;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return; // A malformed frame must not kill the stream.
    }
    for (const l of set) l(payload);
  };

  const scheduleReconnect = (): void => {
    if (!started || retryTimer) return;
    setState('down');
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, delay);
    delay = Math.min(delay * 2, opts.maxDelayMs ?? 10_000);
  };

  const connect = async (): Promise<void> => {
    abort = new AbortController();
    try {
      const res = await doFetch(`${base}/api/events`, {
        headers: { authorization: headers.authorization, accept: 'text/event-stream' },
        signal: abort.signal,
      });
      if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
      setState('open');
      delay = opts.minDelayMs ?? 500;
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      const sse = new SseReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (const f of sse.push(decoder.decode(value, { stream: true }))) dispatch(f.event, f.data);
      }
    } catch {
      // Fall through to reconnect unless we were stopped on purpose.
    }
    if (started && !abort?.signal.aborted) scheduleReconnect();
  };

  const ensureStarted = (): void => {
    if (started) return;
    started = true;
    void connect();
  };

  const stopIfIdle = (): void => {
    const any = [...listeners.values()].some((s) => s.size > 0) || connListeners.size > 0;
    if (any || !started) return;
    started = false;
    abort?.abort();
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
  };

  const api: RendererApi = {
    async invoke(channel: string, ...args: unknown[]) {
      let res: Response;
      try {
        res = await doFetch(`${base}/api/${channel}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(args.length ? args[0] : null),
        });
      } catch (e) {
        throw new SwitchyardError('internal', 'Switchyard is not reachable.', {
          hint: 'Is `switchyard serve` still running?',
          cause: e,
        });
      }
      let envelope: IpcEnvelope<unknown>;
      try {
        envelope = (await res.json()) as IpcEnvelope<unknown>;
      } catch {
        throw new SwitchyardError('internal', `Unexpected reply from Switchyard (HTTP ${res.status}).`);
      }
      if (envelope && envelope.ok === true) return envelope.result;
      const err = (envelope as { error?: SwitchyardErrorJSON })?.error;
      if (err) throw SwitchyardError.fromJSON(err);
      throw new SwitchyardError('internal', `Unexpected reply from Switchyard (HTTP ${res.status}).`);
    },
    on<E extends EventName>(event: E, listener: (payload: IpcEvents[E]) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as Listener);
      ensureStarted();
      return () => {
        set.delete(listener as Listener);
        stopIfIdle();
      };
    },
    onConnection(listener) {
      connListeners.add(listener);
      ensureStarted();
      listener(state);
      return () => {
        connListeners.delete(listener);
        stopIfIdle();
      };
    },
  } as RendererApi;
  return api;
}
