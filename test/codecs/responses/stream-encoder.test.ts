import { describe, expect, it } from 'vitest';
import { openaiResponsesCodec as codec } from '../../../src/proxy/codecs/openai-responses';
import type { IRStreamEvent, IRTool } from '../../../src/shared/ir';
import { checkResponsesStream } from '../grammar/responses';
import { clientCtx, encodeIR, eventData, parseSSE, prefixNameMap } from './helpers';

type Ev = Record<string, unknown>;

function run(events: IRStreamEvent[], ctx = clientCtx()): { sse: string; evs: Ev[] } {
  const sse = encodeIR(events, ctx);
  const parsed = parseSSE(sse);
  expect(checkResponsesStream(parsed)).toEqual([]);
  return { sse, evs: eventData(parsed) };
}

const types = (evs: Ev[]): string[] => evs.map((e) => e.type as string);
const last = (evs: Ev[]): Ev => evs[evs.length - 1]!;
const doneItems = (evs: Ev[]): Ev[] => evs.filter((e) => e.type === 'response.output_item.done').map((e) => e.item as Ev);

/** An Anthropic-lane turn: thinking (signed), text, a tool call; usage in Anthropic convention. */
const anthropicTurn: IRStreamEvent[] = [
  {
    type: 'start',
    id: 'msg_01ABC',
    model: 'claude-sonnet-4-5',
    usage: { inputTokens: 100, cacheReadTokens: 900, cacheWriteTokens: 50, outputTokens: 1 },
  },
  { type: 'block_start', index: 0, block: { type: 'thinking', provenance: 'anthropic' } },
  { type: 'thinking_delta', index: 0, text: 'Let me ' },
  { type: 'thinking_delta', index: 0, text: 'check.' },
  { type: 'signature_delta', index: 0, signature: 'EqQBCkYIBxgC' },
  { type: 'block_stop', index: 0 },
  { type: 'ping' },
  { type: 'block_start', index: 1, block: { type: 'text' } },
  { type: 'text_delta', index: 1, text: 'I will run ' },
  { type: 'text_delta', index: 1, text: '' },
  { type: 'text_delta', index: 1, text: 'the tests — 🚀' },
  { type: 'block_stop', index: 1 },
  { type: 'block_start', index: 2, block: { type: 'tool_use', id: 'toolu_01', name: 'x_shell_command' } },
  { type: 'tool_input_delta', index: 2, partialJson: '{"command":' },
  { type: 'tool_input_delta', index: 2, partialJson: '"npm test"}' },
  { type: 'block_stop', index: 2 },
  { type: 'usage', usage: { outputTokens: 42 } },
  { type: 'stop', stopReason: 'tool_use' },
  { type: 'end' },
];

describe('Responses stream encoder (what Codex reads)', () => {
  it('encodes a full turn in the exact event order Codex expects', () => {
    const { sse, evs } = run(anthropicTurn, clientCtx(undefined, prefixNameMap('x_')));
    expect(sse.startsWith('event: response.created\ndata: {"type":"response.created","sequence_number":0,')).toBe(true);
    expect(types(evs)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(evs.map((e) => e.sequence_number)).toEqual(evs.map((_, i) => i));
    const [reasoning, message, call] = doneItems(evs);
    // Anthropic thinking → summary-only reasoning; the signature never leaves Anthropic lanes.
    expect(reasoning).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: 'Let me check.' }] });
    expect(reasoning).not.toHaveProperty('encrypted_content');
    expect(sse).not.toContain('EqQBCkYIBxgC');
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: 'I will run the tests — 🚀', annotations: [] }],
    });
    expect(call).toMatchObject({
      type: 'function_call',
      call_id: 'toolu_01',
      name: 'shell_command',
      arguments: '{"command":"npm test"}',
      status: 'completed',
    });
    expect(String(call!.id)).toMatch(/^fc_/);
    const resp = last(evs).response as Ev;
    expect(resp.id).toBe('resp_msg_01ABC');
    expect(resp.model).toBe('gpt-5.1-codex');
    expect(resp.status).toBe('completed');
    // IR input excludes cache; Responses input includes cache reads and writes.
    expect(resp.usage).toEqual({
      input_tokens: 1050,
      input_tokens_details: { cached_tokens: 900 },
      output_tokens: 42,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 1092,
    });
  });

  it('keeps encrypted reasoning and item ids from a Responses lane', () => {
    const { evs } = run([
      { type: 'start', id: 'resp_up', model: 'm' },
      { type: 'block_start', index: 0, block: { type: 'thinking', provenance: 'openai-responses', itemId: 'rs_up_1' } },
      { type: 'encrypted_reasoning', index: 0, encryptedContent: 'ENC==' },
      { type: 'block_stop', index: 0 },
      { type: 'block_start', index: 1, block: { type: 'tool_use', id: 'call_1', name: 'f', itemId: 'fc_up_1' } },
      { type: 'block_stop', index: 1 },
      { type: 'stop', stopReason: 'tool_use' },
      { type: 'end' },
    ]);
    const [rs, fc] = doneItems(evs);
    expect(rs).toEqual({ id: 'rs_up_1', type: 'reasoning', summary: [], encrypted_content: 'ENC==' });
    // No arguments streamed: the item still carries valid JSON, matching its deltas.
    expect(fc).toMatchObject({ id: 'fc_up_1', call_id: 'call_1', arguments: '{}' });
    expect((last(evs).response as Ev).id).toBe('resp_up');
  });

  it('never forwards encrypted content minted by another protocol', () => {
    const { evs } = run([
      { type: 'start', id: 'a', model: 'm' },
      { type: 'block_start', index: 0, block: { type: 'thinking', provenance: 'anthropic' } },
      { type: 'encrypted_reasoning', index: 0, encryptedContent: 'FOREIGN' },
      { type: 'block_stop', index: 0 },
      { type: 'end' },
    ]);
    expect(doneItems(evs)).toEqual([]);
  });

  it('emits no items for empty text / thinking blocks, redacted thinking, opaque and server tool blocks', () => {
    const { evs } = run([
      { type: 'start', id: 'a', model: 'm' },
      { type: 'block_start', index: 0, block: { type: 'text' } },
      { type: 'text_delta', index: 0, text: '' },
      { type: 'block_stop', index: 0 },
      { type: 'block_start', index: 1, block: { type: 'thinking', provenance: 'anthropic' } },
      { type: 'block_stop', index: 1 },
      { type: 'block_start', index: 2, block: { type: 'redacted_thinking', data: 'xx' } },
      { type: 'block_stop', index: 2 },
      { type: 'block_start', index: 3, block: { type: 'tool_use', id: 'srv', name: 'web_search', server: true } },
      { type: 'tool_input_delta', index: 3, partialJson: '{"query":"x"}' },
      { type: 'block_stop', index: 3 },
      { type: 'block_start', index: 4, block: { type: 'opaque', provenance: 'anthropic', raw: { type: 'web_search_tool_result' } } },
      { type: 'block_stop', index: 4 },
      { type: 'block_start', index: 5, block: { type: 'text' } },
      { type: 'text_delta', index: 5, text: 'ok' },
      { type: 'block_stop', index: 5 },
      { type: 'end' },
    ]);
    const items = doneItems(evs);
    expect(items).toHaveLength(1);
    expect(evs.find((e) => e.type === 'response.output_item.added')!.output_index).toBe(0);
  });

  it('turns a custom (freeform) tool call back into custom_tool_call with the raw input', () => {
    const tools: IRTool[] = [{ name: 'apply_patch', inputSchema: {}, custom: { format: { type: 'grammar' } } }];
    const patch = '*** Begin Patch\n*** Add File: a.txt\n+héllo\n*** End Patch\n';
    const json = JSON.stringify({ input: patch });
    const { evs } = run(
      [
        { type: 'start', id: 'a', model: 'm' },
        { type: 'block_start', index: 0, block: { type: 'tool_use', id: 'call_9', name: 'apply_patch' } },
        { type: 'tool_input_delta', index: 0, partialJson: json.slice(0, 7) },
        { type: 'tool_input_delta', index: 0, partialJson: json.slice(7) },
        { type: 'block_stop', index: 0 },
        { type: 'stop', stopReason: 'tool_use' },
        { type: 'end' },
      ],
      clientCtx(tools),
    );
    expect(types(evs)).toContain('response.custom_tool_call_input.done');
    expect(doneItems(evs)[0]).toMatchObject({ type: 'custom_tool_call', call_id: 'call_9', name: 'apply_patch', input: patch });
  });

  it('closes open blocks and completes when the lane ends without block_stop or end', () => {
    const enc = codec.createStreamEncoder(clientCtx());
    let s = enc.push({ type: 'start', id: 'a', model: 'm' });
    s += enc.push({ type: 'block_start', index: 0, block: { type: 'text' } });
    s += enc.push({ type: 'text_delta', index: 0, text: 'partial' });
    expect(enc.closed).toBe(false);
    s += enc.finish();
    expect(enc.closed).toBe(true);
    expect(enc.finish()).toBe('');
    expect(enc.push({ type: 'text_delta', index: 0, text: 'late' })).toBe('');
    const evs = parseSSE(s);
    expect(checkResponsesStream(evs)).toEqual([]);
    expect(doneItems(eventData(evs))[0]).toMatchObject({ content: [{ text: 'partial' }] });
  });

  it('synthesizes response.created when the first event is not start, and opens blocks for stray deltas', () => {
    const { evs } = run([{ type: 'text_delta', index: 3, text: 'hi' }, { type: 'thinking_delta', index: 4, text: 'hmm' }, { type: 'end' }]);
    expect(types(evs)[0]).toBe('response.created');
    expect(String((evs[0]!.response as Ev).id)).toMatch(/^resp_/);
    expect(doneItems(evs).map((i) => i.type)).toEqual(['message', 'reasoning']);
  });

  it('reports max_tokens and refusal as incomplete status inside response.completed', () => {
    const max = run([{ type: 'start', id: 'a', model: 'm' }, { type: 'stop', stopReason: 'max_tokens' }, { type: 'end' }]).evs;
    expect(last(max).type).toBe('response.completed');
    expect(last(max).response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    const refusal = run([{ type: 'start', id: 'a', model: 'm' }, { type: 'stop', stopReason: 'refusal' }, { type: 'end' }]).evs;
    expect(last(refusal).response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'content_filter' } });
  });

  it.each([
    [{ type: 'rate_limit_error', message: 'slow down', status: 429 }, 'rate_limit_exceeded'],
    [
      { type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum', status: 400 },
      'context_length_exceeded',
    ],
    [{ type: 'invalid_request_error', message: 'x', code: 'context_length_exceeded' }, 'context_length_exceeded'],
    [{ type: 'overloaded_error', message: 'Overloaded', status: 529 }, 'server_is_overloaded'],
    [{ type: 'api_error', message: 'boom' }, 'server_error'],
    [{ type: 'billing_error', message: 'pay', status: 402 }, 'insufficient_quota'],
  ])('mid-stream error %j → response.failed with code %s', (error, code) => {
    const { evs } = run([
      { type: 'start', id: 'a', model: 'm' },
      { type: 'block_start', index: 0, block: { type: 'text' } },
      { type: 'text_delta', index: 0, text: 'half' },
      { type: 'error', error },
      { type: 'text_delta', index: 0, text: 'ignored' },
    ]);
    expect(last(evs).type).toBe('response.failed');
    expect(last(evs).response).toMatchObject({ status: 'failed', error: { code, message: error.message } });
  });

  it('fail() before anything was sent still yields a valid stream', () => {
    const enc = codec.createStreamEncoder(clientCtx());
    const s = enc.fail({ type: 'timeout_error', message: 'upstream timed out', status: 504 });
    expect(enc.closed).toBe(true);
    const evs = parseSSE(s);
    expect(checkResponsesStream(evs)).toEqual([]);
    expect(types(eventData(evs))).toEqual(['response.created', 'response.in_progress', 'response.failed']);
  });

  it('a stop reason of error becomes response.failed', () => {
    const { evs } = run([{ type: 'start', id: 'a', model: 'm' }, { type: 'stop', stopReason: 'error' }, { type: 'end' }]);
    expect(last(evs).type).toBe('response.failed');
  });

  it('falls back to the estimated input tokens when the lane reported none', () => {
    const ctx = { ...clientCtx(), estimatedInputTokens: 777 };
    const { evs } = run([{ type: 'start', id: 'a', model: 'm' }, { type: 'usage', usage: { outputTokens: 3 } }, { type: 'end' }], ctx);
    expect((last(evs).response as Ev).usage).toMatchObject({ input_tokens: 777, output_tokens: 3, total_tokens: 780 });
  });
});

describe('Responses stream encoder: Responses-only items', () => {
  it('passes web_search_call items from a Responses lane through whole', () => {
    const raw = { id: 'ws_1', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'weather' } };
    const { evs } = run([
      { type: 'start', id: 'a', model: 'm' },
      { type: 'block_start', index: 0, block: { type: 'opaque', provenance: 'openai-responses', raw } },
      { type: 'block_stop', index: 0 },
      { type: 'end' },
    ]);
    expect(doneItems(evs)).toEqual([raw]);
  });
});
