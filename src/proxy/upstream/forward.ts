/**
 * Send one exchange upstream with retries and failover: connect errors, timeouts before the
 * response head, 429, 5xx and 529 are retried with backoff (honouring retry-after), then the
 * next lane is tried. Lanes with an open circuit are skipped. The first usable response head
 * (2xx, or a non-retryable status) is returned with its body still unread, so the caller can
 * pipe it; a retryable failure on the last lane comes back with its body read for relaying.
 */
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { isRetryableStatus, SwitchyardError } from '../../shared/errors';
import { redactSecrets } from '../errors/render';
import type { AbortFlag } from '../pipeline/abort-flag';
import type { RuntimeInternals } from '../runtime';
import type { LaneTarget } from '../routing/router';
import { laneTimeouts, laneUrl, type Endpoint, type PoolRegistry, type Timeouts } from './lanes';

export interface RetryOptions {
  /** Retries on the same lane before moving to the next one. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A retry-after longer than this moves on to the next lane instead of waiting. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxRetries: 2, baseDelayMs: 300, maxDelayMs: 4_000, maxRetryAfterMs: 10_000 };

export interface PreparedRequest {
  body: string | Buffer;
  headers: Record<string, string>;
}

export interface AttemptInfo {
  attempt: number;
  lane: LaneTarget;
  url: string;
  body: string | Buffer;
}

export interface ForwardOptions {
  lanes: LaneTarget[];
  endpoint: Endpoint;
  query?: string;
  pools: PoolRegistry;
  internals: RuntimeInternals;
  defaults: Timeouts;
  retry: RetryOptions;
  signal: AbortFlag;
  /** Why the signal fired (client_abort, cancel, total timeout) as a coded error. */
  abortError(): SwitchyardError;
  /** Body + headers for a lane (conversion lanes re-encode per lane). May throw. */
  prepare(lane: LaneTarget): PreparedRequest;
  onAttempt?(info: AttemptInfo): void;
  onResponse?(info: AttemptInfo, status: number, headers: Record<string, string | string[] | undefined>): void;
  secrets: string[];
}

export type ForwardResult =
  | { kind: 'response'; info: AttemptInfo; res: Dispatcher.ResponseData; attempts: number; headAt: number }
  /** Retryable failure on the last lane: relay this upstream error. */
  | {
      kind: 'error-response';
      info: AttemptInfo;
      status: number;
      headers: Record<string, string | string[] | undefined>;
      body: string;
      attempts: number;
      headAt: number;
    };

function retryAfterMs(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const date = Date.parse(v);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function sleep(ms: number, signal: AbortFlag): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('aborted'));
    const t = setTimeout(() => {
      signal.removeListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new Error('aborted'));
    };
    signal.once('abort', onAbort);
  });
}

/** Map an undici failure to a coded error. */
export function transportError(e: unknown, secrets: string[], providerId: string): SwitchyardError {
  const code = (e as { code?: string }).code ?? '';
  const msg = redactSecrets(e instanceof Error ? e.message : String(e), secrets);
  if (code === 'UND_ERR_HEADERS_TIMEOUT')
    return new SwitchyardError('upstream_timeout', `${providerId}: no response head before the first-byte timeout`, { cause: e });
  if (code === 'UND_ERR_BODY_TIMEOUT')
    return new SwitchyardError('upstream_timeout', `${providerId}: upstream went silent longer than the idle timeout`, { cause: e });
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return new SwitchyardError('upstream_timeout', `${providerId}: connect timeout`, { cause: e });
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'UND_ERR_CONNECT')
    return new SwitchyardError('upstream_connect', `${providerId}: cannot connect (${code})`, { cause: e });
  return new SwitchyardError('upstream_error', `${providerId}: ${msg}`, { cause: e });
}

/**
 * undici writes any (async) iterable body (client-h1 `writeIterable`), but its typings list
 * only Readable among the streaming kinds.
 */
type UndiciBody = string | Buffer | Readable;

/** Bodies from this size on are handed to undici so that it cannot keep them (see below). */
const RELEASE_BODY_BYTES = 16 * 1024;

/**
 * Headers and body for undici. undici keeps a Buffer or string body referenced until the
 * whole answer is over (its request, handler and abort closure each hold it): with 256
 * streams in flight that is 256 request bodies of ~90 KB. A large body is therefore given as
 * a one-shot iterable with its length, which undici writes and then has no way to reach.
 */
export function requestBody(prepared: { headers: Record<string, string>; body: string | Buffer }): {
  headers: Record<string, string>;
  body: UndiciBody;
} {
  const { headers, body } = prepared;
  if (body.length < RELEASE_BODY_BYTES / 4) return { headers, body };
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  if (bytes.length < RELEASE_BODY_BYTES) return { headers, body: bytes };
  return { headers: { ...headers, 'content-length': String(bytes.length) }, body: oneShot(bytes) as unknown as Readable };
}

/** Yields the bytes once and forgets them (a generator would keep its argument alive). */
function oneShot(bytes: Buffer): AsyncIterable<Buffer> {
  let pending: Buffer | undefined = bytes;
  const iterator: AsyncIterator<Buffer> = {
    next: () => {
      const value = pending;
      pending = undefined;
      return Promise.resolve(value ? { value, done: false } : { value: undefined, done: true });
    },
    return: () => {
      pending = undefined;
      return Promise.resolve({ value: undefined, done: true });
    },
  };
  return { [Symbol.asyncIterator]: () => iterator };
}

export async function forward(o: ForwardOptions): Promise<ForwardResult> {
  let attempts = 0;
  // The most recent real failure wins; a skipped (cooling-down) lane only explains itself
  // when nothing was actually tried.
  let lastError: SwitchyardError | undefined;
  let lastErrorResponse: Extract<ForwardResult, { kind: 'error-response' }> | undefined;
  let skipError: SwitchyardError | undefined;

  for (const lane of o.lanes) {
    if (lane.provider.apiKeyMissing !== undefined) {
      lastErrorResponse = undefined;
      lastError = new SwitchyardError(
        'config_env_missing',
        `Provider "${lane.provider.id}" has no API key: environment variable ${lane.provider.apiKeyMissing} is not set`,
        {
          hint: `export ${lane.provider.apiKeyMissing}=… and restart, or put the key in the config.`,
        },
      );
      continue;
    }
    if (lane.provider.enabled === false) {
      lastErrorResponse = undefined;
      lastError = new SwitchyardError('provider_unavailable', `Provider "${lane.provider.id}" is disabled`);
      continue;
    }
    const timeouts = laneTimeouts(lane.provider, o.defaults);
    const { origin, path } = laneUrl(lane.provider, o.endpoint, o.query);
    const prepared = o.prepare(lane);
    for (let retry = 0; retry <= o.retry.maxRetries; retry++) {
      if (o.signal.aborted) throw o.abortError();
      if (!o.internals.tryAcquire(lane.provider.id)) {
        skipError = new SwitchyardError('provider_unavailable', `Provider "${lane.provider.id}" is cooling down after repeated failures`, {
          hint: 'It is retried automatically after the cooldown; see /readyz.',
        });
        break;
      }
      attempts += 1;
      const info: AttemptInfo = { attempt: attempts, lane, url: origin + path, body: prepared.body };
      o.onAttempt?.(info);
      let res: Dispatcher.ResponseData;
      try {
        res = await o.pools.get(origin, timeouts.connectMs).request({
          method: 'POST',
          path,
          ...requestBody(prepared),
          signal: o.signal,
          headersTimeout: timeouts.firstByteMs,
          bodyTimeout: timeouts.idleMs,
        });
      } catch (e) {
        if (o.signal.aborted) {
          o.internals.release(lane.provider.id);
          throw o.abortError();
        }
        lastError = transportError(e, o.secrets, lane.provider.id);
        lastErrorResponse = undefined;
        o.internals.recordFailure(lane.provider.id, lastError.message);
        if (retry < o.retry.maxRetries) {
          await backoff(o, retry, undefined);
          continue;
        }
        break;
      }
      const headAt = performance.now();
      o.onResponse?.(info, res.statusCode, res.headers);
      if (!isRetryableStatus(res.statusCode)) {
        o.internals.recordSuccess(lane.provider.id);
        return { kind: 'response', info, res, attempts, headAt };
      }
      // Retryable status: read the (small) error body so the socket is reused, then decide.
      let text = '';
      try {
        text = await res.body.text();
      } catch {
        // body cut: the status is what matters
      }
      if (res.statusCode === 429) o.internals.recordSuccess(lane.provider.id);
      else o.internals.recordFailure(lane.provider.id, `HTTP ${res.statusCode}`);
      lastErrorResponse = { kind: 'error-response', info, status: res.statusCode, headers: res.headers, body: text, attempts, headAt };
      lastError = undefined;
      const ra = retryAfterMs(res.headers['retry-after']);
      if (ra !== undefined && ra > o.retry.maxRetryAfterMs) break; // do not stall the client: next lane
      if (retry < o.retry.maxRetries) {
        await backoff(o, retry, ra);
        continue;
      }
    }
    if (o.signal.aborted) throw o.abortError();
  }
  if (lastErrorResponse) return { ...lastErrorResponse, attempts };
  throw lastError ?? skipError ?? new SwitchyardError('provider_unavailable', 'No lane available for this request');
}

async function backoff(o: ForwardOptions, retry: number, retryAfter: number | undefined): Promise<void> {
  const expo = Math.min(o.retry.maxDelayMs, o.retry.baseDelayMs * 2 ** retry);
  const delay = retryAfter !== undefined ? retryAfter : expo / 2 + Math.random() * (expo / 2);
  try {
    await sleep(delay, o.signal);
  } catch {
    throw o.abortError();
  }
}
