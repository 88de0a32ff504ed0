/**
 * Wire shapes for the mock upstream: request facts, streams (real event order per protocol,
 * with usage) and JSON bodies for Anthropic Messages, OpenAI Chat and OpenAI Responses.
 */
import { splitText, textOf, type ReplyPlan, type RequestFacts } from './replies';

export type MockProtocol = 'anthropic' | 'openai-chat' | 'openai-responses';

type Obj = Record<string, unknown>;
const sse = (event: string | undefined, data: unknown): string =>
  (event ? `event: ${event}\n` : '') + `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

export function factsOf(protocol: MockProtocol, body: Obj, rawLength: number): RequestFacts {
  const facts: RequestFacts = { tools: [], hasToolResult: false, lastUserText: '', toolResultText: '', bodyChars: rawLength };
  const tools = Array.isArray(body.tools) ? (body.tools as Obj[]) : [];
  if (protocol === 'anthropic') {
    for (const t of tools) {
      if (t.type !== undefined && t.type !== 'custom') continue; // server tools (web_search_…)
      facts.tools.push({ name: String(t.name), schema: (t.input_schema ?? {}) as Obj });
    }
    const msgs = Array.isArray(body.messages) ? (body.messages as Obj[]) : [];
    const last = msgs[msgs.length - 1];
    if (last && last.role === 'user') {
      const blocks = Array.isArray(last.content) ? (last.content as Obj[]) : [];
      const results = blocks.filter((b) => b.type === 'tool_result');
      facts.hasToolResult = results.length > 0;
      facts.toolResultText = results.map((r) => textOf(r.content)).join('\n');
      facts.lastUserText = textOf(blocks.filter((b) => b.type === 'text')) || (typeof last.content === 'string' ? last.content : '');
    }
  } else if (protocol === 'openai-chat') {
    for (const t of tools) {
      const fn = (t.function ?? {}) as Obj;
      if (fn.name) facts.tools.push({ name: String(fn.name), schema: (fn.parameters ?? {}) as Obj });
    }
    const msgs = Array.isArray(body.messages) ? (body.messages as Obj[]) : [];
    const last = msgs[msgs.length - 1];
    if (last?.role === 'tool') {
      facts.hasToolResult = true;
      facts.toolResultText = textOf(last.content);
    } else if (last?.role === 'user') facts.lastUserText = textOf(last.content);
  } else {
    for (const t of tools)
      if (t.type === 'function' && t.name) facts.tools.push({ name: String(t.name), schema: (t.parameters ?? {}) as Obj });
    if (typeof body.input === 'string') facts.lastUserText = body.input;
    else if (Array.isArray(body.input)) {
      const items = body.input as Obj[];
      const last = items[items.length - 1];
      if (last?.type === 'function_call_output' || last?.type === 'custom_tool_call_output') {
        facts.hasToolResult = true;
        facts.toolResultText = typeof last.output === 'string' ? last.output : JSON.stringify(last.output);
      } else if (last && (last.type === 'message' || last.role === 'user')) facts.lastUserText = textOf(last.content);
    }
  }
  return facts;
}

// ---------------------------------------------------------------- Anthropic Messages

function anthropicUsage(p: ReplyPlan, output: number): Obj {
  return { input_tokens: p.inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: p.cacheReadTokens, output_tokens: output };
}

export function anthropicJson(p: ReplyPlan, model: string): Obj {
  const content =
    p.kind === 'tool'
      ? [{ type: 'tool_use', id: `toolu_${p.id}`, name: p.toolName, input: JSON.parse(p.toolArgs) }]
      : [{ type: 'text', text: p.text }];
  return {
    id: `msg_${p.id}`,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: p.kind === 'tool' ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: anthropicUsage(p, p.outputTokens),
  };
}

export function anthropicStream(p: ReplyPlan, model: string, deltas: number): string[] {
  const out: string[] = [];
  out.push(
    sse('message_start', {
      type: 'message_start',
      message: {
        id: `msg_${p.id}`,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: anthropicUsage(p, 1),
      },
    }),
  );
  if (p.kind === 'tool') {
    out.push(
      sse('content_block_start', {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'tool_use', id: `toolu_${p.id}`, name: p.toolName, input: {} },
      }),
    );
    out.push(sse('ping', { type: 'ping' }));
    for (const part of splitText(p.toolArgs, deltas))
      out.push(
        sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: part } }),
      );
  } else {
    out.push(sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }));
    out.push(sse('ping', { type: 'ping' }));
    for (const part of splitText(p.text, deltas))
      out.push(sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: part } }));
  }
  out.push(sse('content_block_stop', { type: 'content_block_stop', index: 0 }));
  out.push(
    sse('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: p.kind === 'tool' ? 'tool_use' : 'end_turn', stop_sequence: null },
      usage: { output_tokens: p.outputTokens },
    }),
  );
  out.push(sse('message_stop', { type: 'message_stop' }));
  return out;
}

const ANTHROPIC_ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

export function anthropicError(status: number, message: string): Obj {
  return { type: 'error', error: { type: ANTHROPIC_ERROR_TYPES[status] ?? 'api_error', message } };
}

export function anthropicStreamError(message: string): string {
  return sse('error', { type: 'error', error: { type: 'api_error', message } });
}

// ---------------------------------------------------------------- OpenAI Chat Completions

function chatUsage(p: ReplyPlan): Obj {
  return {
    prompt_tokens: p.inputTokens + p.cacheReadTokens,
    completion_tokens: p.outputTokens,
    total_tokens: p.inputTokens + p.cacheReadTokens + p.outputTokens,
    prompt_tokens_details: { cached_tokens: p.cacheReadTokens },
  };
}

export function chatJson(p: ReplyPlan, model: string): Obj {
  const message: Obj =
    p.kind === 'tool'
      ? {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: p.callId, type: 'function', function: { name: p.toolName, arguments: p.toolArgs } }],
        }
      : { role: 'assistant', content: p.text };
  return {
    id: `chatcmpl-${p.id}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, finish_reason: p.kind === 'tool' ? 'tool_calls' : 'stop' }],
    usage: chatUsage(p),
  };
}

export function chatStream(p: ReplyPlan, model: string, deltas: number, includeUsage: boolean): string[] {
  const base = { id: `chatcmpl-${p.id}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model };
  const chunk = (delta: Obj, finish: string | null = null): string =>
    sse(undefined, { ...base, choices: [{ index: 0, delta, finish_reason: finish }] });
  const out: string[] = [chunk({ role: 'assistant', content: '' })];
  if (p.kind === 'tool') {
    out.push(chunk({ tool_calls: [{ index: 0, id: p.callId, type: 'function', function: { name: p.toolName, arguments: '' } }] }));
    for (const part of splitText(p.toolArgs, deltas)) out.push(chunk({ tool_calls: [{ index: 0, function: { arguments: part } }] }));
    out.push(chunk({}, 'tool_calls'));
  } else {
    for (const part of splitText(p.text, deltas)) out.push(chunk({ content: part }));
    out.push(chunk({}, 'stop'));
  }
  if (includeUsage) out.push(sse(undefined, { ...base, choices: [], usage: chatUsage(p) }));
  out.push('data: [DONE]\n\n');
  return out;
}

export function openaiError(status: number, message: string): Obj {
  const code =
    status === 429 ? 'rate_limit_exceeded' : status === 401 ? 'invalid_api_key' : status >= 500 ? 'server_error' : 'invalid_request_error';
  const type = status === 429 ? 'rate_limit_error' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message, type, code, param: null } };
}

export function chatStreamError(message: string): string {
  return sse(undefined, { error: { message, type: 'server_error', code: 'server_error' } });
}

// ---------------------------------------------------------------- OpenAI Responses

function responsesUsage(p: ReplyPlan): Obj {
  return {
    input_tokens: p.inputTokens + p.cacheReadTokens,
    input_tokens_details: { cached_tokens: p.cacheReadTokens },
    output_tokens: p.outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: p.inputTokens + p.cacheReadTokens + p.outputTokens,
  };
}

function responsesItem(p: ReplyPlan, status: string): Obj {
  return p.kind === 'tool'
    ? {
        type: 'function_call',
        id: `fc_${p.id}`,
        call_id: p.callId,
        name: p.toolName,
        arguments: status === 'completed' ? p.toolArgs : '',
        status,
      }
    : {
        type: 'message',
        id: `msg_${p.id}`,
        role: 'assistant',
        status,
        content: status === 'completed' ? [{ type: 'output_text', text: p.text, annotations: [] }] : [],
      };
}

function responseObject(p: ReplyPlan, model: string, status: string): Obj {
  return {
    id: `resp_${p.id}`,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status,
    model,
    output: status === 'completed' ? [responsesItem(p, 'completed')] : [],
    usage: status === 'completed' ? responsesUsage(p) : null,
    error: null,
  };
}

export function responsesJson(p: ReplyPlan, model: string): Obj {
  return responseObject(p, model, 'completed');
}

export function responsesStream(p: ReplyPlan, model: string, deltas: number): string[] {
  let n = 0;
  const ev = (type: string, data: Obj): string => sse(type, { type, sequence_number: n++, ...data });
  const out: string[] = [
    ev('response.created', { response: responseObject(p, model, 'in_progress') }),
    ev('response.in_progress', { response: responseObject(p, model, 'in_progress') }),
    ev('response.output_item.added', { output_index: 0, item: responsesItem(p, 'in_progress') }),
  ];
  if (p.kind === 'tool') {
    for (const part of splitText(p.toolArgs, deltas))
      out.push(ev('response.function_call_arguments.delta', { item_id: `fc_${p.id}`, output_index: 0, delta: part }));
    out.push(ev('response.function_call_arguments.done', { item_id: `fc_${p.id}`, output_index: 0, arguments: p.toolArgs }));
  } else {
    const ids = { item_id: `msg_${p.id}`, output_index: 0, content_index: 0 };
    out.push(ev('response.content_part.added', { ...ids, part: { type: 'output_text', text: '', annotations: [] } }));
    for (const part of splitText(p.text, deltas)) out.push(ev('response.output_text.delta', { ...ids, delta: part }));
    out.push(ev('response.output_text.done', { ...ids, text: p.text }));
    out.push(ev('response.content_part.done', { ...ids, part: { type: 'output_text', text: p.text, annotations: [] } }));
  }
  out.push(ev('response.output_item.done', { output_index: 0, item: responsesItem(p, 'completed') }));
  out.push(ev('response.completed', { response: responseObject(p, model, 'completed') }));
  return out;
}

export function responsesStreamError(message: string): string {
  return sse('response.failed', {
    type: 'response.failed',
    response: { id: 'resp_failed', object: 'response', status: 'failed', error: { code: 'server_error', message }, output: [] },
  });
}
