import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario, scenarioFromModel, startMockUpstream, type MockUpstream } from './index';

let mock: MockUpstream;
beforeAll(async () => {
  mock = await startMockUpstream();
});
afterAll(async () => mock.close());

async function postJson(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(mock.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

describe('scenario parsing', () => {
  it('reads scenarios from model names and token lists', () => {
    expect(scenarioFromModel('mock-error-529')).toBe('error:529');
    expect(scenarioFromModel('mock-drop')).toBe('drop');
    expect(scenarioFromModel('mock-first-byte-500-gap-20')).toBe('first-byte:500,gap:20');
    expect(scenarioFromModel('claude-sonnet-4-5')).toBeUndefined();
    expect(parseScenario('error:429,retry-after:3,gap:5')).toMatchObject({ errorStatus: 429, retryAfter: '3', gapMs: 5 });
  });
});

describe('tool loop in every protocol', () => {
  const schema = { type: 'object', properties: { command: { type: 'array', items: { type: 'string' } } }, required: ['command'] };

  it('Anthropic: tool call first, text once a tool result is present', async () => {
    const tools = [
      {
        name: 'Bash',
        description: 'run',
        input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
      },
    ];
    const first = JSON.parse(
      (await postJson('/v1/messages', { model: 'm', max_tokens: 10, tools, messages: [{ role: 'user', content: 'go' }] })).text,
    );
    expect(first.stop_reason).toBe('tool_use');
    expect(first.content[0]).toMatchObject({ type: 'tool_use', name: 'Bash', input: { command: 'echo switchyard-mock' } });
    const second = JSON.parse(
      (
        await postJson('/v1/messages', {
          model: 'm',
          max_tokens: 10,
          tools,
          messages: [
            { role: 'user', content: 'go' },
            { role: 'assistant', content: first.content },
            { role: 'user', content: [{ type: 'tool_result', tool_use_id: first.content[0].id, content: 'switchyard-mock' }] },
          ],
        })
      ).text,
    );
    expect(second.stop_reason).toBe('end_turn');
    expect(second.content[0].text).toContain('switchyard-mock');
  });

  it('Chat: streamed tool call with usage, then [DONE]', async () => {
    const res = await postJson('/v1/chat/completions', {
      model: 'm',
      stream: true,
      stream_options: { include_usage: true },
      tools: [{ type: 'function', function: { name: 'shell', parameters: schema } }],
      messages: [{ role: 'user', content: 'go' }],
    });
    expect(res.text).toContain('"finish_reason":"tool_calls"');
    expect(res.text).toContain('"usage"');
    expect(res.text.trim().endsWith('data: [DONE]')).toBe(true);
  });

  it('Responses: function_call then text after function_call_output, ending with response.completed', async () => {
    const tools = [{ type: 'function', name: 'shell', parameters: schema }];
    const first = await postJson('/v1/responses', {
      model: 'm',
      stream: true,
      tools,
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'go' }] }],
    });
    expect(first.text).toContain('"type":"function_call"');
    const completed = first.text.split('\n\n').find((b) => b.startsWith('event: response.completed'))!;
    const item = JSON.parse(completed.split('data: ')[1]!).response.output[0];
    expect(item).toMatchObject({ type: 'function_call', name: 'shell' });
    expect(JSON.parse(item.arguments)).toEqual({ command: ['echo', 'switchyard-mock'] });
    expect(first.text).toContain('event: response.completed');
    const second = await postJson('/v1/responses', {
      model: 'm',
      stream: true,
      tools,
      input: [
        { type: 'function_call', call_id: 'c1', name: 'shell', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c1', output: 'ok' },
      ],
    });
    expect(second.text).toContain('response.output_text.delta');
    expect(second.text).toContain('event: response.completed');
  });

  it('records requests and serves errors with retry-after', async () => {
    mock.reset();
    const res = await postJson('/v1/messages', { model: 'mock-error-429-retry-after-2' }, { 'x-extra': '1' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(JSON.parse(res.text).error.type).toBe('rate_limit_error');
    expect(mock.requests[0]).toMatchObject({ method: 'POST', path: '/v1/messages', protocol: 'anthropic', status: 429 });
    expect(mock.requests[0]!.headers['x-extra']).toBe('1');
  });
});
