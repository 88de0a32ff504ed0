/**
 * Golden request conversions from hand-written fixtures. Each case asserts the facts issue 4
 * lists, and the whole output is kept as a reviewed file snapshot under fixtures/golden/.
 */
import { describe, expect, it } from 'vitest';
import { decodeRequest, encodeRequest } from '../../src/proxy/translate';
import { fixtureJson, laneFor } from './helpers';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const pretty = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

describe('Anthropic request → chat lane', () => {
  const body = fixtureJson('anthropic-request.json');
  const lane = laneFor('openai-chat', { cleanToolSchemas: true, reasoningContentOnToolTurns: true, thinking: true }, 'deepseek-chat');
  const out = encodeRequest('openai-chat', decodeRequest('anthropic', body), lane) as Obj;

  it('matches the golden file', async () => {
    await expect(pretty(out)).toMatchFileSnapshot('fixtures/golden/anthropic-to-chat.request.golden');
  });

  it('puts the system blocks first and keeps message order', () => {
    expect(out.model).toBe('deepseek-chat');
    expect(out.messages.map((m: Obj) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'tool', 'user']);
    expect(out.messages[0].content).toBe('You are Claude Code.\n\nBe brief.');
  });

  it('keeps images as image parts, never text', () => {
    const user = out.messages[1];
    expect(user.content[1]).toEqual({ type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==' } });
    // The tool result image moves to the user message that follows the tool messages.
    const after = out.messages[5].content;
    expect(after[0].text).toContain('toolu_01');
    expect(after[1]).toEqual({ type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQSkZJRg==' } });
    expect(after[2]).toEqual({ type: 'text', text: 'Go on.' });
    expect(JSON.stringify(out.messages[3])).not.toContain('/9j/');
  });

  it('maps tool calls, results, is_error and reasoning_content', () => {
    const asst = out.messages[2];
    expect(asst.content).toBe('Let me look.');
    expect(asst.reasoning_content).toBe('I should read the file.');
    expect(asst.tool_calls[0]).toEqual({
      id: 'toolu_01',
      type: 'function',
      function: { name: 'Read', arguments: '{"file_path":"/tmp/marker.txt"}' },
    });
    expect(asst.tool_calls[1].function.name.length).toBeLessThanOrEqual(64);
    expect(out.messages[3]).toEqual({ role: 'tool', tool_call_id: 'toolu_01', content: 'MARKER-42' });
    expect(out.messages[4]).toEqual({ role: 'tool', tool_call_id: 'toolu_02', content: 'Error: server unreachable' });
  });

  it('hashes long tool names consistently and cleans schemas', () => {
    const names = out.tools.map((t: Obj) => t.function.name);
    expect(names).toHaveLength(2); // web_search built-in has no chat form
    expect(names[1]).toBe(out.messages[2].tool_calls[1].function.name);
    expect(names[1]).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(lane.toolNames.toClient(names[1])).toBe('mcp__very_long_server_name_for_testing__a_tool_name_that_is_far_too_long_for_openai');
    const params = out.tools[0].function.parameters;
    expect(params.$schema).toBeUndefined();
    expect(params.additionalProperties).toBeUndefined();
    expect(params.properties.mode).toEqual({ enum: ['text'] });
    expect(params.properties.const).toEqual({ type: 'string' }); // a property named "const" survives
  });

  it('maps tool_choice, parallel calls, sampling, stops, effort and streaming usage', () => {
    expect(out.tool_choice).toBe('required');
    expect(out.parallel_tool_calls).toBe(false);
    expect(out.max_tokens).toBe(16000);
    expect(out.temperature).toBe(0.7);
    expect(out.stop).toEqual(['</done>']);
    expect(out.reasoning_effort).toBe('medium'); // output_config.effort
    expect(out.stream_options).toEqual({ include_usage: true });
  });

  it('sends no Anthropic-only fields to a chat lane', () => {
    for (const k of ['context_management', 'output_config', 'thinking', 'metadata', 'system', 'stop_sequences', 'anthropic_beta'])
      expect(out).not.toHaveProperty(k);
    expect(JSON.stringify(out)).not.toContain('cache_control');
    expect(JSON.stringify(out)).not.toContain('signature');
  });

  it('omits reasoning_effort and schema cleaning when the lane does not declare them', () => {
    const plain = encodeRequest('openai-chat', decodeRequest('anthropic', body), laneFor('openai-chat')) as Obj;
    expect(plain.reasoning_effort).toBeUndefined();
    expect(plain.tools[0].function.parameters.additionalProperties).toBe(false);
    expect(plain.messages[2].reasoning_content).toBeUndefined();
  });
});

describe('Chat request → Anthropic lane', () => {
  const body = fixtureJson('chat-request.json');
  const lane = laneFor('anthropic', {}, 'claude-sonnet-4-5');
  const out = encodeRequest('anthropic', decodeRequest('openai-chat', body), lane) as Obj;

  it('matches the golden file', async () => {
    await expect(pretty(out)).toMatchFileSnapshot('fixtures/golden/chat-to-anthropic.request.golden');
  });

  it('collects system and developer messages into system blocks', () => {
    expect(out.system).toEqual([
      { type: 'text', text: 'You are helpful.' },
      { type: 'text', text: 'Answer in French.' },
    ]);
  });

  it('turns tool messages into tool_result blocks of one user turn', () => {
    expect(out.messages.map((m: Obj) => m.role)).toEqual(['user', 'assistant', 'user']);
    const results = out.messages[2].content;
    expect(results[0]).toEqual({ type: 'tool_result', tool_use_id: 'call_a', content: [{ type: 'text', text: '18°C, sunny' }] });
    expect(results[1]).toEqual({
      type: 'tool_result',
      tool_use_id: 'call_b',
      content: [{ type: 'text', text: 'no display' }],
      is_error: true,
    });
    expect(results[2]).toEqual({ type: 'text', text: 'Merci' });
  });

  it('drops unsigned foreign reasoning and keeps tool calls with parsed input', () => {
    const asst = out.messages[1].content;
    expect(asst.some((b: Obj) => b.type === 'thinking')).toBe(false);
    expect(asst).toEqual([
      { type: 'tool_use', id: 'call_a', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_b', name: 'screenshot', input: {} },
    ]);
  });

  it('keeps URL images as URL sources', () => {
    expect(out.messages[0].content[1]).toEqual({ type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } });
  });

  it('maps max_completion_tokens, stop, tool_choice, parallel calls and effort → thinking budget', () => {
    expect(out.max_tokens).toBe(2048);
    expect(out.stop_sequences).toEqual(['END']);
    expect(out.tool_choice).toEqual({ type: 'tool', name: 'get_weather', disable_parallel_tool_use: true });
    // The last assistant turn is a tool call without signed thinking: Anthropic would reject
    // thinking, so it stays off and temperature is kept.
    expect(out.thinking).toBeUndefined();
    expect(out.temperature).toBe(0.2);
    expect(out).not.toHaveProperty('seed');
    expect(out).not.toHaveProperty('user');
  });
});

describe('reasoning effort → Anthropic thinking', () => {
  it('maps effort to a budget below max_tokens and drops temperature while thinking', () => {
    const body = { ...fixtureJson('chat-request.json'), messages: [{ role: 'user', content: 'hi' }], tool_choice: 'auto' };
    const out = encodeRequest('anthropic', decodeRequest('openai-chat', body), laneFor('anthropic')) as Obj;
    expect(out.thinking).toEqual({ type: 'enabled', budget_tokens: 2047 });
    expect(out.temperature).toBeUndefined();
    const roomy = encodeRequest(
      'anthropic',
      decodeRequest('openai-chat', { ...body, max_completion_tokens: 64000 }),
      laneFor('anthropic'),
    ) as Obj;
    expect(roomy.thinking).toEqual({ type: 'enabled', budget_tokens: 32768 });
    // A forced tool and thinking cannot go together on Anthropic: the forced tool wins.
    const forced = encodeRequest(
      'anthropic',
      decodeRequest('openai-chat', { ...body, tool_choice: 'required' }),
      laneFor('anthropic'),
    ) as Obj;
    expect(forced.thinking).toBeUndefined();
    expect(forced.tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
  });
});

describe('Requests → Responses lane (other codec, composed)', () => {
  it('Anthropic and chat requests encode for a Responses lane without Anthropic-only fields', async () => {
    const a = encodeRequest(
      'openai-responses',
      decodeRequest('anthropic', fixtureJson('anthropic-request.json')),
      laneFor('openai-responses'),
    ) as Obj;
    const c = encodeRequest(
      'openai-responses',
      decodeRequest('openai-chat', fixtureJson('chat-request.json')),
      laneFor('openai-responses'),
    ) as Obj;
    await expect(pretty(a)).toMatchFileSnapshot('fixtures/golden/anthropic-to-responses.request.golden');
    await expect(pretty(c)).toMatchFileSnapshot('fixtures/golden/chat-to-responses.request.golden');
    for (const out of [a, c]) {
      expect(out).not.toHaveProperty('context_management');
      expect(out).not.toHaveProperty('messages');
      expect(Array.isArray(out.input)).toBe(true);
    }
    expect(JSON.stringify(a)).not.toContain('EqQBCkYIBxgCKkDsig'); // Anthropic signature never leaves Anthropic lanes
  });
});
