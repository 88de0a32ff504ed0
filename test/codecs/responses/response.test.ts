import { describe, expect, it } from 'vitest';
import { openaiResponsesCodec as codec } from '../../../src/proxy/codecs/openai-responses';
import type { IRResponse } from '../../../src/shared/ir';
import { clientCtx, fixtureJson, prefixNameMap } from './helpers';

describe('Responses non-stream bodies', () => {
  it('decodes a response object: items, stop reason and usage (cached excluded from input)', () => {
    const ir = codec.decodeResponse(fixtureJson('upstream-response.json'));
    expect(ir.id).toBe('resp_up_1');
    expect(ir.stopReason).toBe('tool_use');
    expect(ir.usage).toEqual({ inputTokens: 4000, outputTokens: 300, cacheReadTokens: 8000, cacheWriteTokens: 0, reasoningTokens: 120 });
    expect(ir.content.map((b) => b.type)).toEqual(['thinking', 'text', 'tool_use']);
    expect(ir.content[0]).toMatchObject({
      provenance: 'openai-responses',
      itemId: 'rs_up_1',
      encryptedContent: 'gAAAAABpUPSTREAMencrypted==',
      summary: ['**Planning** the fix ✓', 'Second part.'],
    });
    expect(ir.content[2]).toMatchObject({ id: 'call_up_3', itemId: 'fc_up_3', input: { command: 'npm test', workdir: '/tmp/project' } });
  });

  it('maps incomplete / refusal statuses to stop reasons', () => {
    expect(
      codec.decodeResponse({ id: 'r', status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [] }).stopReason,
    ).toBe('max_tokens');
    expect(
      codec.decodeResponse({ id: 'r', status: 'incomplete', incomplete_details: { reason: 'content_filter' }, output: [] }).stopReason,
    ).toBe('refusal');
    const refusal = codec.decodeResponse({
      id: 'r',
      status: 'completed',
      output: [{ type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: 'no' }] }],
    });
    expect(refusal.stopReason).toBe('refusal');
    expect(refusal.content).toEqual([{ type: 'text', text: 'no' }]);
    expect(() => codec.decodeResponse('nope')).toThrow();
  });

  it('round-trips decode → encode keeping items and usage', () => {
    const body = fixtureJson('upstream-response.json') as Record<string, unknown>;
    const out = codec.encodeResponse(codec.decodeResponse(body), clientCtx());
    expect(out.object).toBe('response');
    expect(out.status).toBe('completed');
    expect(out.model).toBe('gpt-5.1-codex');
    expect(out.usage).toEqual(body.usage);
    const items = out.output as Array<Record<string, unknown>>;
    expect(items[0]).toEqual((body.output as unknown[])[0]);
    expect(items[1]).toMatchObject({ type: 'message', content: [{ type: 'output_text', text: 'Running the tests now — 日本語 🚀.' }] });
    expect(items[2]).toMatchObject({
      id: 'fc_up_3',
      call_id: 'call_up_3',
      name: 'shell_command',
      arguments: '{"command":"npm test","workdir":"/tmp/project"}',
    });
  });

  it('encodes an Anthropic-lane response for Codex: merged text, summary reasoning, mapped tool names, custom tools', () => {
    const res: IRResponse = {
      id: 'msg_01',
      model: 'claude',
      content: [
        { type: 'thinking', text: 'think', provenance: 'anthropic', signature: 'SIG' },
        { type: 'text', text: 'a' },
        { type: 'text', text: 'b' },
        { type: 'tool_use', id: 'toolu_1', name: 'x_shell', input: { command: 'ls' } },
        { type: 'tool_use', id: 'toolu_2', name: 'x_apply_patch', input: { input: 'PATCH' } },
      ],
      stopReason: 'max_tokens',
      usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 20, cacheWriteTokens: 3 },
    };
    const ctx = clientCtx([{ name: 'apply_patch', inputSchema: {}, custom: {} }], prefixNameMap('x_'));
    const out = codec.encodeResponse(res, ctx);
    expect(out.id).toBe('resp_msg_01');
    expect(out.status).toBe('incomplete');
    expect(out.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(JSON.stringify(out)).not.toContain('SIG');
    const items = out.output as Array<Record<string, unknown>>;
    expect(items.map((i) => i.type)).toEqual(['reasoning', 'message', 'function_call', 'custom_tool_call']);
    expect(items[0]).toMatchObject({ summary: [{ type: 'summary_text', text: 'think' }] });
    expect(items[0]).not.toHaveProperty('encrypted_content');
    expect(items[1]!.content).toEqual([
      { type: 'output_text', annotations: [], text: 'a' },
      { type: 'output_text', annotations: [], text: 'b' },
    ]);
    expect(items[2]).toMatchObject({ name: 'shell', call_id: 'toolu_1', arguments: '{"command":"ls"}' });
    expect(items[3]).toMatchObject({ name: 'apply_patch', call_id: 'toolu_2', input: 'PATCH' });
    expect(out.usage).toEqual({
      input_tokens: 33,
      input_tokens_details: { cached_tokens: 20 },
      output_tokens: 5,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 38,
    });
  });
});

describe('Responses error bodies', () => {
  it.each([
    [429, 'rate_limit_error', 'rate limited', 'rate_limit_exceeded', 'rate_limit_error'],
    [
      400,
      'invalid_request_error',
      'This model maximum context length is 128000 tokens',
      'context_length_exceeded',
      'invalid_request_error',
    ],
    [401, 'authentication_error', 'bad key', 'invalid_api_key', 'authentication_error'],
    [500, 'api_error', 'boom', 'server_error', 'server_error'],
    [503, 'overloaded_error', 'Overloaded', 'server_is_overloaded', 'server_error'],
  ])('encodeError %i %s', (status, type, message, code, openaiType) => {
    expect(codec.encodeError({ status, type, message })).toEqual({ error: { message, type: openaiType, param: null, code } });
  });

  it('decodes upstream error bodies to IR errors', () => {
    expect(codec.decodeError(429, { error: { message: 'slow', type: 'requests', code: 'rate_limit_exceeded' } })).toEqual({
      type: 'rate_limit_error',
      message: 'slow',
      status: 429,
      code: 'rate_limit_exceeded',
    });
    expect(
      codec.decodeError(400, { error: { message: 'Your input exceeds the context window of this model.', code: null } }),
    ).toMatchObject({
      type: 'invalid_request_error',
      code: 'context_length_exceeded',
    });
    expect(codec.decodeError(503, 'Service Unavailable')).toEqual({
      type: 'overloaded_error',
      message: 'Service Unavailable',
      status: 503,
    });
    expect(codec.decodeError(502, undefined)).toMatchObject({ type: 'api_error', message: 'Upstream returned HTTP 502' });
  });
});
