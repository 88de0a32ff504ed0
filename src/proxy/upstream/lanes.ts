/**
 * Lanes on the wire: one keep-alive undici Pool per upstream origin, the URL per protocol,
 * and header hygiene in both directions (the client's credentials never go up; a lane gets
 * only its own key and headers; Anthropic headers reach Anthropic lanes only).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { Pool } from './undici-pool';
import type { ResolvedProvider } from '../../shared/config-schema';
import type { Protocol } from '../../shared/ir';

export interface Timeouts {
  connectMs: number;
  firstByteMs: number;
  idleMs: number;
  totalMs: number;
}

/** Generous defaults: agent turns can think for minutes before the first byte. */
export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, firstByteMs: 300_000, idleMs: 300_000, totalMs: 1_800_000 };

export function laneTimeouts(provider: ResolvedProvider, defaults: Timeouts): Timeouts {
  const t = provider.timeouts ?? {};
  return {
    connectMs: t.connectMs ?? defaults.connectMs,
    firstByteMs: t.firstByteMs ?? defaults.firstByteMs,
    idleMs: t.idleMs ?? defaults.idleMs,
    totalMs: t.totalMs ?? defaults.totalMs,
  };
}

export type Endpoint = 'messages' | 'count_tokens';

/**
 * Origin and path for a lane's endpoint (anthropic baseUrl has no /v1; openai-* includes it).
 * The client's query (Claude Code's `?beta=true`) is Anthropic's; OpenAI lanes never get it.
 */
export function laneUrl(provider: ResolvedProvider, endpoint: Endpoint, query = ''): { origin: string; path: string } {
  const u = parsedBase(provider.baseUrl);
  const prefix = u.prefix;
  let suffix: string;
  if (provider.protocol === 'anthropic') suffix = endpoint === 'count_tokens' ? '/v1/messages/count_tokens' : '/v1/messages';
  else if (provider.protocol === 'openai-chat') suffix = '/chat/completions';
  else suffix = '/responses';
  return { origin: u.origin, path: prefix + suffix + (provider.protocol === 'anthropic' ? query : '') };
}

/** Parsed base URLs (a handful per config; parsing one per request showed in profiles). */
const bases = new Map<string, { origin: string; prefix: string }>();
function parsedBase(baseUrl: string): { origin: string; prefix: string } {
  let b = bases.get(baseUrl);
  if (!b) {
    const u = new URL(baseUrl);
    b = { origin: u.origin, prefix: u.pathname.replace(/\/+$/, '') };
    if (bases.size > 256) bases.clear();
    bases.set(baseUrl, b);
  }
  return b;
}

export class PoolRegistry {
  private pools = new Map<string, Pool>();

  get(origin: string, connectMs: number): Pool {
    const key = `${origin}|${connectMs}`;
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new Pool(origin, {
        connections: 256,
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 600_000,
        connect: { timeout: connectMs },
      });
      this.pools.set(key, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    const all = [...this.pools.values()];
    this.pools.clear();
    await Promise.allSettled(all.map((p) => p.destroy()));
  }
}

/** Client headers an Anthropic passthrough lane also gets (what Claude Code sends Anthropic). */
const ANTHROPIC_PASS = ['x-app', 'x-claude-code-session-id', 'x-claude-code-agent-id'];
/** Client headers an OpenAI Responses passthrough lane also gets (Codex prompt-cache routing). */
const RESPONSES_PASS = ['originator', 'session_id', 'session-id', 'x-client-request-id', 'openai-beta', 'version'];

export function upstreamHeaders(
  provider: ResolvedProvider,
  inbound: Protocol,
  client: IncomingHttpHeaders,
  passthrough: boolean,
  userAgent: string,
): Record<string, string> {
  const h: Record<string, string> = { 'content-type': 'application/json' };
  const ua = client['user-agent'];
  h['user-agent'] = passthrough && typeof ua === 'string' ? ua : userAgent;
  if (provider.protocol === 'anthropic') {
    if (inbound === 'anthropic') {
      for (const [k, v] of Object.entries(client)) {
        if (typeof v !== 'string') continue;
        if (k.startsWith('anthropic-') || (passthrough && (k.startsWith('x-stainless-') || ANTHROPIC_PASS.includes(k)))) h[k] = v;
      }
    }
    if (!h['anthropic-version']) h['anthropic-version'] = '2023-06-01';
    if (provider.apiKey) h['x-api-key'] = provider.apiKey;
  } else {
    if (passthrough && provider.protocol === 'openai-responses') {
      for (const k of RESPONSES_PASS) {
        const v = client[k];
        if (typeof v === 'string') h[k] = v;
      }
    }
    if (provider.apiKey) h.authorization = `Bearer ${provider.apiKey}`;
  }
  // The lane's own configured headers win (and only this lane's).
  for (const [k, v] of Object.entries(provider.headers)) h[k.toLowerCase()] = v;
  return h;
}

const RESPONSE_PASS = new Set(['retry-after', 'x-should-retry', 'request-id', 'x-request-id']);

/** Upstream response headers the client gets back (rate limits, request ids, retry hints). */
export function clientResponseHeaders(upstream: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(upstream)) {
    if (v === undefined) continue;
    if (RESPONSE_PASS.has(k) || k.startsWith('anthropic-ratelimit-') || k.startsWith('x-ratelimit-'))
      out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** Flatten undici's header record for recording (no secrets come back from upstream). */
export function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
