/** Row → domain mapping shared by the reader and the exports. */
import type { ExchangeSummary, SessionSummary } from '../../../shared/domain';
import type { ErrorClass } from '../../../shared/errors';
import type { ClientKind } from '../../../shared/config-schema';
import type { Protocol } from '../../../shared/ir';
import type { RoutingDecision } from '../../../shared/recording';

export interface SessionRow {
  id: string;
  external_id: string | null;
  client: string;
  title: string;
  task_name: string | null;
  label: string | null;
  first_at: number;
  last_at: number;
  providers: string;
  models: string;
  exchange_count: number;
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cost_usd: number;
}

/** A row of the exchanges table, every column (what `SELECT *` gives and the writer writes). */
export interface ExchangeRow {
  rid: number;
  id: string;
  session_id: string;
  seq: number;
  client: string;
  received_at: number;
  method: string;
  path: string;
  inbound_protocol: string;
  stream: number;
  request_headers: string | null;
  response_headers: string | null;
  upstream_url: string | null;
  routing: string;
  requested_model: string | null;
  status: number;
  finished: number;
  partial: number;
  error_class: string | null;
  error_message: string | null;
  final_provider: string | null;
  final_model: string | null;
  upstream_first_byte_at: number | null;
  last_byte_at: number | null;
  ttfb_ms: number | null;
  duration_ms: number | null;
  overhead_ms: number | null;
  attempts: number;
  input_tokens: number | null;
  output_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  reasoning_tokens: number | null;
  cost_usd: number | null;
  stream_events: number | null;
  stream_bytes: number | null;
  stream_max_gap_ms: number | null;
  client_request_body: number | null;
  client_request_size?: number | null;
  upstream_request_body: number | null;
  upstream_response_body: number | null;
  client_response_body: number | null;
  dropped: string | null;
}

export function toSessionSummary(r: SessionRow): SessionSummary {
  return {
    id: r.id,
    externalId: r.external_id ?? undefined,
    client: r.client as ClientKind | 'unknown',
    title: r.title,
    taskName: r.task_name ?? undefined,
    label: r.label ?? undefined,
    firstAt: r.first_at,
    lastAt: r.last_at,
    providers: JSON.parse(r.providers) as string[],
    models: JSON.parse(r.models) as string[],
    totals: {
      requests: r.requests,
      errors: r.errors,
      inputTokens: r.input_tokens,
      outputTokens: r.output_tokens,
      cacheReadTokens: r.cache_read_tokens,
      cacheWriteTokens: r.cache_write_tokens,
      costUsd: r.cost_usd,
    },
    exchangeCount: r.exchange_count,
  };
}

export function toExchangeSummary(r: ExchangeRow): ExchangeSummary {
  const s: ExchangeSummary = {
    id: r.id,
    sessionId: r.session_id,
    seq: r.seq,
    receivedAt: r.received_at,
    method: r.method,
    path: r.path,
    inboundProtocol: r.inbound_protocol as Protocol,
    stream: r.stream === 1,
    status: r.status,
    // An exchange never finished (crash) counts as partial.
    partial: r.partial === 1 || r.finished === 0,
    routing: JSON.parse(r.routing) as RoutingDecision,
    attempts: r.attempts,
  };
  if (r.error_class) s.errorClass = r.error_class as ErrorClass;
  if (r.error_message) s.errorMessage = r.error_message;
  if (r.final_provider) s.finalProviderId = r.final_provider;
  if (r.final_model) s.finalModel = r.final_model;
  if (r.ttfb_ms !== null) s.ttfbMs = r.ttfb_ms;
  if (r.duration_ms !== null) s.durationMs = r.duration_ms;
  if (r.overhead_ms !== null) s.overheadMs = r.overhead_ms;
  if (r.input_tokens !== null || r.output_tokens !== null) {
    s.usage = {
      inputTokens: r.input_tokens ?? 0,
      outputTokens: r.output_tokens ?? 0,
      cacheReadTokens: r.cache_read_tokens ?? 0,
      cacheWriteTokens: r.cache_write_tokens ?? 0,
    };
    if (r.reasoning_tokens !== null) s.usage.reasoningTokens = r.reasoning_tokens;
  }
  if (r.cost_usd !== null) s.costUsd = r.cost_usd;
  if (r.stream_events !== null) s.streamStats = { events: r.stream_events, bytes: r.stream_bytes ?? 0, maxGapMs: r.stream_max_gap_ms ?? 0 };
  return s;
}
