import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamTextAccumulator, firstUserText, textOfAnswer, textOfJson } from './text-extract';

/** JSON of any shape, plus shapes near the protocols' (where the extraction looks). */
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record({ messages: fc.jsonValue({ maxDepth: 3 }), input: fc.jsonValue({ maxDepth: 3 }) }, { requiredKeys: [] }),
  fc.record({
    messages: fc.array(
      fc.oneof(fc.constant(null), fc.record({ role: fc.constantFrom('user', 'assistant'), content: fc.jsonValue({ maxDepth: 3 }) })),
    ),
  }),
);
const anyEvent = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record(
    {
      type: fc.constantFrom(
        'content_block_start',
        'content_block_delta',
        'message_delta',
        'response.output_item.added',
        'response.function_call_arguments.delta',
        'response.completed',
      ),
      index: fc.jsonValue({ maxDepth: 1 }),
      output_index: fc.jsonValue({ maxDepth: 1 }),
      content_block: fc.jsonValue({ maxDepth: 2 }),
      delta: fc.jsonValue({ maxDepth: 2 }),
      item: fc.jsonValue({ maxDepth: 2 }),
      usage: fc.jsonValue({ maxDepth: 2 }),
      response: fc.jsonValue({ maxDepth: 3 }),
    },
    { requiredKeys: ['type'] },
  ),
  fc.record({ choices: fc.jsonValue({ maxDepth: 4 }) }),
  fc.record({
    choices: fc.array(
      fc.record(
        { delta: fc.record({ content: fc.jsonValue({ maxDepth: 1 }), tool_calls: fc.jsonValue({ maxDepth: 3 }) }, { requiredKeys: [] }) },
        { requiredKeys: [] },
      ),
    ),
  }),
);

describe('text extraction over recorded bodies of any shape', () => {
  it('never throws on any JSON request, answer or stream event', () => {
    fc.assert(
      fc.property(anyJson, fc.array(anyEvent, { maxLength: 6 }), (body, events) => {
        const text = JSON.stringify(body);
        expect(typeof firstUserText(text)).toBe('string');
        expect(typeof textOfJson(text)).toBe('string');
        expect(typeof textOfAnswer(text)).toBe('string');
        const sse = events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('');
        const acc = new StreamTextAccumulator();
        acc.push(sse);
        acc.end();
        expect(typeof acc.text).toBe('string');
        expect(typeof textOfAnswer(sse)).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });

  it('still finds the first real user text and the streamed text and tool calls', () => {
    const body = JSON.stringify({
      messages: [
        null,
        {
          role: 'user',
          content: [
            { type: 'text', text: '<system-reminder>x</system-reminder>' },
            { type: 'text', text: 'Fix the   build' },
          ],
        },
      ],
    });
    expect(firstUserText(body)).toBe('Fix the build');
    const acc = new StreamTextAccumulator();
    acc.push('data: null\n\n');
    acc.push(
      'data: {"choices":[{"delta":{"content":"Hel","tool_calls":[null,{"index":0,"function":{"name":"Read","arguments":"{\\"p\\":1}"}}]}}]}\n\n',
    );
    acc.push('data: {"choices":[{"delta":{"content":"lo","tool_calls":5}}]}\n\n');
    acc.end();
    expect(acc.text).toBe('Hello');
    expect(acc.toolCalls).toEqual([{ name: 'Read', args: '{"p":1}' }]);
  });

  it('keys tool calls by any index value, even an object with a "toString" key (found by the property above)', () => {
    const acc = new StreamTextAccumulator();
    acc.push(
      'data: {"type":"response.output_item.added","output_index":{"toString":""},"item":{"type":"function_call","name":"Bash"}}\n\n',
    );
    acc.push('data: {"type":"response.function_call_arguments.delta","output_index":{"toString":""},"delta":"{}"}\n\n');
    acc.push('data: {"type":"content_block_start","index":{"valueOf":1},"content_block":{"type":"tool_use","name":"Read"}}\n\n');
    acc.end();
    expect(acc.toolCalls).toEqual([
      { name: 'Bash', args: '{}' },
      { name: 'Read', args: '' },
    ]);
  });
});
