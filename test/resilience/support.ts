/**
 * Shared harness for the resilience and security suites: the real proxy (buildProxy +
 * createProxyRuntime) listening on 127.0.0.1:0, the repo's mock upstream in the same
 * process, a config with one lane per fault under test, and protocol-aware helpers.
 * Faults are injected on the wire (mock scenarios, raw sockets), never by mocking the proxy.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { parseConfigText, resolveConfig } from '../../src/main/services/config/load';
import type { ResolvedConfig } from '../../src/shared/config-schema';
import type { Protocol } from '../../src/shared/ir';
import type { ExchangeEvent, RecordingSink } from '../../src/shared/recording';
import { buildProxy } from '../../src/proxy/build-proxy';
import { createProxyRuntime } from '../../src/proxy/runtime';
import type { ProxyDeps, ProxyRuntime } from '../../src/proxy/types';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream/index';

/** Parsed JSON of unknown shape, navigated loosely in assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

/** Distinctive secrets: a hit anywhere (DB bytes, logs, exports, errors) is a leak. */
export const APP_TOKEN = 'sy-resilience-app-token-7Qm2';
export const ANT_KEY = 'sk-ant-RESILIENCE-lanekey-1f9d3c';
export const OAI_KEY = 'sk-oai-RESILIENCE-lanekey-8a4e2b';
export const BACKUP_KEY = 'sk-backup-RESILIENCE-lanekey-55c1';
export const ALL_KEYS = [APP_TOKEN, ANT_KEY, OAI_KEY, BACKUP_KEY];

/** Per-provider timeouts of the "slow*" lanes (small so the tests stay fast). */
export const LANE_FIRST_BYTE_MS = 300;
export const LANE_IDLE_MS = 300;

/**
 * One lane per concern so a circuit opened by one test never leaks into another. Every
 * lane points at the same mock; the path prefix tells them apart in `mock.requests`.
 */
export function resilienceYaml(mockUrl: string, opts: { bodyLimitMb?: number } = {}): string {
  const t = `{ firstByteMs: ${LANE_FIRST_BYTE_MS}, idleMs: ${LANE_IDLE_MS} }`;
  return `
server:
  bodyLimitMb: ${opts.bodyLimitMb ?? 32}
providers:
  - { id: anthropic, protocol: anthropic, baseUrl: "${mockUrl}", apiKey: ${ANT_KEY} }
  - { id: oai, protocol: openai-chat, baseUrl: "${mockUrl}/v1", apiKey: ${OAI_KEY} }
  - { id: resp, protocol: openai-responses, baseUrl: "${mockUrl}/v1", apiKey: ${OAI_KEY} }
  - { id: flaky, protocol: anthropic, baseUrl: "${mockUrl}/flaky", apiKey: ${ANT_KEY} }
  - { id: flakychat, protocol: openai-chat, baseUrl: "${mockUrl}/flakychat/v1", apiKey: ${OAI_KEY} }
  - { id: backup, protocol: anthropic, baseUrl: "${mockUrl}/backup", apiKey: ${BACKUP_KEY} }
  - { id: slowant, protocol: anthropic, baseUrl: "${mockUrl}/slowant", apiKey: ${ANT_KEY}, timeouts: ${t} }
  - { id: slowchat, protocol: openai-chat, baseUrl: "${mockUrl}/slowchat/v1", apiKey: ${OAI_KEY}, timeouts: ${t} }
  - { id: slowresp, protocol: openai-responses, baseUrl: "${mockUrl}/slowresp/v1", apiKey: ${OAI_KEY}, timeouts: ${t} }
routes:
  - { name: claude-sonnet-4-5, provider: anthropic }
  - { name: chat-model, provider: oai, model: chat-upstream }
  - { name: gpt-5-codex, provider: resp }
  - { name: claude-via-chat, provider: oai, model: chat-upstream }
  - { name: chat-via-anthropic, provider: anthropic, model: claude-upstream }
  - { name: codex-via-anthropic, provider: anthropic, model: claude-upstream }
  - { name: flaky-claude, provider: flaky, model: primary, fallback: [backup/backup-model] }
  - { name: flaky-chat, provider: flakychat, model: primary, fallback: [backup/backup-model] }
  - { name: slow-claude, provider: slowant }
  - { name: slow-chat, provider: slowchat }
  - { name: slow-codex, provider: slowresp }
slots:
  claude-code: { sonnet: anthropic/claude-sonnet-4-5 }
  codex: { default: resp/gpt-5-codex }
`;
}

export function resolveYaml(yaml: string, version = 1): ResolvedConfig {
  return resolveConfig(parseConfigText(yaml).config, {}, version).resolved;
}

export interface ProxyHarness {
  mock: MockUpstream;
  app: FastifyInstance;
  url: string;
  port: number;
  runtime: ProxyRuntime;
  events: ExchangeEvent[];
  close(): Promise<void>;
}

/** A RecordingSink that collects every event (and optionally tees to another sink). */
export function collectingSink(events: ExchangeEvent[], next?: RecordingSink): RecordingSink {
  return {
    emit(e) {
      events.push(e);
      next?.emit(e);
    },
  };
}

export async function startProxy(
  opts: { yaml?: (mockUrl: string) => string; deps?: Partial<ProxyDeps>; sink?: RecordingSink; bodyLimitMb?: number } = {},
): Promise<ProxyHarness> {
  const mock = await startMockUpstream();
  const cfg = resolveYaml((opts.yaml ?? ((u) => resilienceYaml(u, { bodyLimitMb: opts.bodyLimitMb })))(mock.url));
  const events: ExchangeEvent[] = [];
  const runtime = createProxyRuntime();
  const app = buildProxy({ current: () => cfg }, { runtime, appToken: APP_TOKEN, sink: collectingSink(events, opts.sink), ...opts.deps });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  return {
    mock,
    app,
    url: `http://127.0.0.1:${port}`,
    port,
    runtime,
    events,
    async close() {
      // a failed test may leave streams open: do not let them hold the shutdown
      app.server.closeAllConnections();
      await app.close();
      await mock.close();
    },
  };
}

// ------------------------------------------------------------------ protocols

export const PATHS: Record<Protocol, string> = {
  anthropic: '/v1/messages',
  'openai-chat': '/v1/chat/completions',
  'openai-responses': '/v1/responses',
};

export const PROTOCOLS: Protocol[] = ['anthropic', 'openai-chat', 'openai-responses'];

/** The passthrough route for each inbound protocol. */
export const PASSTHROUGH_MODEL: Record<Protocol, string> = {
  anthropic: 'claude-sonnet-4-5',
  'openai-chat': 'chat-model',
  'openai-responses': 'gpt-5-codex',
};

/** A conversion route for each inbound protocol (lane speaks another protocol). */
export const CONVERSION_MODEL: Record<Protocol, string> = {
  anthropic: 'claude-via-chat',
  'openai-chat': 'chat-via-anthropic',
  'openai-responses': 'codex-via-anthropic',
};

export const SLOW_MODEL: Record<Protocol, string> = {
  anthropic: 'slow-claude',
  'openai-chat': 'slow-chat',
  'openai-responses': 'slow-codex',
};

export function headersFor(protocol: Protocol, token: string | null = APP_TOKEN): Record<string, string> {
  const h: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) h.authorization = `Bearer ${token}`;
  if (protocol === 'anthropic') h['anthropic-version'] = '2023-06-01';
  return h;
}

/** A minimal valid request body in the protocol, with `text` as the user's message. */
export function bodyFor(protocol: Protocol, model: string, text = 'hi', stream = false): Record<string, unknown> {
  if (protocol === 'anthropic') return { model, max_tokens: 64, stream, messages: [{ role: 'user', content: text }] };
  if (protocol === 'openai-chat') return { model, stream, messages: [{ role: 'user', content: text }] };
  return { model, stream, input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text }] }] };
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

export async function send(
  url: string,
  protocol: Protocol,
  body: unknown,
  headers: Record<string, string> = headersFor(protocol),
): Promise<Answer> {
  const res = await fetch(url + PATHS[protocol], {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

export interface SseEvent {
  event?: string;
  data: string;
}

export function sseEvents(text: string): SseEvent[] {
  return text
    .split(/\r?\n\r?\n/)
    .filter((b) => b.trim() && !b.split('\n').every((l) => l.startsWith(':')))
    .map((block) => {
      const ev: SseEvent = { data: '' };
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event:')) ev.event = line.slice(6).trim();
        else if (line.startsWith('data:')) ev.data += line.slice(5).trimStart();
      }
      return ev;
    });
}

/** The text a client would assemble from a stream in its protocol. */
export function streamedText(protocol: Protocol, text: string): string {
  let out = '';
  for (const ev of sseEvents(text)) {
    if (!ev.data || ev.data === '[DONE]') continue;
    const d = JSON.parse(ev.data) as Record<string, Loose>;
    if (protocol === 'anthropic' && d.type === 'content_block_delta' && d.delta?.type === 'text_delta') out += d.delta.text;
    if (protocol === 'openai-chat' && typeof d.choices?.[0]?.delta?.content === 'string') out += d.choices[0].delta.content;
    if (protocol === 'openai-responses' && d.type === 'response.output_text.delta') out += d.delta;
  }
  return out;
}

/** True when the stream ends with its protocol's proper end. */
export function endedProperly(protocol: Protocol, text: string): boolean {
  const evs = sseEvents(text);
  const last = evs.at(-1);
  if (!last) return false;
  if (protocol === 'anthropic') return last.event === 'message_stop' && evs.some((e) => e.event === 'message_delta');
  if (protocol === 'openai-chat') return last.data === '[DONE]' && !evs.some((e) => e.data.includes('"error"'));
  return last.event === 'response.completed' || JSON.parse(last.data).type === 'response.completed';
}

/**
 * The protocol's error signal inside a stream: Anthropic `event: error`, Responses
 * `response.failed`, Chat a `data: {"error": …}` chunk. Returns the error object or undefined.
 */
export function streamError(protocol: Protocol, text: string): Record<string, Loose> | undefined {
  for (const ev of sseEvents(text)) {
    if (!ev.data || ev.data === '[DONE]') continue;
    const d = JSON.parse(ev.data) as Record<string, Loose>;
    if (protocol === 'anthropic' && ev.event === 'error' && d.type === 'error') return d.error;
    if (protocol === 'openai-chat' && d.error) return d.error;
    if (protocol === 'openai-responses' && (ev.event === 'response.failed' || d.type === 'response.failed')) return d.response?.error ?? {};
  }
  return undefined;
}

/** Assert-friendly view of a non-stream error body in the protocol's shape. */
export function errorShape(protocol: Protocol, text: string): { type: string; message: string } | undefined {
  let body: Record<string, Loose>;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (protocol === 'anthropic') {
    if (body.type !== 'error' || typeof body.error?.type !== 'string' || typeof body.error?.message !== 'string') return undefined;
    return { type: body.error.type, message: body.error.message };
  }
  if (typeof body.error?.message !== 'string' || typeof body.error?.type !== 'string') return undefined;
  return { type: String(body.error.code ?? body.error.type), message: body.error.message };
}

export function lastEnd(events: ExchangeEvent[], exchangeId?: string): Extract<ExchangeEvent, { type: 'end' }> | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === 'end' && (exchangeId === undefined || e.exchangeId === exchangeId)) return e;
  }
  return undefined;
}

export async function waitFor(cond: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`waitFor timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A raw HTTP/1.1 request over a socket: the body is written in `pieces` with `gapMs`
 * between them (slow trickle), bytes exactly as given (invalid UTF-8 stays invalid).
 */
export async function rawRequest(
  port: number,
  o: { path: string; headers: Record<string, string>; pieces: Buffer[]; gapMs?: number; host?: string },
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const total = o.pieces.reduce((n, p) => n + p.length, 0);
  const sock = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    sock.once('connect', resolve);
    sock.once('error', reject);
  });
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve) => {
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.on('end', resolve);
    sock.on('close', () => resolve());
    sock.on('error', () => resolve());
  });
  const head = [`POST ${o.path} HTTP/1.1`, `host: ${o.host ?? `127.0.0.1:${port}`}`, `content-length: ${total}`, 'connection: close'];
  for (const [k, v] of Object.entries(o.headers)) head.push(`${k}: ${v}`);
  sock.write(`${head.join('\r\n')}\r\n\r\n`);
  for (const p of o.pieces) {
    if (o.gapMs) await sleep(o.gapMs);
    if (sock.destroyed) break;
    sock.write(p);
  }
  await done;
  const raw = Buffer.concat(chunks);
  const sep = raw.indexOf('\r\n\r\n');
  const headLines = raw.subarray(0, sep).toString('latin1').split('\r\n');
  const status = Number(headLines[0]?.split(' ')[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const l of headLines.slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
  }
  let body: Buffer = raw.subarray(sep + 4);
  if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
  return { status, headers, body: body.toString('utf8') };
}

function dechunk(b: Buffer): Buffer {
  const out: Uint8Array[] = [];
  let i = 0;
  for (;;) {
    const nl = b.indexOf('\r\n', i);
    if (nl === -1) break;
    const size = parseInt(b.subarray(i, nl).toString('latin1'), 16);
    if (!size) break;
    out.push(b.subarray(nl + 2, nl + 2 + size));
    i = nl + 2 + size + 2;
  }
  return Buffer.concat(out);
}
