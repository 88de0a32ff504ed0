/**
 * Which session an exchange belongs to. Explicit client ids win (Claude Code header, Codex
 * headers, a `switchyard run` token), then the session part of metadata.user_id, else the
 * caller falls back to client + a 30-minute window.
 */
import type { SessionHints } from '../../../shared/recording';

export type SessionKeyKind = 'claude-code' | 'codex' | 'token' | 'user-id' | 'window';

export const SESSION_WINDOW_MS = 30 * 60 * 1000;

export interface SessionKey {
  kind: Exclude<SessionKeyKind, 'window'>;
  externalId: string;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The session id inside Claude Code's metadata.user_id (JSON string or legacy form). */
export function sessionFromUserId(userId: string | undefined): string | undefined {
  if (!userId) return undefined;
  const t = userId.trim();
  if (t.startsWith('{')) {
    try {
      const j = JSON.parse(t) as Record<string, unknown>;
      const sid = j.session_id ?? j.sessionId;
      if (typeof sid === 'string' && sid) return sid;
    } catch {
      // not JSON after all: try the legacy form below
    }
  }
  const legacy = /_session_([0-9a-zA-Z-]+)$/.exec(t);
  if (legacy) return legacy[1];
  const m = /session[_-]?(?:id)?["':=\s]+([0-9a-f-]{36})/i.exec(t);
  if (m && UUID.test(m[1])) return m[1];
  return undefined;
}

export function resolveSessionKey(h: SessionHints | undefined): SessionKey | undefined {
  if (!h) return undefined;
  if (h.claudeCodeSessionId) return { kind: 'claude-code', externalId: h.claudeCodeSessionId };
  if (h.codexSessionId) return { kind: 'codex', externalId: h.codexSessionId };
  if (h.tokenSessionId) return { kind: 'token', externalId: h.tokenSessionId };
  const fromUser = sessionFromUserId(h.metadataUserId);
  if (fromUser) return { kind: 'user-id', externalId: fromUser };
  return undefined;
}

/** Session ids double as directory names in the file mirror: keep them path-safe. */
export function safeSessionId(externalId: string): string {
  const s = externalId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120);
  return s && s !== '.' && s !== '..' ? s : `s_${Buffer.from(externalId).toString('hex').slice(0, 32)}`;
}

export function windowSessionId(client: string, at: number): string {
  return `w-${client}-${at.toString(36)}`;
}
