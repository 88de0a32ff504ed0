import { describe, expect, it } from 'vitest';
import { openaiResponsesCodec as codec } from '../../../src/proxy/codecs/openai-responses';
import { SwitchyardError } from '../../../src/shared/errors';
import type { IRRequest, IRThinkingBlock, IRToolResultBlock, IRToolUseBlock } from '../../../src/shared/ir';
import { fixtureJson, laneOpts, prefixNameMap } from './helpers';

const codexBody = fixtureJson('codex-request.json') as Record<string, unknown>;

describe('Responses request decode (what Codex sends)', () => {
  const ir = codec.decodeRequest(codexBody);

  it('maps instructions and developer messages to system', () => {
    expect(ir.model).toBe('gpt-5.1-codex');
    expect(ir.stream).toBe(true);
    expect(ir.system.map((s) => s.text)).toEqual([
      codexBody.instructions as string,
      '<permissions instructions>Filesystem sandboxing: workspace-write.</permissions instructions>',
    ]);
  });

  it('folds items into alternating turns with text, images, reasoning, tool calls and results', () => {
    expect(ir.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user']);
    const [u1, a1, r1, a2, r2, a3, u2] = ir.messages;
    expect(u1!.content.map((b) => b.type)).toEqual(['text', 'text', 'image']);
    expect(u1!.content[2]).toMatchObject({ type: 'image', source: { kind: 'base64', mediaType: 'image/png' } });
    const thinking = a1!.content[0] as IRThinkingBlock;
    expect(thinking).toMatchObject({
      type: 'thinking',
      provenance: 'openai-responses',
      encryptedContent: 'gAAAAABpENCRYPTEDreasoningBLOB-1==',
    });
    expect(thinking.summary).toEqual(['**Listing files**\n\nI will run ls first.']);
    const call = a1!.content[1] as IRToolUseBlock;
    expect(call).toMatchObject({
      type: 'tool_use',
      id: 'call_ls_1',
      name: 'shell_command',
      input: { command: 'ls -la', workdir: '/tmp/project' },
    });
    expect((r1!.content[0] as IRToolResultBlock).toolUseId).toBe('call_ls_1');
    expect((r1!.content[0] as IRToolResultBlock).content).toEqual([{ type: 'text', text: 'Exit code: 0\nOutput:\nREADME.md\nsrc\n' }]);
    const patch = a2!.content[0] as IRToolUseBlock;
    expect(patch).toMatchObject({ id: 'call_patch_2', name: 'apply_patch', custom: true });
    expect((patch.input as { input: string }).input).toContain('*** Begin Patch');
    expect((r2!.content[0] as IRToolResultBlock).toolUseId).toBe('call_patch_2');
    expect(a3!.content).toEqual([{ type: 'text', text: 'Fixed the typo.' }]);
    expect(u2!.content).toEqual([{ type: 'text', text: 'Thanks. Now run the tests.' }]);
  });

  it('maps tools: function, custom as a one-string function, built-ins kept for Responses lanes', () => {
    const tools = ir.tools!;
    expect(tools.map((t) => t.name)).toEqual(['shell_command', 'apply_patch', 'web_search', 'local_shell']);
    expect(tools[0]!.inputSchema).toMatchObject({ required: ['command'] });
    expect(tools[1]!.custom).toBeDefined();
    expect(tools[1]!.inputSchema).toMatchObject({ type: 'object', required: ['input'], properties: { input: { type: 'string' } } });
    expect(tools[2]!.builtin).toEqual({ provenance: 'openai-responses', raw: { type: 'web_search' } });
    expect(tools[3]!.builtin?.provenance).toBe('openai-responses');
  });

  it('maps tool_choice, parallel calls, effort and keeps unmodeled fields in extra', () => {
    expect(ir.toolChoice).toEqual({ type: 'auto' });
    expect(ir.parallelToolCalls).toBe(false);
    expect(ir.reasoningEffort).toBe('medium');
    expect(ir.extra?.provenance).toBe('openai-responses');
    expect(ir.extra?.fields).toMatchObject({
      store: false,
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: '0199a9f1-6f1e-7c22-9d3b-5a4c2e1f0b7a',
      text: { verbosity: 'low' },
      reasoning: { effort: 'medium', summary: 'auto' },
    });
  });

  it('accepts a plain string input and shorthand messages without type', () => {
    const a = codec.decodeRequest({ model: 'm', input: 'hello' });
    expect(a.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hello' }] }]);
    const b = codec.decodeRequest({
      model: 'm',
      input: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hi' },
      ],
    });
    expect(b.system).toEqual([{ type: 'text', text: 'be brief' }]);
    expect(b.messages).toHaveLength(1);
  });

  it('maps required / named tool_choice and effort none', () => {
    expect(codec.decodeRequest({ model: 'm', input: 'x', tool_choice: 'required' }).toolChoice).toEqual({ type: 'any' });
    expect(codec.decodeRequest({ model: 'm', input: 'x', tool_choice: { type: 'function', name: 'f' } }).toolChoice).toEqual({
      type: 'tool',
      name: 'f',
    });
    expect(codec.decodeRequest({ model: 'm', input: 'x', reasoning: { effort: 'none' } }).thinking).toEqual({ type: 'disabled' });
  });

  it('decodes tool outputs with images and the legacy {content, success:false} shape', () => {
    const r = codec.decodeRequest({
      model: 'm',
      input: [
        { type: 'function_call', call_id: 'c1', name: 'shot', arguments: '{}' },
        {
          type: 'function_call_output',
          call_id: 'c1',
          output: [
            { type: 'input_text', text: 'see' },
            { type: 'input_image', image_url: 'https://x/y.png' },
          ],
        },
        { type: 'function_call', call_id: 'c2', name: 'f', arguments: 'not json' },
        { type: 'function_call_output', call_id: 'c2', output: { content: 'boom', success: false } },
      ],
    });
    const res1 = r.messages[1]!.content[0] as IRToolResultBlock;
    expect(res1.content).toEqual([
      { type: 'text', text: 'see' },
      { type: 'image', source: { kind: 'url', url: 'https://x/y.png' } },
    ]);
    expect((r.messages[2]!.content[0] as IRToolUseBlock).input).toBe('not json');
    expect(r.messages[3]!.content[0]).toMatchObject({ type: 'tool_result', toolUseId: 'c2', isError: true });
  });

  it('rejects invalid bodies with invalid_request naming the field', () => {
    expect(() => codec.decodeRequest(null)).toThrow(SwitchyardError);
    expect(() => codec.decodeRequest({ input: 'x' })).toThrow(/model/);
    expect(() => codec.decodeRequest({ model: 'm', input: 42 })).toThrow(/input/);
    expect(() => codec.decodeRequest({ model: 'm', input: [{ type: 'function_call', name: 'x' }] })).toThrow(/input\[0\]/);
    try {
      codec.decodeRequest({ model: 'm', input: [{ type: 'message', role: 'bot', content: 'x' }] });
    } catch (e) {
      expect((e as SwitchyardError).code).toBe('invalid_request');
    }
  });
});

describe('Responses request encode (Responses lanes)', () => {
  it('round-trips a Codex request keeping items, tools and reasoning', () => {
    const ir = codec.decodeRequest(codexBody);
    const body = codec.encodeRequest(ir, laneOpts());
    expect(body.model).toBe('upstream-model');
    expect(body.store).toBe(false);
    expect(body.include).toEqual(['reasoning.encrypted_content']);
    expect(body.prompt_cache_key).toBe(codexBody.prompt_cache_key);
    expect(body.text).toEqual({ verbosity: 'low' });
    expect(body.reasoning).toEqual({ effort: 'medium', summary: 'auto' });
    expect(body.parallel_tool_calls).toBe(false);
    const again = codec.decodeRequest(body);
    // Meaning survives: same turns, same blocks (system merges into instructions).
    expect(again.messages).toEqual(ir.messages);
    expect(again.system.map((s) => s.text).join('\n\n')).toBe(ir.system.map((s) => s.text).join('\n\n'));
    expect(again.tools).toEqual(ir.tools);
    const input = body.input as Array<Record<string, unknown>>;
    expect(input.map((i) => i.type)).toEqual([
      'message',
      'reasoning',
      'function_call',
      'function_call_output',
      'custom_tool_call',
      'custom_tool_call_output',
      'message',
      'message',
    ]);
    expect(input[1]).toEqual({
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: '**Listing files**\n\nI will run ls first.' }],
      encrypted_content: 'gAAAAABpENCRYPTEDreasoningBLOB-1==',
    });
  });

  it('encodes a Claude-Code-shaped IR: drops foreign thinking, maps tool choice, budget → effort, images in tool results', () => {
    const ir: IRRequest = {
      model: 'claude-sonnet-4-5',
      system: [
        { type: 'text', text: 'You are Claude Code.' },
        { type: 'text', text: 'Be concise.' },
      ],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'look' }] },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', text: 'hmm', provenance: 'anthropic', signature: 'sig' },
            { type: 'redacted_thinking', data: 'xx' },
            { type: 'tool_use', id: 'toolu_1', name: 'Screenshot', input: { path: '/a' } },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              toolUseId: 'toolu_1',
              content: [
                { type: 'text', text: 'here' },
                { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: 'AAAA' } },
              ],
            },
            { type: 'text', text: 'and?' },
          ],
        },
      ],
      tools: [
        { name: 'Screenshot', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } },
        { name: 'web_search', inputSchema: {}, builtin: { provenance: 'anthropic', raw: { type: 'web_search_20250305' } } },
      ],
      toolChoice: { type: 'tool', name: 'Screenshot' },
      maxTokens: 32000,
      temperature: 1,
      stopSequences: ['STOP'],
      stream: true,
      thinking: { type: 'enabled', budgetTokens: 10000 },
      user: `user_${'a'.repeat(64)}_account__session_0199`,
      extra: { provenance: 'anthropic', fields: { metadata: { user_id: 'u' } } },
    };
    const body = codec.encodeRequest(ir, laneOpts(prefixNameMap('x_')));
    expect(body.instructions).toBe('You are Claude Code.\n\nBe concise.');
    expect(body.metadata).toBeUndefined();
    expect(body.user).toBeUndefined();
    expect(body.store).toBe(false);
    expect(body.max_output_tokens).toBe(32000);
    expect(body.tool_choice).toEqual({ type: 'function', name: 'x_Screenshot' });
    expect(body.tools).toEqual([{ type: 'function', name: 'x_Screenshot', parameters: ir.tools![0]!.inputSchema, strict: false }]);
    expect(body.reasoning).toEqual({ summary: 'auto', effort: 'medium' });
    expect(body.include).toEqual(['reasoning.encrypted_content']);
    const input = body.input as Array<Record<string, unknown>>;
    expect(input.map((i) => i.type)).toEqual(['message', 'function_call', 'function_call_output', 'message']);
    expect(input[1]).toEqual({ type: 'function_call', call_id: 'toolu_1', name: 'x_Screenshot', arguments: '{"path":"/a"}' });
    expect(input[2]).toEqual({
      type: 'function_call_output',
      call_id: 'toolu_1',
      output: [
        { type: 'input_text', text: 'here' },
        { type: 'input_image', image_url: 'data:image/jpeg;base64,AAAA' },
      ],
    });
  });
});
