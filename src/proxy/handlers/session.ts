/**
 * Who is calling and which session it belongs to: client kind per inbound endpoint (headers
 * can say otherwise) and session hints from the headers named in DESIGN.md.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ClientKind } from '../../shared/config-schema';
import type { Protocol } from '../../shared/ir';
import type { SessionHints } from '../../shared/recording';
import type { AuthResult } from '../guards';

const str = (v: string | string[] | undefined): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** Anthropic endpoints serve Claude Code, OpenAI endpoints Codex, unless headers say otherwise. */
export function clientKindOf(inbound: Protocol, headers: IncomingHttpHeaders): ClientKind {
  const explicit = str(headers['x-switchyard-client']);
  if (explicit === 'claude-code' || explicit === 'codex') return explicit;
  if (inbound === 'anthropic') return 'claude-code';
  if (headers['x-claude-code-session-id'] !== undefined) return 'claude-code';
  return 'codex';
}

export function sessionHintsOf(
  headers: IncomingHttpHeaders,
  auth: AuthResult | undefined,
  metadataUserId: string | undefined,
): SessionHints {
  const h: SessionHints = {};
  const cc = str(headers['x-claude-code-session-id']);
  if (cc) h.claudeCodeSessionId = cc;
  const codex = str(headers['session-id']) ?? str(headers['session_id']) ?? str(headers['thread-id']) ?? str(headers['thread_id']);
  if (codex) h.codexSessionId = codex;
  if (auth?.session) {
    h.tokenSessionId = auth.session.sessionId;
    if (auth.session.taskName) h.taskName = auth.session.taskName;
    if (auth.session.label) h.label = auth.session.label;
  }
  if (metadataUserId) h.metadataUserId = metadataUserId;
  const agent = str(headers['x-claude-code-agent-id']);
  if (agent) h.agentId = agent;
  return h;
}

/** Claude Code's metadata.user_id is a JSON string carrying session_id (older ones: "…_session_<id>"). */
export function sessionFromUserId(userId: string | undefined): string | undefined {
  if (!userId) return undefined;
  if (userId.startsWith('{')) {
    try {
      const v = JSON.parse(userId) as Record<string, unknown>;
      return typeof v.session_id === 'string' ? v.session_id : undefined;
    } catch {
      return undefined;
    }
  }
  const m = /_session_([0-9a-f-]{8,})$/i.exec(userId);
  return m?.[1];
}

/** The key session pins are looked up by: token session > Claude Code > Codex > metadata. */
export function sessionKeyOf(h: SessionHints): string | undefined {
  return h.tokenSessionId ?? h.claudeCodeSessionId ?? h.codexSessionId ?? sessionFromUserId(h.metadataUserId);
}
