/** Golden non-stream responses and error bodies across protocols. */
import { describe, expect, it } from 'vitest';
import { createToolNameMap, translateError, translateResponse } from '../../src/proxy/translate';
import { ctxFor, fixtureJson } from './helpers';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const pretty = (v: unknown) => JSON.stringify(v, null, 2).replace(/"created(_at)?": \d+/g, '"created$1": 0') + '\n';

describe('non-stream responses', () => {
  it('Anthropic → chat: text, reasoning_content, tool calls, finish_reason, usage incl. cache', async () => {
    const { body, usage } = translateResponse('anthropic', 'openai-chat', fixtureJson('anthropic-response.json'), ctxFor());
    const b = body as Obj;
    expect(b.choices[0].message).toEqual({
      role: 'assistant',
      content: "I'll read it.",
      reasoning_content: 'Check the file first.',
      tool_calls: [
        { id: 'toolu_01', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/tmp/a.txt"}' } },
        { id: 'toolu_02', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' } },
      ],
    });
    expect(b.choices[0].finish_reason).toBe('tool_calls');
    expect(b.usage).toMatchObject({
      prompt_tokens: 2340,
      completion_tokens: 55,
      total_tokens: 2395,
      prompt_tokens_details: { cached_tokens: 2000 },
    });
    expect(usage).toEqual({ inputTokens: 40, outputTokens: 55, cacheReadTokens: 2000, cacheWriteTokens: 300 });
    expect(JSON.stringify(b)).not.toContain('EqQBCkYIBxgCKkDsig');
    await expect(pretty(b)).toMatchFileSnapshot('fixtures/golden/anthropic-to-chat.response.golden');
  });

  it('chat (DeepSeek) → Anthropic: reasoning becomes unsigned thinking, cache hits split out of input', async () => {
    const { body, usage } = translateResponse('openai-chat', 'anthropic', fixtureJson('chat-response.json'), ctxFor());
    const b = body as Obj;
    expect(b.content).toEqual([
      { type: 'thinking', thinking: 'The user wants the weather.', signature: '' },
      { type: 'tool_use', id: 'call_w', name: 'get_weather', input: { city: 'Paris' } },
    ]);
    expect(b.stop_reason).toBe('tool_use');
    expect(b.model).toBe('client-model');
    expect(b.usage).toEqual({ input_tokens: 260, output_tokens: 30, cache_read_input_tokens: 640, cache_creation_input_tokens: 0 });
    expect(usage.inputTokens).toBe(260);
    await expect(pretty(b)).toMatchFileSnapshot('fixtures/golden/chat-to-anthropic.response.golden');
  });

  it('maps long tool names back to the client name', () => {
    const names = createToolNameMap(64);
    const long = 'mcp__server__' + 'x'.repeat(80);
    const up = names.toUpstream(long);
    const chat = {
      choices: [
        {
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'c1', type: 'function', function: { name: up, arguments: '{}' } }],
          },
          finish_reason: 'tool_calls',
        },
      ],
    };
    const { body } = translateResponse('openai-chat', 'anthropic', chat, ctxFor(undefined, { toolNames: names }));
    expect((body as Obj).content[0].name).toBe(long);
  });

  it('maps every stop reason both ways through chat', () => {
    const cases: Array<[string, string]> = [
      ['end_turn', 'stop'],
      ['max_tokens', 'length'],
      ['tool_use', 'tool_calls'],
      ['refusal', 'content_filter'],
      ['stop_sequence', 'stop'],
      ['pause_turn', 'stop'],
    ];
    for (const [anth, chat] of cases) {
      const a = { id: 'm', content: [{ type: 'text', text: 'x' }], stop_reason: anth, usage: { input_tokens: 1, output_tokens: 1 } };
      expect((translateResponse('anthropic', 'openai-chat', a, ctxFor()).body as Obj).choices[0].finish_reason).toBe(chat);
    }
    for (const [chat, anth] of [
      ['stop', 'end_turn'],
      ['length', 'max_tokens'],
      ['tool_calls', 'tool_use'],
      ['content_filter', 'refusal'],
    ]) {
      const c = { id: 'c', choices: [{ message: { role: 'assistant', content: 'x' }, finish_reason: chat }] };
      expect((translateResponse('openai-chat', 'anthropic', c, ctxFor()).body as Obj).stop_reason).toBe(anth);
    }
  });
});

describe('errors', () => {
  it('Anthropic error types → OpenAI status, type and code', () => {
    const cases: Array<[number, string, number, string | null]> = [
      [400, 'invalid_request_error', 400, null],
      [401, 'authentication_error', 401, 'invalid_api_key'],
      [403, 'permission_error', 403, 'permission_denied'],
      [404, 'not_found_error', 404, 'model_not_found'],
      [429, 'rate_limit_error', 429, 'rate_limit_exceeded'],
      [500, 'api_error', 500, 'server_error'],
      [529, 'overloaded_error', 503, 'server_is_overloaded'],
    ];
    for (const [status, type, outStatus, code] of cases) {
      const r = translateError('anthropic', 'openai-chat', status, { type: 'error', error: { type, message: `m-${type}` } });
      expect(r.status).toBe(outStatus);
      expect((r.body as Obj).error).toMatchObject({ message: `m-${type}`, code });
    }
  });

  it('OpenAI errors → Anthropic error types; context overflow keeps Claude Code’s wording', () => {
    const over = translateError('openai-chat', 'anthropic', 400, {
      error: {
        message: "This model's maximum context length is 65536 tokens.",
        type: 'invalid_request_error',
        code: 'context_length_exceeded',
      },
    });
    expect(over).toEqual({
      status: 400,
      body: {
        type: 'error',
        error: { type: 'invalid_request_error', message: "prompt is too long: This model's maximum context length is 65536 tokens." },
      },
    });
    const rate = translateError('openai-chat', 'anthropic', 429, {
      error: { message: 'slow down', type: 'requests', code: 'rate_limit_exceeded' },
    });
    expect((rate.body as Obj).error.type).toBe('rate_limit_error');
    const auth = translateError('openai-chat', 'anthropic', 401, {
      error: { message: 'bad key', type: 'invalid_request_error', code: 'invalid_api_key' },
    });
    expect((auth.body as Obj).error.type).toBe('authentication_error');
    const bare = translateError('openai-chat', 'anthropic', 503, 'upstream connect error');
    expect(bare).toEqual({ status: 503, body: { type: 'error', error: { type: 'overloaded_error', message: 'upstream connect error' } } });
  });

  it('context overflow from Anthropic reaches Responses clients as context_length_exceeded', () => {
    const r = translateError('anthropic', 'openai-responses', 400, {
      type: 'error',
      error: { type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' },
    });
    expect(JSON.stringify(r.body)).toContain('context_length_exceeded');
    const c = translateError('anthropic', 'openai-chat', 400, {
      type: 'error',
      error: { type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' },
    });
    expect((c.body as Obj).error.code).toBe('context_length_exceeded');
  });
});
