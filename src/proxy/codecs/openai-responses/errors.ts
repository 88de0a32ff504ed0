/**
 * Error mapping for the Responses protocol. Codex decides what to do from `error.code`:
 * context_length_exceeded and insufficient_quota are fatal, rate_limit_exceeded is retried
 * after the delay in the message, anything else is retried as a generic stream error.
 */
import type { IRErrorInfo } from '../../../shared/ir';
import { isObj, str } from './util';

const CONTEXT_RE =
  /context[ _-]?(length|window)|maximum context|prompt is too long|too many tokens|input is too long|exceeds? the (context|token)/i;

function isContextError(e: IRErrorInfo): boolean {
  return e.code === 'context_length_exceeded' || e.type === 'context_length_exceeded' || CONTEXT_RE.test(e.message);
}

/** IR error → Responses `error.code` for response.failed and error bodies. */
export function errorCodeFor(e: IRErrorInfo): string {
  if (isContextError(e)) return 'context_length_exceeded';
  if (e.code !== undefined && e.code !== '') return e.code;
  if (e.status === 429 || e.type === 'rate_limit_error') return 'rate_limit_exceeded';
  if (e.status === 402 || e.type === 'billing_error' || e.type === 'insufficient_quota') return 'insufficient_quota';
  if (e.status === 401 || e.type === 'authentication_error') return 'invalid_api_key';
  if (e.status === 403 || e.type === 'permission_error') return 'permission_denied';
  if (e.status === 404 || e.type === 'not_found_error') return 'model_not_found';
  if (e.status === 400 || e.status === 413 || e.type === 'invalid_request_error' || e.type === 'request_too_large') return 'invalid_prompt';
  if (e.status === 504 || e.type === 'timeout_error') return 'timeout';
  if (e.status === 503 || e.status === 529 || e.type === 'overloaded_error') return 'server_is_overloaded';
  return 'server_error';
}

/** OpenAI error `type` for an HTTP status. */
function openaiTypeFor(status: number, code: string): string {
  if (code === 'insufficient_quota') return 'insufficient_quota';
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 400 && status < 500) return 'invalid_request_error';
  return 'server_error';
}

export function encodeResponsesError(e: IRErrorInfo & { status: number }): Record<string, unknown> {
  const code = errorCodeFor(e);
  return { error: { message: e.message, type: openaiTypeFor(e.status, code), param: null, code } };
}

/** Anthropic-style error type for an HTTP status (the IR convention). */
function irTypeFor(status: number, code: string | undefined): string {
  if (code === 'context_length_exceeded') return 'invalid_request_error';
  if (code === 'rate_limit_exceeded' || status === 429) return 'rate_limit_error';
  if (code === 'insufficient_quota' || status === 402) return 'billing_error';
  if (status === 400 || status === 422) return 'invalid_request_error';
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 503 || status === 529) return 'overloaded_error';
  if (status === 504) return 'timeout_error';
  return 'api_error';
}

/** Upstream Responses error body (`{error: {message, type, code}}`, or anything) → IR. */
export function decodeResponsesError(status: number, body: unknown): IRErrorInfo {
  let message: string | undefined;
  let code: string | undefined;
  if (isObj(body) && isObj(body.error)) {
    message = str(body.error.message);
    code = str(body.error.code) ?? (typeof body.error.code === 'number' ? String(body.error.code) : undefined);
  } else if (isObj(body)) {
    message = str(body.message) ?? str(body.error);
    code = str(body.code);
  } else if (typeof body === 'string' && body !== '') {
    message = body.length > 2000 ? `${body.slice(0, 2000)}…` : body;
  }
  const info: IRErrorInfo = { type: irTypeFor(status, code), message: message ?? `Upstream returned HTTP ${status}`, status };
  if (code !== undefined) info.code = code;
  else if (isContextError(info)) info.code = 'context_length_exceeded';
  return info;
}
