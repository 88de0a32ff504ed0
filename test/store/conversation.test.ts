import { describe, expect, it } from 'vitest';
import { buildConversation } from '../../src/main/services/store/conversation';
import { textOfAnswer } from '../../src/main/services/store/text-extract';

const sse = (events: Array<[string, unknown]>): string => events.map(([e, d]) => `event: ${e}\ndata: ${JSON.stringify(d)}\n\n`).join('');

describe('conversation decoding', () => {
  it('decodes a Codex (Responses API) request and rebuilds the answer from its SSE transcript', () => {
    const request = JSON.stringify({
      model: 'gpt-5-codex',
      instructions: 'You are Codex.',
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'list the files' }] },
        { type: 'function_call', call_id: 'c1', name: 'shell', arguments: '{"cmd":"ls"}' },
        { type: 'function_call_output', call_id: 'c1', output: 'a.txt\nb.txt' },
      ],
      stream: true,
      store: false,
    });
    const item = {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: 'Two files: a.txt and b.txt.', annotations: [] }],
    };
    const answer = sse([
      [
        'response.created',
        { type: 'response.created', response: { id: 'resp_1', model: 'gpt-5-codex', status: 'in_progress', output: [] } },
      ],
      [
        'response.output_item.added',
        { type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress', content: [] } },
      ],
      [
        'response.content_part.added',
        {
          type: 'response.content_part.added',
          output_index: 0,
          content_index: 0,
          item_id: 'msg_1',
          part: { type: 'output_text', text: '' },
        },
      ],
      [
        'response.output_text.delta',
        { type: 'response.output_text.delta', output_index: 0, content_index: 0, item_id: 'msg_1', delta: 'Two files: ' },
      ],
      [
        'response.output_text.delta',
        { type: 'response.output_text.delta', output_index: 0, content_index: 0, item_id: 'msg_1', delta: 'a.txt and b.txt.' },
      ],
      ['response.output_item.done', { type: 'response.output_item.done', output_index: 0, item }],
      [
        'response.completed',
        {
          type: 'response.completed',
          response: {
            id: 'resp_1',
            model: 'gpt-5-codex',
            status: 'completed',
            output: [item],
            usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15 },
          },
        },
      ],
    ]);
    const turns = buildConversation({ id: 'ex1', protocol: 'openai-responses', request, answer });
    expect(turns[0].role).toBe('system');
    const users = turns.filter((t) => t.role === 'user');
    expect(JSON.stringify(users)).toContain('list the files');
    expect(JSON.stringify(turns)).toContain('a.txt\\nb.txt');
    const last = turns.at(-1)!;
    expect(last.role).toBe('assistant');
    expect(last.exchangeId).toBe('ex1');
    expect(last.content).toEqual([{ type: 'text', text: 'Two files: a.txt and b.txt.' }]);
    expect(textOfAnswer(answer)).toContain('Two files: a.txt and b.txt.');
  });

  it('decodes an OpenAI chat answer body and tolerates undecodable input', () => {
    const request = JSON.stringify({
      model: 'deepseek-chat',
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'hi there' },
      ],
    });
    const answer = JSON.stringify({
      id: 'c',
      object: 'chat.completion',
      model: 'deepseek-chat',
      choices: [{ index: 0, message: { role: 'assistant', content: 'hello!' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
    });
    const turns = buildConversation({ id: 'x', protocol: 'openai-chat', request, answer });
    expect(turns.map((t) => t.role)).toEqual(['system', 'user', 'assistant']);
    expect(turns[2].content).toEqual([{ type: 'text', text: 'hello!' }]);
    const broken = buildConversation({ id: 'y', protocol: 'anthropic', request: '{"messages": 42}', answer: 'not sse' });
    expect(broken[0].content[0]).toMatchObject({ type: 'text' });
    expect(JSON.stringify(broken[0])).toContain('could not be decoded');
  });
});
