/**
 * One registry of coded errors. Every failure the user can see is a SwitchyardError with a
 * code from ERRORS; the proxy renders it in the client's protocol, the CLI prints message +
 * hint, the UI shows both. Messages never contain secrets (see redact()).
 */

/** Error classes recorded per exchange (DESIGN.md / issue 3 item 8). */
export type ErrorClass =
  | 'upstream_error'
  | 'proxy_bind_error'
  | 'config_error'
  | 'auth_error'
  | 'timeout'
  | 'client_abort'
  | 'conversion_error'
  | 'invalid_request'
  | 'not_found'
  | 'internal_error';

interface ErrorSpec {
  status: number;
  errorClass: ErrorClass;
  /** Anthropic error type used when rendering for Anthropic clients. */
  anthropicType: string;
  /** OpenAI error type / code used when rendering for OpenAI clients. */
  openaiType: string;
}

export const ERRORS = {
  auth_missing_token: { status: 401, errorClass: 'auth_error', anthropicType: 'authentication_error', openaiType: 'invalid_api_key' },
  auth_invalid_token: { status: 401, errorClass: 'auth_error', anthropicType: 'authentication_error', openaiType: 'invalid_api_key' },
  forbidden_origin: { status: 403, errorClass: 'auth_error', anthropicType: 'permission_error', openaiType: 'permission_denied' },
  forbidden_host: { status: 403, errorClass: 'auth_error', anthropicType: 'permission_error', openaiType: 'permission_denied' },
  invalid_json: { status: 400, errorClass: 'invalid_request', anthropicType: 'invalid_request_error', openaiType: 'invalid_request_error' },
  invalid_request: {
    status: 400,
    errorClass: 'invalid_request',
    anthropicType: 'invalid_request_error',
    openaiType: 'invalid_request_error',
  },
  body_too_large: { status: 413, errorClass: 'invalid_request', anthropicType: 'request_too_large', openaiType: 'invalid_request_error' },
  model_not_found: { status: 404, errorClass: 'not_found', anthropicType: 'not_found_error', openaiType: 'model_not_found' },
  route_not_found: { status: 404, errorClass: 'not_found', anthropicType: 'not_found_error', openaiType: 'not_found' },
  provider_not_found: { status: 404, errorClass: 'config_error', anthropicType: 'not_found_error', openaiType: 'not_found' },
  config_invalid: { status: 500, errorClass: 'config_error', anthropicType: 'api_error', openaiType: 'server_error' },
  config_env_missing: { status: 500, errorClass: 'config_error', anthropicType: 'api_error', openaiType: 'server_error' },
  /** An edit asked for (API, UI, tray) that would make the config invalid: refused, nothing written. */
  config_edit_invalid: {
    status: 400,
    errorClass: 'config_error',
    anthropicType: 'invalid_request_error',
    openaiType: 'invalid_request_error',
  },
  provider_unavailable: { status: 503, errorClass: 'upstream_error', anthropicType: 'overloaded_error', openaiType: 'server_error' },
  upstream_error: { status: 502, errorClass: 'upstream_error', anthropicType: 'api_error', openaiType: 'server_error' },
  upstream_connect: { status: 502, errorClass: 'upstream_error', anthropicType: 'api_error', openaiType: 'server_error' },
  upstream_timeout: { status: 504, errorClass: 'timeout', anthropicType: 'timeout_error', openaiType: 'timeout' },
  stream_interrupted: { status: 502, errorClass: 'upstream_error', anthropicType: 'api_error', openaiType: 'server_error' },
  client_abort: { status: 499, errorClass: 'client_abort', anthropicType: 'api_error', openaiType: 'server_error' },
  conversion_failed: { status: 500, errorClass: 'conversion_error', anthropicType: 'api_error', openaiType: 'server_error' },
  unsupported_feature: {
    status: 400,
    errorClass: 'conversion_error',
    anthropicType: 'invalid_request_error',
    openaiType: 'invalid_request_error',
  },
  port_in_use: { status: 500, errorClass: 'proxy_bind_error', anthropicType: 'api_error', openaiType: 'server_error' },
  not_found: { status: 404, errorClass: 'not_found', anthropicType: 'not_found_error', openaiType: 'not_found' },
  not_available: { status: 501, errorClass: 'internal_error', anthropicType: 'api_error', openaiType: 'server_error' },
  file_malformed: {
    status: 400,
    errorClass: 'invalid_request',
    anthropicType: 'invalid_request_error',
    openaiType: 'invalid_request_error',
  },
  io_error: { status: 500, errorClass: 'internal_error', anthropicType: 'api_error', openaiType: 'server_error' },
  internal: { status: 500, errorClass: 'internal_error', anthropicType: 'api_error', openaiType: 'server_error' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export interface SwitchyardErrorJSON {
  code: ErrorCode;
  status: number;
  errorClass: ErrorClass;
  message: string;
  hint?: string;
}

export class SwitchyardError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errorClass: ErrorClass;
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, opts: { hint?: string; status?: number; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'SwitchyardError';
    this.code = code;
    this.status = opts.status ?? ERRORS[code].status;
    this.errorClass = ERRORS[code].errorClass;
    this.hint = opts.hint;
  }

  toJSON(): SwitchyardErrorJSON {
    return { code: this.code, status: this.status, errorClass: this.errorClass, message: this.message, hint: this.hint };
  }

  static fromJSON(j: SwitchyardErrorJSON): SwitchyardError {
    return new SwitchyardError(j.code in ERRORS ? j.code : 'internal', j.message, { hint: j.hint, status: j.status });
  }
}

/** Upstream statuses the proxy retries (same body), then fails over on: 429, 529 and other 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 529 || status >= 500;
}

export function isSwitchyardError(e: unknown): e is SwitchyardError {
  return e instanceof SwitchyardError;
}

/** Wrap anything thrown into a SwitchyardError (unknown failures become `internal`). */
export function toSwitchyardError(e: unknown): SwitchyardError {
  if (e instanceof SwitchyardError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new SwitchyardError('internal', message, { cause: e });
}
