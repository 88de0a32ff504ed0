/**
 * A scripted upstream speaking the three wire protocols Switchyard's lanes use (Anthropic
 * Messages, OpenAI Chat Completions, OpenAI Responses), streamed and not. It records every
 * request (path, headers, body) so the tests can see what reached the "provider" — the lane
 * key, never the client's token — and what the real clients sent.
 *
 * Stateless conversation script, decided from the request alone:
 * - the last turn carries a tool result → answer text `RESULT-SEEN <result excerpt>` (proves
 *   the client really ran the tool and sent its output back);
 * - otherwise, when the test's tool plan picks a tool from the offered ones → call it;
 * - otherwise → answer `reply` text.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type WireProtocol = 'anthropic' | 'openai-chat' | 'openai-responses';

export interface RecordedRequest {
  method: string;
  url: string;
  protocol: WireProtocol | null;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body (undefined for bodiless requests). */
  body: Record<string, unknown> | undefined;
  rawLength: number;
}

export interface ToolPlan {
  name: string;
  input: Record<string, unknown>;
}

export interface ScriptContext {
  protocol: WireProtocol;
  toolNames: string[];
  body: Record<string, unknown>;
}

export interface ScriptedUpstreamOptions {
  /** Text answered when no tool is called. */
  reply?: string;
  /** Picks the tool call for a turn that does not end in a tool result (null: answer text). */
  toolPlan?: (ctx: ScriptContext) => ToolPlan | null;
}

export interface ScriptedUpstream {
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Requests that asked for a completion (not HEAD / models / count_tokens). */
  turns(): RecordedRequest[];
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
type Answer = { kind: 'text'; text: string } | { kind: 'tool'; plan: ToolPlan };

export const RESULT_PREFIX = 'RESULT-SEEN';

function protocolOf(url: string): WireProtocol | null {
  const p = url.split('?')[0]!;
  if (p.endsWith('/messages') || p.endsWith('/message')) return 'anthropic';
  if (p.endsWith('/chat/completions')) return 'openai-chat';
  if (p.endsWith('/responses')) return 'openai-responses';
  return null;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content.map((c) => (c && typeof c === 'object' && 'text' in c ? String((c as Json).text) : '')).join('');
  return '';
}

/** The tool result in the request's last turn, if that turn is one. */
export function lastToolResult(protocol: WireProtocol, body: Json): string | null {
  if (protocol === 'anthropic') {
    const msgs = (body.messages as Json[] | undefined) ?? [];
    // Claude Code may append a role:"system" reminder after the user turn: look at the last user turn.
    const last = [...msgs].reverse().find((m) => m.role === 'user' || m.role === 'assistant');
    if (!last || last.role !== 'user' || !Array.isArray(last.content)) return null;
    const tr = (last.content as Json[]).find((b) => b.type === 'tool_result');
    return tr ? textOf(tr.content) : null;
  }
  if (protocol === 'openai-chat') {
    const msgs = (body.messages as Json[] | undefined) ?? [];
    const last = [...msgs].reverse().find((m) => m.role !== 'system' && m.role !== 'developer');
    return last?.role === 'tool' ? textOf(last.content) : null;
  }
  const input = body.input;
  if (!Array.isArray(input)) return null;
  const last = [...(input as Json[])].reverse().find((i) => !(i.type === 'message' && i.role === 'developer'));
  if (last && (last.type === 'function_call_output' || last.type === 'custom_tool_call_output')) return textOf(last.output);
  return null;
}

function toolNames(protocol: WireProtocol, body: Json): string[] {
  const tools = (body.tools as Json[] | undefined) ?? [];
  return tools
    .map((t) => (protocol === 'openai-chat' ? ((t.function as Json | undefined)?.name ?? t.name) : t.name))
    .filter((n): n is string => typeof n === 'string');
}

/** The mock's token count for a request body of `chars` characters. */
export const estimateTokens = (chars: number) => Math.max(1, Math.round(chars / 4));

function anthropicEvents(model: string, answer: Answer, inTok: number): Json[] {
  const usage = { input_tokens: inTok, output_tokens: 1, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
  const ev: Json[] = [
    {
      type: 'message_start',
      message: { id: 'msg_mock_1', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage },
    },
  ];
  if (answer.kind === 'text') {
    ev.push({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    const mid = Math.ceil(answer.text.length / 2);
    ev.push({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: answer.text.slice(0, mid) } });
    ev.push({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: answer.text.slice(mid) } });
  } else {
    ev.push({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'tool_use', id: 'toolu_mock_1', name: answer.plan.name, input: {} },
    });
    ev.push({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'input_json_delta', partial_json: JSON.stringify(answer.plan.input) },
    });
  }
  ev.push({ type: 'content_block_stop', index: 0 });
  ev.push({
    type: 'message_delta',
    delta: { stop_reason: answer.kind === 'tool' ? 'tool_use' : 'end_turn', stop_sequence: null },
    usage: { output_tokens: 7 },
  });
  ev.push({ type: 'message_stop' });
  return ev;
}

function anthropicMessage(model: string, answer: Answer, inTok: number): Json {
  const content =
    answer.kind === 'text'
      ? [{ type: 'text', text: answer.text }]
      : [{ type: 'tool_use', id: 'toolu_mock_1', name: answer.plan.name, input: answer.plan.input }];
  return {
    id: 'msg_mock_1',
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: answer.kind === 'tool' ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: inTok, output_tokens: 7, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
  };
}

function chatChunks(model: string, answer: Answer, inTok: number): Json[] {
  const base = { id: 'chatcmpl-mock-1', object: 'chat.completion.chunk', created: 1, model };
  const chunk = (delta: Json, finish: string | null = null) => ({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] });
  const out: Json[] = [chunk({ role: 'assistant', content: '' })];
  if (answer.kind === 'text') {
    const mid = Math.ceil(answer.text.length / 2);
    out.push(chunk({ content: answer.text.slice(0, mid) }), chunk({ content: answer.text.slice(mid) }), chunk({}, 'stop'));
  } else {
    const args = JSON.stringify(answer.plan.input);
    const cut = Math.ceil(args.length / 2);
    out.push(
      chunk({ tool_calls: [{ index: 0, id: 'call_mock_1', type: 'function', function: { name: answer.plan.name, arguments: '' } }] }),
    );
    out.push(chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, cut) } }] }));
    out.push(chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(cut) } }] }));
    out.push(chunk({}, 'tool_calls'));
  }
  out.push({ ...base, choices: [], usage: { prompt_tokens: inTok, completion_tokens: 7, total_tokens: inTok + 7 } });
  return out;
}

function chatCompletion(model: string, answer: Answer, inTok: number): Json {
  const message =
    answer.kind === 'text'
      ? { role: 'assistant', content: answer.text }
      : {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_mock_1', type: 'function', function: { name: answer.plan.name, arguments: JSON.stringify(answer.plan.input) } },
          ],
        };
  return {
    id: 'chatcmpl-mock-1',
    object: 'chat.completion',
    created: 1,
    model,
    choices: [{ index: 0, message, finish_reason: answer.kind === 'tool' ? 'tool_calls' : 'stop' }],
    usage: { prompt_tokens: inTok, completion_tokens: 7, total_tokens: inTok + 7 },
  };
}

function responsesItem(answer: Answer): Json {
  if (answer.kind === 'text') {
    return {
      id: 'msg_mock_1',
      type: 'message',
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: answer.text, annotations: [] }],
    };
  }
  return {
    id: 'fc_mock_1',
    type: 'function_call',
    status: 'completed',
    call_id: 'call_mock_1',
    name: answer.plan.name,
    arguments: JSON.stringify(answer.plan.input),
  };
}

function responsesObject(model: string, answer: Answer, inTok: number, status: string): Json {
  return {
    id: 'resp_mock_1',
    object: 'response',
    created_at: 1,
    status,
    model,
    output: status === 'completed' ? [responsesItem(answer)] : [],
    usage:
      status === 'completed'
        ? {
            input_tokens: inTok,
            input_tokens_details: { cached_tokens: 0 },
            output_tokens: 7,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: inTok + 7,
          }
        : null,
  };
}

function responsesEvents(model: string, answer: Answer, inTok: number): Json[] {
  const item = responsesItem(answer);
  const ev: Json[] = [{ type: 'response.created', response: responsesObject(model, answer, inTok, 'in_progress') }];
  if (answer.kind === 'text') {
    ev.push({ type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress', content: [] } });
    ev.push({
      type: 'response.content_part.added',
      output_index: 0,
      item_id: item.id,
      content_index: 0,
      part: { type: 'output_text', text: '', annotations: [] },
    });
    ev.push({ type: 'response.output_text.delta', output_index: 0, item_id: item.id, content_index: 0, delta: answer.text });
    ev.push({ type: 'response.output_text.done', output_index: 0, item_id: item.id, content_index: 0, text: answer.text });
    ev.push({
      type: 'response.content_part.done',
      output_index: 0,
      item_id: item.id,
      content_index: 0,
      part: { type: 'output_text', text: answer.text, annotations: [] },
    });
  } else {
    ev.push({ type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress', arguments: '' } });
    ev.push({ type: 'response.function_call_arguments.delta', output_index: 0, item_id: item.id, delta: item.arguments });
    ev.push({ type: 'response.function_call_arguments.done', output_index: 0, item_id: item.id, arguments: item.arguments });
  }
  ev.push({ type: 'response.output_item.done', output_index: 0, item });
  ev.push({ type: 'response.completed', response: responsesObject(model, answer, inTok, 'completed') });
  return ev.map((e, i) => ({ ...e, sequence_number: i }));
}

function sse(res: http.ServerResponse, events: Json[], named: boolean, done: boolean): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const e of events) res.write(`${named ? `event: ${String(e.type)}\n` : ''}data: ${JSON.stringify(e)}\n\n`);
  if (done) res.write('data: [DONE]\n\n');
  res.end();
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startScriptedUpstream(opts: ScriptedUpstreamOptions = {}): Promise<ScriptedUpstream> {
  const requests: RecordedRequest[] = [];
  const reply = opts.reply ?? 'HELLO-FROM-MOCK';

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Json | undefined;
      try {
        body = raw ? (JSON.parse(raw) as Json) : undefined;
      } catch {
        body = undefined;
      }
      const url = req.url ?? '/';
      const protocol = protocolOf(url);
      requests.push({ method: req.method ?? 'GET', url, protocol, headers: req.headers, body, rawLength: raw.length });

      if (req.method === 'HEAD') return void res.writeHead(200).end();
      if (req.method === 'GET' && url.split('?')[0]!.endsWith('/models')) return json(res, 200, { object: 'list', data: [] });
      if (url.split('?')[0]!.endsWith('/count_tokens')) return json(res, 200, { input_tokens: estimateTokens(raw.length) });
      if (req.method !== 'POST' || !protocol || !body)
        return json(res, 404, { error: { type: 'not_found_error', message: `mock: no route ${req.method} ${url}` } });

      const model = typeof body.model === 'string' ? body.model : 'mock-model';
      const inTok = estimateTokens(raw.length);
      const result = lastToolResult(protocol, body);
      let answer: Answer;
      if (result !== null) answer = { kind: 'text', text: `${RESULT_PREFIX} ${result.replace(/\s+/g, ' ').trim().slice(0, 300)}` };
      else {
        const plan = opts.toolPlan?.({ protocol, toolNames: toolNames(protocol, body), body }) ?? null;
        answer = plan ? { kind: 'tool', plan } : { kind: 'text', text: reply };
      }
      const stream = body.stream === true;
      if (protocol === 'anthropic') {
        if (stream) sse(res, anthropicEvents(model, answer, inTok), true, false);
        else json(res, 200, anthropicMessage(model, answer, inTok));
      } else if (protocol === 'openai-chat') {
        if (stream) sse(res, chatChunks(model, answer, inTok), false, true);
        else json(res, 200, chatCompletion(model, answer, inTok));
      } else if (stream) sse(res, responsesEvents(model, answer, inTok), true, false);
      else json(res, 200, responsesObject(model, answer, inTok, 'completed'));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    turns: () => requests.filter((r) => r.method === 'POST' && r.protocol !== null && !r.url.includes('count_tokens')),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
