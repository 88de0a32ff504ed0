/**
 * "Test" for a provider: one tiny streaming request straight to the lane (not through the
 * proxy) in the lane's own protocol, measuring total latency and time to first token, and
 * returning the upstream's exact error text with secrets removed.
 */
import type { ProviderTestResult } from '../../../shared/domain';
import type { Protocol } from '../../../shared/ir';
import { SSEParser, type SSEEvent } from '../../../proxy/sse/parser';
import { redactSecrets } from './secrets';

export interface ProviderTestTarget {
  id: string;
  protocol: Protocol;
  baseUrl: string;
  apiKey?: string;
  /** ENV var named by apiKey that is not set. */
  apiKeyMissing?: string;
  headers?: Record<string, string>;
}

export const PROVIDER_TEST_TIMEOUT_MS = 15_000;
const PROMPT = 'Reply with the single word OK.';
const MAX_ERROR_CHARS = 2000;

interface StreamState {
  firstTokenAt?: number;
  sample: string;
  done: boolean;
  error?: string;
}

type RequestSpec = { url: string; headers: Record<string, string>; body: Record<string, unknown> };

function buildRequest(t: ProviderTestTarget, model: string, maxTokensField: string): RequestSpec {
  const base = t.baseUrl.replace(/\/+$/, '');
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
  let spec: RequestSpec;
  // Same auth as the proxy's lanes: x-api-key for anthropic, Bearer for openai-*.
  if (t.protocol === 'anthropic') {
    headers['anthropic-version'] = '2023-06-01';
    if (t.apiKey) headers['x-api-key'] = t.apiKey;
    spec = {
      url: `${base}/v1/messages`,
      headers,
      body: { model, max_tokens: 16, stream: true, messages: [{ role: 'user', content: PROMPT }] },
    };
  } else {
    if (t.apiKey) headers.authorization = `Bearer ${t.apiKey}`;
    spec =
      t.protocol === 'openai-responses'
        ? { url: `${base}/responses`, headers, body: { model, input: PROMPT, stream: true, store: false, max_output_tokens: 16 } }
        : {
            url: `${base}/chat/completions`,
            headers,
            body: { model, stream: true, [maxTokensField]: 16, messages: [{ role: 'user', content: PROMPT }] },
          };
  }
  // The lane's own configured headers win, as in the proxy.
  for (const [k, v] of Object.entries(t.headers ?? {})) headers[k.toLowerCase()] = v;
  return spec;
}

function errorMessage(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const d = data as Record<string, unknown>;
  const err = (d.error ?? (d.response as Record<string, unknown> | undefined)?.error) as Record<string, unknown> | string | undefined;
  if (typeof err === 'string') return err;
  if (err && typeof err === 'object') {
    const msg = typeof err.message === 'string' ? err.message : JSON.stringify(err);
    const kind = typeof err.type === 'string' ? err.type : typeof err.code === 'string' ? err.code : undefined;
    return kind ? `${kind}: ${msg}` : msg;
  }
  return undefined;
}

/** Apply one SSE event of the lane's protocol to the state. */
function onEvent(protocol: Protocol, ev: SSEEvent, state: StreamState, now: number): void {
  if (protocol === 'openai-chat' && ev.data.trim() === '[DONE]') {
    state.done = true;
    return;
  }
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(ev.data) as Record<string, unknown>;
  } catch {
    return;
  }
  const type = (ev.event ?? data.type) as string | undefined;
  const token = (text: unknown): void => {
    if (typeof text !== 'string' || text === '') return;
    state.firstTokenAt ??= now;
    if (state.sample.length < 200) state.sample += text;
  };
  const thinking = (text: unknown): void => {
    if (typeof text === 'string' && text !== '') state.firstTokenAt ??= now;
  };
  if (type === 'error' || (protocol !== 'anthropic' && data.error && type !== 'response.failed')) {
    state.error = errorMessage(data) ?? ev.data;
    return;
  }
  if (protocol === 'anthropic') {
    if (type === 'content_block_delta') {
      const delta = data.delta as Record<string, unknown> | undefined;
      if (delta?.type === 'text_delta') token(delta.text);
      else if (delta?.type === 'thinking_delta') thinking(delta.thinking);
    } else if (type === 'message_stop') state.done = true;
    return;
  }
  if (protocol === 'openai-responses') {
    if (type === 'response.output_text.delta') token(data.delta);
    else if (type === 'response.reasoning_summary_text.delta' || type === 'response.reasoning_text.delta') thinking(data.delta);
    else if (type === 'response.completed' || type === 'response.incomplete') state.done = true;
    else if (type === 'response.failed') state.error = errorMessage(data) ?? 'response.failed';
    return;
  }
  const choice = (data.choices as Array<Record<string, unknown>> | undefined)?.[0];
  const delta = choice?.delta as Record<string, unknown> | undefined;
  if (delta) {
    token(delta.content);
    thinking(delta.reasoning_content ?? delta.reasoning);
  }
  // Some compatible servers end with finish_reason and never send [DONE].
  if (choice?.finish_reason) state.done = true;
}

const END_MARKER: Record<Protocol, string> = {
  anthropic: 'message_stop',
  'openai-chat': '[DONE]',
  'openai-responses': 'response.completed',
};

function describeNetworkError(e: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `No complete answer within ${Math.round(timeoutMs / 1000)} s (timed out).`;
  const err = e as Error & { code?: string; cause?: { code?: string; message?: string } };
  const code = err.code ?? err.cause?.code;
  const msg = err.cause?.message && err.cause.message !== err.message ? `${err.message}: ${err.cause.message}` : err.message;
  return code && !msg.includes(code) ? `${code}: ${msg}` : msg;
}

export async function testProvider(
  target: ProviderTestTarget,
  model: string,
  opts: { timeoutMs?: number } = {},
): Promise<ProviderTestResult> {
  const timeoutMs = opts.timeoutMs ?? PROVIDER_TEST_TIMEOUT_MS;
  const result: ProviderTestResult = { ok: false, providerId: target.id, model };
  if (target.apiKeyMissing) {
    result.error = `The environment variable ${target.apiKeyMissing} is not set, so there is no key to send. Export it before starting Switchyard or paste the key.`;
    return result;
  }
  const secrets = [target.apiKey, ...Object.values(target.headers ?? {})];
  const redact = (s: string): string => redactSecrets(s, secrets);

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const started = performance.now();
  try {
    let spec = buildRequest(target, model, 'max_tokens');
    // undici's index on demand: the proxy's start path loads only its Pool (undici-pool.ts).
    // In the esbuild bundle a CommonJS package imported this way has only `default`.
    const undici = await import('undici');
    const { request } = 'request' in undici ? undici : (undici as unknown as { default: typeof undici }).default;
    let res = await request(spec.url, {
      method: 'POST',
      headers: spec.headers,
      body: JSON.stringify(spec.body),
      signal: controller.signal,
    });
    if (res.statusCode === 400 && target.protocol === 'openai-chat') {
      // OpenAI reasoning models refuse max_tokens; retry once with the newer field.
      const text = await res.body.text();
      if (!text.includes('max_completion_tokens')) return finishError(result, res.statusCode, text, started, redact);
      spec = buildRequest(target, model, 'max_completion_tokens');
      res = await request(spec.url, { method: 'POST', headers: spec.headers, body: JSON.stringify(spec.body), signal: controller.signal });
    }
    result.status = res.statusCode;
    if (res.statusCode < 200 || res.statusCode >= 300) return finishError(result, res.statusCode, await res.body.text(), started, redact);

    const contentType = String(res.headers['content-type'] ?? '');
    const state: StreamState = { sample: '', done: false };
    if (!contentType.includes('text/event-stream')) {
      // A server that ignored stream:true: accept a JSON answer, report no TTFT.
      const text = await res.body.text();
      result.latencyMs = Math.round(performance.now() - started);
      try {
        const body = JSON.parse(text) as unknown;
        const err = errorMessage(body);
        if (err) return { ...result, error: redact(err) };
      } catch {
        return {
          ...result,
          error: redact(`Expected an event stream, got ${contentType || 'no content type'}: ${text.slice(0, MAX_ERROR_CHARS)}`),
        };
      }
      return { ...result, ok: true };
    }
    const parser = new SSEParser();
    for await (const chunk of res.body) {
      const now = performance.now();
      for (const ev of parser.push(chunk as Buffer)) onEvent(target.protocol, ev, state, now);
      if (state.error || state.done) break;
    }
    for (const ev of parser.end()) onEvent(target.protocol, ev, state, performance.now());
    result.latencyMs = Math.round(performance.now() - started);
    if (state.firstTokenAt !== undefined) result.ttftMs = Math.round(state.firstTokenAt - started);
    if (state.sample) result.sample = redact(state.sample.trim());
    if (state.error) return { ...result, error: redact(state.error) };
    if (!state.done) return { ...result, error: `The stream ended before ${END_MARKER[target.protocol]}.` };
    return { ...result, ok: true };
  } catch (e) {
    result.latencyMs = Math.round(performance.now() - started);
    return { ...result, error: redact(describeNetworkError(e, timedOut, timeoutMs)) };
  } finally {
    clearTimeout(timer);
  }
}

function finishError(
  result: ProviderTestResult,
  status: number,
  body: string,
  started: number,
  redact: (s: string) => string,
): ProviderTestResult {
  let text = body.trim();
  if (text.length > MAX_ERROR_CHARS) text = `${text.slice(0, MAX_ERROR_CHARS)}…`;
  return {
    ...result,
    status,
    latencyMs: Math.round(performance.now() - started),
    error: redact(`HTTP ${status}${text ? `: ${text}` : ''}`),
  };
}
