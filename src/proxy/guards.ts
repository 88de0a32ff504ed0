/**
 * Inbound guards shared by the proxy and the hosts (which reuse them for /api and the UI):
 * Host-header check against DNS rebinding, browser Origin allowlist, client token lookup.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ResolvedConfig } from '../shared/config-schema';
import { SESSION_TOKEN_HEADER, type SessionTokenInfo } from '../shared/domain';
import { SwitchyardError } from '../shared/errors';
import type { ProxyRuntime } from './types';

/** Strip the port from a Host header value ("[::1]:8080" → "::1", "localhost:1" → "localhost"). */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end === -1 ? h : h.slice(1, end);
  }
  const colon = h.indexOf(':');
  // More than one colon without brackets is a bare IPv6 address.
  if (colon !== -1 && h.indexOf(':', colon + 1) === -1) return h.slice(0, colon);
  return h;
}

/** True for loopback names: localhost, *.localhost, 127.0.0.0/8, ::1. Accepts "host:port". */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = hostName(host);
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (name === '::1' || name === '0:0:0:0:0:0:0:1') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return true;
  if (name.startsWith('::ffff:127.')) return true;
  return false;
}

const WILDCARD_BINDS = new Set(['0.0.0.0', '::', '[::]', '']);

/**
 * Host-header rule: loopback names always pass; when the server is bound to a specific
 * non-loopback address that name passes too; when bound to a wildcard address any Host
 * passes (tokens and the Origin check still apply — containers reach it by service name).
 */
export function isHostAllowed(host: string | undefined, bindHost: string): boolean {
  if (isLoopbackHost(host)) return true;
  if (!host) return false;
  if (WILDCARD_BINDS.has(bindHost)) return true;
  if (isLoopbackHost(bindHost)) return false;
  return hostName(host) === hostName(bindHost);
}

/**
 * Browser Origin rule: no Origin header (CLI clients) passes; an allowlisted origin passes;
 * the same origin as a loopback Host passes (the app's own web UI); anything else is refused.
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowedOrigins: readonly string[]): boolean {
  if (origin === undefined) return true;
  const o = origin.trim().replace(/\/+$/, '').toLowerCase();
  if (allowedOrigins.some((a) => a.replace(/\/+$/, '').toLowerCase() === o)) return true;
  if (o === 'null' || !host) return false;
  try {
    const u = new URL(o);
    return isLoopbackHost(u.host) && u.host === host.trim().toLowerCase();
  } catch {
    return false;
  }
}

/** Throws forbidden_host / forbidden_origin when a request fails the guards. */
export function checkHostAndOrigin(headers: IncomingHttpHeaders, config: ResolvedConfig): void {
  const host = headers.host;
  if (!isHostAllowed(host, config.server.host)) {
    throw new SwitchyardError('forbidden_host', 'Host header is not a loopback name', {
      hint: 'Call the proxy through 127.0.0.1 or localhost (protects against DNS rebinding).',
    });
  }
  const origin = headers.origin;
  if (!isOriginAllowed(typeof origin === 'string' ? origin : undefined, host, config.server.allowedOrigins)) {
    throw new SwitchyardError('forbidden_origin', 'Browser origin is not allowed', {
      hint: 'Add the origin to server.allowedOrigins if this is intended.',
    });
  }
}

/** The client token from `authorization: Bearer …` or `x-api-key`. */
export function clientToken(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.length > 7 && auth.slice(0, 7).toLowerCase() === 'bearer ') return auth.slice(7).trim();
  const key = headers['x-api-key'];
  if (typeof key === 'string' && key.length > 0) return key.trim();
  return undefined;
}

export interface AuthResult {
  token: string;
  /** Present when the token is a per-session token from the registry. */
  session?: SessionTokenInfo;
}

/** Accepts the app token, config server.tokens and registered session tokens; else 401. */
export function authenticate(headers: IncomingHttpHeaders, appToken: string, config: ResolvedConfig, runtime: ProxyRuntime): AuthResult {
  const token = clientToken(headers);
  if (!token) {
    throw new SwitchyardError('auth_missing_token', 'Missing client token', {
      hint: 'Send the Switchyard token as "Authorization: Bearer <token>" or "x-api-key".',
    });
  }
  const session = runtime.lookupToken(token);
  if (session) return { token, session };
  if (token === appToken || config.server.tokens.includes(token)) {
    // `switchyard run` also sends its session token in a header, because a client's own
    // settings (Claude Code settings.json env) may override the token it authenticates with.
    const header = headers[SESSION_TOKEN_HEADER];
    const tagged = typeof header === 'string' ? runtime.lookupToken(header) : undefined;
    return tagged ? { token, session: tagged } : { token };
  }
  throw new SwitchyardError('auth_invalid_token', 'Invalid client token', {
    hint: 'Use the app token or a session token from `switchyard run`.',
  });
}
