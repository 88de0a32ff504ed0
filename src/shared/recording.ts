/**
 * The recording hook between the proxy and whoever stores trajectories.
 *
 * The proxy calls `sink.emit(event)` synchronously and never waits: implementations must
 * queue and return at once, and must never throw (a throwing sink would break proxying).
 * Bodies are passed as received (strings); the sink redacts and compresses off the hot path.
 */
import type { ClientKind } from './config-schema';
import type { IRUsage, Protocol } from './ir';
import type { ErrorClass } from './errors';

/** Hints the proxy found for grouping this request into a session (store decides). */
export interface SessionHints {
  /** Claude Code: x-claude-code-session-id */
  claudeCodeSessionId?: string;
  /** Codex: session-id / session_id / thread-id headers */
  codexSessionId?: string;
  /** Session id bound to the per-session token used (switchyard run). */
  tokenSessionId?: string;
  /** Task name / label bound to the session token. */
  taskName?: string;
  label?: string;
  /** metadata.user_id (Claude Code JSON string) or OpenAI `user`. */
  metadataUserId?: string;
  /** x-claude-code-agent-id when the request came from a subagent. */
  agentId?: string;
}

export interface RoutingDecision {
  /** Slot / rule / route that decided, e.g. "slot:sonnet", "rule:long-context", "route:deepseek-chat". */
  rule: string;
  /** Human sentence: why this lane ("claude-sonnet-4-5 → sonnet slot → deepseek/deepseek-chat"). */
  reason: string;
  requestedModel: string;
  providerId: string;
  upstreamModel: string;
  upstreamProtocol: Protocol;
  /** True when inbound protocol == lane protocol (no schema conversion). */
  passthrough: boolean;
  /** Lanes to try after this one, in order ("provider/model"). */
  fallbacks: string[];
}

export interface StreamStats {
  events: number;
  bytes: number;
  maxGapMs: number;
}

/**
 * A body given as an edit of the exchange's client request body: the client body with the
 * UTF-16 range [start, end) replaced by `insert`. A passthrough lane that maps the model
 * sends the client's bytes with only the model's value changed; recording that as an edit
 * spares the proxy a second copy of a ~90 KB body per request.
 */
export interface BodyEdit {
  start: number;
  end: number;
  insert: string;
}

/** The body an edit describes (undefined when the range does not fit the client body). */
export function applyBodyEdit(clientBody: string, edit: BodyEdit): string | undefined {
  if (!(edit.start >= 0 && edit.start <= edit.end && edit.end <= clientBody.length)) return undefined;
  return clientBody.slice(0, edit.start) + edit.insert + clientBody.slice(edit.end);
}

interface Base {
  exchangeId: string;
  /** Epoch milliseconds. */
  at: number;
}

export type ExchangeEvent =
  | (Base & {
      type: 'start';
      client: ClientKind | 'unknown';
      inboundProtocol: Protocol;
      method: string;
      path: string;
      /** Request headers with authorization / x-api-key / cookies removed. */
      headers: Record<string, string>;
      clientRequestBody: string;
      stream: boolean;
      session: SessionHints;
      routing: RoutingDecision;
    })
  | (Base & {
      type: 'upstream_request';
      attempt: number;
      providerId: string;
      upstreamProtocol: Protocol;
      /** URL without credentials or key query params. */
      url: string;
      /** Empty when `upstreamRequestEdit` describes the body instead. */
      upstreamRequestBody: string;
      upstreamRequestEdit?: BodyEdit;
      routing: RoutingDecision;
    })
  | (Base & {
      type: 'upstream_response';
      attempt: number;
      status: number;
      headers: Record<string, string>;
    })
  /** A raw upstream chunk as received (stream) — the upstream transcript. */
  | (Base & { type: 'upstream_chunk'; chunk: string })
  /** A chunk as sent to the client; omitted on passthrough lanes where it equals upstream. */
  | (Base & { type: 'client_chunk'; chunk: string })
  /** Incremental text/tool progress for the Live view (decoded, protocol-neutral). */
  | (Base & { type: 'progress'; textDelta?: string; thinkingDelta?: string; toolCall?: { name: string; argsDelta?: string } })
  | (Base & {
      type: 'end';
      status: number;
      /** true when the stream ended without its protocol's proper end. */
      partial: boolean;
      errorClass?: ErrorClass;
      errorMessage?: string;
      usage?: IRUsage;
      /** Non-stream bodies (streams are the concatenated chunks). */
      upstreamResponseBody?: string;
      clientResponseBody?: string;
      receivedAt: number;
      upstreamFirstByteAt?: number;
      lastByteAt?: number;
      streamStats?: StreamStats;
      /** Proxy's own overhead in ms (what Server-Timing reports). */
      overheadMs?: number;
      attempts: number;
      /** The lane that finally answered (after fallbacks). */
      finalProviderId?: string;
      finalModel?: string;
    });

export interface RecordingSink {
  emit(event: ExchangeEvent): void;
}

/** A sink that drops everything (recording off, or tests that do not care). */
export const nullSink: RecordingSink = { emit() {} };
