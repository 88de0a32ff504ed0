/**
 * Errors in the client's protocol: HTTP JSON bodies and in-stream error events for
 * Anthropic Messages, OpenAI Chat and OpenAI Responses (Codex reads `response.failed`).
 */
import { ERRORS, type SwitchyardError, type ErrorClass } from '../../shared/errors';
import type { ResolvedConfig } from '../../shared/config-schema';
import type { Protocol } from '../../shared/ir';

/** Anthropic error type for an HTTP status (used for upstream statuses we relay as our own errors). */
export function anthropicTypeForStatus(status: number): string {
  if (status === 400) return 'invalid_request_error';
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status === 504) return 'timeout_error';
  if (status === 529 || status === 503) return 'overloaded_error';
  return 'api_error';
}

function anthropicType(err: SwitchyardError): string {
  return ERRORS[err.code].anthropicType;
}

function openaiCode(err: SwitchyardError): string {
  if (err.status === 429) return 'rate_limit_exceeded';
  return ERRORS[err.code].openaiType;
}

function messageOf(err: SwitchyardError): string {
  return err.hint ? `${err.message} (${err.hint})` : err.message;
}

export function errorClassOf(err: SwitchyardError): ErrorClass {
  return err.errorClass;
}

/** Non-stream error body in the client's protocol. */
export function renderErrorBody(protocol: Protocol, err: SwitchyardError, requestId?: string): Record<string, unknown> {
  if (protocol === 'anthropic') {
    const body: Record<string, unknown> = { type: 'error', error: { type: anthropicType(err), message: messageOf(err) } };
    if (requestId) body.request_id = requestId;
    return body;
  }
  const type = err.status === 429 ? 'rate_limit_error' : err.status >= 500 ? 'server_error' : ERRORS[err.code].openaiType;
  return { error: { message: messageOf(err), type, code: openaiCode(err), param: null } };
}

export interface StreamErrorContext {
  /** Responses: next sequence_number and the response id seen so far. */
  sequenceNumber?: number;
  responseId?: string;
  model?: string;
}

/** The protocol's in-stream error event (SSE text). */
export function renderErrorEvent(protocol: Protocol, err: SwitchyardError, ctx: StreamErrorContext = {}): string {
  if (protocol === 'anthropic') {
    return `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: anthropicType(err), message: messageOf(err) } })}\n\n`;
  }
  if (protocol === 'openai-chat') {
    return `data: ${JSON.stringify({ error: { message: messageOf(err), type: err.status >= 500 ? 'server_error' : ERRORS[err.code].openaiType, code: openaiCode(err) } })}\n\n`;
  }
  const failed: Record<string, unknown> = {
    type: 'response.failed',
    response: {
      id: ctx.responseId ?? 'resp_switchyard_error',
      object: 'response',
      created_at: Math.floor(Date.now() / 1000),
      status: 'failed',
      model: ctx.model ?? null,
      output: [],
      error: { code: openaiCode(err), message: messageOf(err) },
      usage: null,
    },
  };
  if (ctx.sequenceNumber !== undefined) failed.sequence_number = ctx.sequenceNumber;
  return `event: response.failed\ndata: ${JSON.stringify(failed)}\n\n`;
}

/**
 * The configured secrets: app token, extra client tokens, lane keys and lane headers read from
 * ENV: (literal headers such as anthropic-version are not secrets).
 */
export function configSecrets(cfg: ResolvedConfig, appToken: string): string[] {
  const out = [appToken, ...cfg.server.tokens];
  for (const p of cfg.providers) {
    if (p.apiKey) out.push(p.apiKey);
    for (const k of p.secretHeaders ?? []) if (p.headers[k]) out.push(p.headers[k]);
  }
  return out;
}

/** Replace any configured secret appearing in a message (upstream errors can echo headers). */
export function redactSecrets(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4 && out.includes(s)) out = out.split(s).join('***');
  }
  return out;
}
