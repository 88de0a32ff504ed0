/**
 * Property tests for requests: any valid Responses request decodes without throwing, and
 * encode → decode keeps its meaning (turns, text, images, tool calls with arguments, tool
 * results, encrypted reasoning, tools).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openaiResponsesCodec as codec } from '../../../src/proxy/codecs/openai-responses';
import { laneOpts } from './helpers';

const text = fc.string({ unit: 'binary', minLength: 1, maxLength: 20 });
const callId = fc.stringMatching(/^call_[a-z0-9]{1,8}$/);
const toolName = fc.constantFrom('shell_command', 'read_file', 'apply_patch', 'update_plan');
const args = fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });

const part = fc.oneof(
  text.map((t) => ({ type: 'input_text', text: t })),
  fc.base64String({ minLength: 4, maxLength: 16 }).map((d) => ({ type: 'input_image', image_url: `data:image/png;base64,${d}` })),
  fc.webUrl().map((u) => ({ type: 'input_image', image_url: u, detail: 'high' })),
);

const item = fc.oneof(
  fc.record({ type: fc.constant('message'), role: fc.constant('user'), content: fc.array(part, { minLength: 1, maxLength: 3 }) }),
  fc.record({
    type: fc.constant('message'),
    role: fc.constant('assistant'),
    content: fc.array(
      text.map((t) => ({ type: 'output_text', text: t })),
      { minLength: 1, maxLength: 2 },
    ),
  }),
  fc.record({
    type: fc.constant('message'),
    role: fc.constantFrom('developer', 'system'),
    content: fc.array(
      text.map((t) => ({ type: 'input_text', text: t })),
      { minLength: 1, maxLength: 2 },
    ),
  }),
  fc.record({
    type: fc.constant('reasoning'),
    summary: fc.array(
      text.map((t) => ({ type: 'summary_text', text: t })),
      { maxLength: 2 },
    ),
    encrypted_content: fc.base64String({ minLength: 4, maxLength: 24 }),
  }),
  fc.record({ type: fc.constant('function_call'), call_id: callId, name: toolName, arguments: args.map((a) => JSON.stringify(a)) }),
  fc.record({ type: fc.constant('function_call_output'), call_id: callId, output: text }),
  fc.record({ type: fc.constant('custom_tool_call'), call_id: callId, name: fc.constant('apply_patch'), input: text }),
  fc.record({ type: fc.constant('custom_tool_call_output'), call_id: callId, output: text }),
);

const request = fc.record(
  {
    model: fc.constant('gpt-5.1-codex'),
    instructions: text,
    input: fc.array(item, { maxLength: 12 }),
    tools: fc.constant([
      {
        type: 'function',
        name: 'shell_command',
        strict: false,
        parameters: { type: 'object', properties: { command: { type: 'string' } } },
      },
      { type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' } },
      { type: 'web_search' },
    ]),
    tool_choice: fc.constantFrom('auto', 'required', 'none'),
    parallel_tool_calls: fc.boolean(),
    reasoning: fc.record({ effort: fc.constantFrom('minimal', 'low', 'medium', 'high'), summary: fc.constant('auto') }),
    store: fc.constant(false),
    stream: fc.boolean(),
    include: fc.constant(['reasoning.encrypted_content']),
    prompt_cache_key: fc.uuid(),
  },
  { requiredKeys: ['model', 'input'] },
);

describe('Responses request properties', () => {
  it('decodes any valid request and keeps its meaning through encode → decode', () => {
    fc.assert(
      fc.property(request, (body) => {
        const ir = codec.decodeRequest(body);
        // Turns alternate (consecutive same-role items are folded together).
        for (let i = 1; i < ir.messages.length; i++) expect(ir.messages[i]!.role).not.toBe(ir.messages[i - 1]!.role);
        const again = codec.decodeRequest(codec.encodeRequest(ir, laneOpts()));
        expect(again.messages).toEqual(ir.messages);
        expect(again.tools).toEqual(ir.tools);
        expect(again.system.map((s) => s.text).join('\n\n')).toBe(ir.system.map((s) => s.text).join('\n\n'));
        expect(again.reasoningEffort).toBe(ir.reasoningEffort);
        if (ir.tools) expect(again.toolChoice).toEqual(ir.toolChoice);
      }),
      { numRuns: 300 },
    );
  });
});
