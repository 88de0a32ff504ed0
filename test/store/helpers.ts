/** Test helpers: temp stores, and a synthetic Claude-Code-like session generator. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RecordingConfig } from '../../src/shared/config-schema';
import type { BodyEdit, ExchangeEvent, RoutingDecision } from '../../src/shared/recording';
import { openTrajectoryStore, type OpenTrajectoryStoreOptions, type TrajectoryStore } from '../../src/main/services/store';

export function tmpDir(prefix = 'sy-store-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function makeStore(
  dir: string,
  opts: Partial<OpenTrajectoryStoreOptions> & { recording?: Partial<RecordingConfig>; secretList?: string[] } = {},
): TrajectoryStore {
  const recording: RecordingConfig = { enabled: true, trajectoryDir: null, ...opts.recording };
  return openTrajectoryStore({
    dbPath: path.join(dir, 'trajectories.db'),
    config: () => ({ recording }),
    secrets: () => opts.secretList ?? [],
    batchDelayMs: 5,
    ...opts,
  });
}

/** Deterministic pseudo-random prose (compresses like real text, not like repeated bytes). */
export function prose(seed: number, words: number): string {
  const vocab =
    'the a function file read write tool call result error test module import export const let value type string number array object return async await promise stream event client server request response model token session cache proxy route provider lane config path directory user assistant system message content text image thinking budget effort schema json parse encode decode byte chunk buffer retry timeout status header body'.split(
      ' ',
    );
  let x = seed * 2654435761 + 1;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out.push(vocab[x % vocab.length] + (x % 17 === 0 ? `_${x % 997}` : ''));
    if (x % 23 === 0) out.push('\n');
  }
  return out.join(' ');
}

export const SYSTEM_PROMPT = prose(1, 2500); // ~15 KB
export const TOOLS = Array.from({ length: 25 }, (_, i) => ({
  name: `Tool${i}`,
  description: prose(100 + i, 380),
  input_schema: {
    type: 'object',
    properties: { path: { type: 'string', description: prose(200 + i, 20) }, limit: { type: 'number' } },
    required: ['path'],
  },
}));

export function routing(over: Partial<RoutingDecision> = {}): RoutingDecision {
  return {
    rule: 'slot:sonnet',
    reason: 'claude-sonnet-4-5 → sonnet slot → anthropic/claude-sonnet-4-5',
    requestedModel: 'claude-sonnet-4-5',
    providerId: 'anthropic',
    upstreamModel: 'claude-sonnet-4-5',
    upstreamProtocol: 'anthropic',
    passthrough: true,
    fallbacks: [],
    ...over,
  };
}

export function anthropicSSE(text: string, opts: { tool?: { name: string; input: unknown }; complete?: boolean } = {}): string[] {
  const ev = (name: string, data: unknown): string => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
  const chunks = [
    ev('message_start', {
      type: 'message_start',
      message: {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [],
        stop_reason: null,
        usage: { input_tokens: 10, output_tokens: 1 },
      },
    }),
    ev('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
  ];
  for (let i = 0; i < text.length; i += 40)
    chunks.push(
      ev('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: text.slice(i, i + 40) } }),
    );
  if (opts.complete === false) return chunks;
  chunks.push(ev('content_block_stop', { type: 'content_block_stop', index: 0 }));
  if (opts.tool) {
    chunks.push(
      ev('content_block_start', {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'tool_use', id: 'toolu_1', name: opts.tool.name, input: {} },
      }),
    );
    chunks.push(
      ev('content_block_delta', {
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(opts.tool.input) },
      }),
    );
    chunks.push(ev('content_block_stop', { type: 'content_block_stop', index: 1 }));
  }
  chunks.push(
    ev('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: opts.tool ? 'tool_use' : 'end_turn' },
      usage: { output_tokens: 42 },
    }),
  );
  chunks.push(ev('message_stop', { type: 'message_stop' }));
  return chunks;
}

export interface Turn {
  body: string;
  chunks: string[];
  answer: string;
}

/** A Claude-Code-like session: system + 25 tools resent every turn, growing history. */
export function claudeCodeSession(turns: number, sessionId = '5b1e6a1c-2f0e-4d7a-9c55-8e7b8a0e1f01', seed = 7): Turn[] {
  const messages: unknown[] = [];
  const out: Turn[] = [];
  for (let t = 0; t < turns; t++) {
    const userText = t === 0 ? `Please refactor the parser module ${prose(seed, 30)}` : prose(seed * 1000 + t, 60);
    if (t > 0) {
      messages.push({
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: `toolu_${t}`, content: prose(seed * 7000 + t, 200) },
          { type: 'text', text: userText },
        ],
      });
    } else {
      messages.push({
        role: 'user',
        content: [
          { type: 'text', text: '<system-reminder>ctx</system-reminder>' },
          { type: 'text', text: userText },
        ],
      });
    }
    const body = JSON.stringify({
      model: 'claude-sonnet-4-5',
      max_tokens: 32000,
      system: [
        { type: 'text', text: 'You are Claude Code.' },
        { type: 'text', text: SYSTEM_PROMPT, cache_control: { type: 'ephemeral' } },
      ],
      tools: TOOLS,
      messages,
      metadata: { user_id: JSON.stringify({ device_id: 'd', session_id: sessionId }) },
      thinking: { type: 'adaptive' },
      stream: true,
    });
    const answer = prose(seed * 3000 + t, 80);
    out.push({ body, chunks: anthropicSSE(answer, { tool: { name: 'Tool1', input: { path: `/src/f${t}.ts` } } }), answer });
    messages.push({
      role: 'assistant',
      content: [
        { type: 'text', text: answer },
        { type: 'tool_use', id: `toolu_${t + 1}`, name: 'Tool1', input: { path: `/src/f${t}.ts` } },
      ],
    });
  }
  return out;
}

let counter = 0;

/** Emit a whole exchange the way the proxy does. */
export function emitExchange(
  sink: { emit(e: ExchangeEvent): void },
  o: {
    id?: string;
    at?: number;
    body: string;
    chunks?: string[];
    clientChunks?: string[];
    upstreamBody?: string;
    /** Upstream body recorded as an edit of the client body (passthrough with a mapped model). */
    upstreamEdit?: BodyEdit;
    /** Statuses of earlier attempts the proxy retried (same body), before the final one. */
    retriedStatuses?: number[];
    responseBody?: string;
    clientResponseBody?: string;
    session?: ExchangeEvent extends infer E ? (E extends { type: 'start'; session: infer S } ? S : never) : never;
    client?: 'claude-code' | 'codex' | 'unknown';
    routing?: RoutingDecision;
    status?: number;
    partial?: boolean;
    end?: boolean;
    headers?: Record<string, string>;
    errorMessage?: string;
    url?: string;
  },
): string {
  const id = o.id ?? `ex-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
  const at = o.at ?? Date.now();
  const r = o.routing ?? routing();
  const stream = !!o.chunks;
  sink.emit({
    type: 'start',
    exchangeId: id,
    at,
    client: o.client ?? 'claude-code',
    inboundProtocol: 'anthropic',
    method: 'POST',
    path: '/v1/messages?beta=true',
    headers: o.headers ?? { 'anthropic-version': '2023-06-01' },
    clientRequestBody: o.body,
    stream,
    session: o.session ?? {},
    routing: r,
  });
  const statuses = [...(o.retriedStatuses ?? []), o.status ?? 200];
  for (const [i, status] of statuses.entries()) {
    sink.emit({
      type: 'upstream_request',
      exchangeId: id,
      at: at + 1,
      attempt: i + 1,
      providerId: r.providerId,
      upstreamProtocol: r.upstreamProtocol,
      url: o.url ?? 'https://api.anthropic.com/v1/messages',
      ...(o.upstreamEdit
        ? { upstreamRequestBody: '', upstreamRequestEdit: o.upstreamEdit }
        : { upstreamRequestBody: o.upstreamBody ?? o.body }),
      routing: r,
    });
    if (i < statuses.length - 1)
      sink.emit({
        type: 'upstream_response',
        exchangeId: id,
        at: at + 10,
        attempt: i + 1,
        status,
        headers: { 'content-type': 'application/json' },
      });
  }
  sink.emit({
    type: 'upstream_response',
    exchangeId: id,
    at: at + 50,
    attempt: statuses.length,
    status: o.status ?? 200,
    headers: { 'content-type': stream ? 'text/event-stream' : 'application/json' },
  });
  for (const c of o.chunks ?? []) sink.emit({ type: 'upstream_chunk', exchangeId: id, at: at + 60, chunk: c });
  for (const c of o.clientChunks ?? []) sink.emit({ type: 'client_chunk', exchangeId: id, at: at + 60, chunk: c });
  if (o.end === false) return id;
  sink.emit({
    type: 'end',
    exchangeId: id,
    at: at + 200,
    status: o.status ?? 200,
    partial: o.partial ?? false,
    usage: { inputTokens: 100, outputTokens: 42, cacheReadTokens: 1000, cacheWriteTokens: 10 },
    upstreamResponseBody: o.responseBody,
    clientResponseBody: o.clientResponseBody,
    receivedAt: at,
    upstreamFirstByteAt: at + 50,
    lastByteAt: at + 200,
    streamStats: stream ? { events: (o.chunks ?? []).length, bytes: (o.chunks ?? []).join('').length, maxGapMs: 5 } : undefined,
    attempts: 1,
    finalProviderId: r.providerId,
    finalModel: r.upstreamModel,
    errorClass: (o.status ?? 200) >= 400 ? 'upstream_error' : undefined,
    errorMessage: o.errorMessage,
  });
  return id;
}
