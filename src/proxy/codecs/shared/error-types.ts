/**
 * HTTP status ↔ error type tables for each protocol. The IR error `type` is Anthropic-style;
 * OpenAI-style `code`s (context_length_exceeded, rate_limit_exceeded, …) travel in `code`.
 */
import type { IRErrorInfo } from '../../../shared/ir';

const STATUS_TO_ANTHROPIC: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  408: 'timeout_error',
  413: 'request_too_large',
  422: 'invalid_request_error',
  429: 'rate_limit_error',
  500: 'api_error',
  502: 'api_error',
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

const ANTHROPIC_TO_STATUS: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

export function statusToAnthropicType(status: number): string {
  return STATUS_TO_ANTHROPIC[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

export function anthropicTypeToStatus(type: string): number {
  return ANTHROPIC_TO_STATUS[type] ?? 500;
}

/** OpenAI body fields for an IR error. */
export function irToOpenAIError(e: IRErrorInfo): { type: string; code: string | null } {
  switch (e.type) {
    case 'authentication_error':
      return { type: 'invalid_request_error', code: e.code ?? 'invalid_api_key' };
    case 'permission_error':
      return { type: 'invalid_request_error', code: e.code ?? 'permission_denied' };
    case 'not_found_error':
      return { type: 'invalid_request_error', code: e.code ?? 'model_not_found' };
    case 'rate_limit_error':
      return { type: 'rate_limit_error', code: e.code ?? 'rate_limit_exceeded' };
    case 'billing_error':
      return { type: 'insufficient_quota', code: e.code ?? 'insufficient_quota' };
    case 'overloaded_error':
      return { type: 'server_error', code: e.code ?? 'server_is_overloaded' };
    case 'timeout_error':
      return { type: 'server_error', code: e.code ?? 'timeout' };
    case 'request_too_large':
      return { type: 'invalid_request_error', code: e.code ?? 'request_too_large' };
    case 'invalid_request_error':
      return { type: 'invalid_request_error', code: e.code ?? null };
    default:
      return { type: 'server_error', code: e.code ?? 'server_error' };
  }
}

const OPENAI_CODE_TO_ANTHROPIC: Record<string, string> = {
  context_length_exceeded: 'invalid_request_error',
  rate_limit_exceeded: 'rate_limit_error',
  insufficient_quota: 'billing_error',
  invalid_api_key: 'authentication_error',
  model_not_found: 'not_found_error',
  server_is_overloaded: 'overloaded_error',
  slow_down: 'overloaded_error',
};

/** OpenAI error (status, type, code) → Anthropic-style IR type. */
export function openAIToIRType(status: number, type: unknown, code: unknown): string {
  if (typeof code === 'string' && OPENAI_CODE_TO_ANTHROPIC[code]) return OPENAI_CODE_TO_ANTHROPIC[code];
  if (typeof type === 'string') {
    if (type in ANTHROPIC_TO_STATUS) return type;
    if (type === 'insufficient_quota') return 'billing_error';
    if (type === 'server_error' && status < 500) return 'api_error';
  }
  return statusToAnthropicType(status);
}

const CONTEXT_RE = /prompt is too long|context length|context_length|maximum context|too many tokens|context window/i;

/** Context overflow is the one error clients act on (Claude Code compacts, Codex reports it). */
export function isContextLengthError(e: IRErrorInfo): boolean {
  return e.code === 'context_length_exceeded' || (e.type === 'invalid_request_error' && CONTEXT_RE.test(e.message));
}
