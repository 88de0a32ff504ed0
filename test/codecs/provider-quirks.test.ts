/**
 * Behaviour on what real providers and clients send beyond the happy path: Claude Code's
 * request shape, chat-stream dialects (vLLM `reasoning`, missing tool indexes, names split or
 * late, usage on every chunk, no [DONE]) and the DeepSeek reasoning_content round trip.
 */
import { describe, expect, it } from 'vitest';
import { createStreamTranslator, decodeRequest, encodeRequest, translateResponse } from '../../src/proxy/translate';
import { GRAMMARS, sseEvents } from './grammar';
import { ctxFor, fixtureJson, laneFor } from './helpers';
import { streamMeaning } from './meaning';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const chunk = (delta: Obj, finish: string | null = null, extra: Obj = {}) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;

function chatToAnthropic(text: string, ctx = ctxFor()) {
  const t = createStreamTranslator('openai-chat', 'anthropic', ctx);
  const out = t.push(text) + t.end();
  expect(GRAMMARS.anthropic.check(sseEvents(out))).toEqual([]);
  return { out, t, m: streamMeaning('anthropic', out) };
}

describe('Claude Code request (captured shape)', () => {
  const body = fixtureJson('claude-code-request.json');

  it('decodes system turns inside messages and drops Anthropic-only fields for chat lanes', () => {
    const ir = decodeRequest('anthropic', body);
    expect(ir.messages.every((m) => m.role === 'user' || m.role === 'assistant')).toBe(true);
    expect(ir.system.some((s) => s.text.startsWith('# Environment'))).toBe(true);
    expect(ir.thinking).toEqual({ type: 'adaptive' });
    expect(ir.reasoningEffort).toBe('medium');
    const out = encodeRequest('openai-chat', ir, laneFor('openai-chat')) as Obj;
    for (const k of ['context_management', 'output_config', 'thinking', 'metadata', 'reasoning_effort']) expect(out).not.toHaveProperty(k);
    expect(out.messages.map((m: Obj) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(out.messages[3]).toEqual({
      role: 'tool',
      tool_call_id: 'toolu_mock_1',
      content: expect.stringContaining('MARKER-f38cd128aff2'),
    });
  });

  it('clamps max_tokens to the lane capability (DeepSeek accepts at most 8192)', () => {
    const ir = decodeRequest('anthropic', body);
    expect(ir.maxTokens).toBe(128000);
    expect(encodeRequest('openai-chat', ir, laneFor('openai-chat', { maxOutputTokens: 8192 })).max_tokens).toBe(8192);
    expect(encodeRequest('openai-chat', ir, laneFor('openai-chat')).max_tokens).toBe(128000);
    expect(encodeRequest('anthropic', ir, laneFor('anthropic', { maxOutputTokens: 64000 })).max_tokens).toBe(64000);
  });

  it('re-encodes for an Anthropic lane keeping thinking.display, context_management and output_config', () => {
    const out = encodeRequest('anthropic', decodeRequest('anthropic', body), laneFor('anthropic', {}, 'claude-opus')) as Obj;
    expect(out.thinking).toEqual({ type: 'adaptive', display: 'omitted' });
    expect(out.context_management).toEqual(body.context_management);
    expect(out.output_config).toEqual({ effort: 'medium' });
    expect(out.model).toBe('claude-opus');
  });
});

describe('chat stream dialects', () => {
  it('vLLM/OpenRouter `reasoning` deltas become thinking', () => {
    const { m } = chatToAnthropic(
      chunk({ role: 'assistant', reasoning: 'hmm ' }) +
        chunk({ reasoning: 'ok' }) +
        chunk({ content: 'Hi' }) +
        chunk({}, 'stop') +
        'data: [DONE]\n\n',
    );
    expect(m.thinking).toBe('hmm ok');
    expect(m.text).toBe('Hi');
  });

  it('tool calls without index, with everything in one chunk, or with the name arriving late', () => {
    const noIndex =
      chunk({ tool_calls: [{ id: 'a', type: 'function', function: { name: 'Read', arguments: '{"p":1}' } }] }) +
      chunk({ tool_calls: [{ id: 'b', type: 'function', function: { name: 'Bash', arguments: '{"c":"ls"}' } }] }) +
      chunk({}, 'tool_calls') +
      'data: [DONE]\n\n';
    expect(chatToAnthropic(noIndex).m.tools).toEqual([
      { id: 'a', name: 'Read', args: { p: 1 } },
      { id: 'b', name: 'Bash', args: { c: 'ls' } },
    ]);
    const late =
      chunk({ tool_calls: [{ index: 0, id: 'x', type: 'function', function: { arguments: '{"q":' } }] }) +
      chunk({ tool_calls: [{ index: 0, function: { name: 'Search', arguments: '"z"}' } }] }) +
      chunk({}, 'tool_calls') +
      'data: [DONE]\n\n';
    expect(chatToAnthropic(late).m.tools).toEqual([{ id: 'x', name: 'Search', args: { q: 'z' } }]);
  });

  it('a provider that says finish_reason "stop" after tool calls still yields tool_use', () => {
    const text =
      chunk({ tool_calls: [{ index: 0, id: 'a', type: 'function', function: { name: 'Read', arguments: '{}' } }] }) +
      chunk({}, 'stop') +
      'data: [DONE]\n\n';
    expect(chatToAnthropic(text).m.stop).toBe('tool_use');
  });

  it('usage on every chunk (continuous usage) and content in the finish chunk', () => {
    const u = (p: number, c: number) => ({ usage: { prompt_tokens: p, completion_tokens: c, total_tokens: p + c } });
    const text = chunk({ content: 'a' }, null, u(50, 1)) + chunk({ content: 'b' }, 'stop', u(50, 2)) + 'data: [DONE]\n\n';
    const { out, m } = chatToAnthropic(text);
    expect(m.text).toBe('ab');
    expect(JSON.parse(sseEvents(out)[0].data).message.usage.input_tokens).toBe(50); // real count, from the first chunk
    expect(m.usage).toMatchObject({ inputTokens: 50, outputTokens: 2 });
  });

  it('ignores choices other than 0, empty deltas, null content and comments', () => {
    const text =
      ': comment\n\n' +
      chunk({ role: 'assistant', content: null }) +
      `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 1, delta: { content: 'other' } }] })}\n\n` +
      chunk({ content: '' }) +
      chunk({ content: 'mine' }) +
      chunk({}, 'stop') +
      'data: [DONE]\n\n';
    expect(chatToAnthropic(text).m.text).toBe('mine');
  });

  it('an upstream that closes without [DONE] and without finish_reason is an error, not a silent end', () => {
    const { t, m } = chatToAnthropic(chunk({ content: 'partial' }));
    expect(t.completed).toBe(false);
    expect(m.error).toBe('api_error');
  });

  it('a stream with only [DONE] still yields a complete, valid Anthropic message', () => {
    const { t, m } = chatToAnthropic('data: [DONE]\n\n');
    expect(t.completed).toBe(true);
    expect(m.stop).toBe('end_turn');
  });
});

describe('DeepSeek reasoning_content on tool turns', () => {
  it('reasoning streamed to Claude Code comes back as reasoning_content on the next tool-call turn', () => {
    const lane = laneFor('openai-chat', { reasoningContentOnToolTurns: true });
    const upstream =
      chunk({ role: 'assistant', reasoning_content: 'Need ls.' }) +
      chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'Bash', arguments: '{"command":"ls"}' } }] }) +
      chunk({}, 'tool_calls') +
      'data: [DONE]\n\n';
    const t = createStreamTranslator('openai-chat', 'anthropic', ctxFor(lane));
    const sse = t.push(upstream) + t.end();
    // Rebuild the assistant turn the way Claude Code does from the stream, then send the next request.
    const blocks: Obj[] = [];
    for (const e of sseEvents(sse).map((x) => JSON.parse(x.data))) {
      if (e.type === 'content_block_start') blocks.push({ ...e.content_block });
      if (e.type === 'content_block_delta' && e.delta.type === 'thinking_delta') blocks.at(-1)!.thinking += e.delta.thinking;
      if (e.type === 'content_block_delta' && e.delta.type === 'signature_delta') blocks.at(-1)!.signature = e.delta.signature;
      if (e.type === 'content_block_delta' && e.delta.type === 'input_json_delta')
        blocks.at(-1)!.json = (blocks.at(-1)!.json ?? '') + e.delta.partial_json;
    }
    const assistant = blocks.map(({ json, ...b }) => (b.type === 'tool_use' ? { ...b, input: JSON.parse(json) } : b));
    const next = {
      model: 'claude-sonnet',
      max_tokens: 1000,
      messages: [
        { role: 'user', content: 'list files' },
        { role: 'assistant', content: assistant },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: 'a.txt' }] },
      ],
    };
    const toDeepSeek = encodeRequest('openai-chat', decodeRequest('anthropic', next), lane) as Obj;
    expect(toDeepSeek.messages[1]).toMatchObject({ role: 'assistant', reasoning_content: 'Need ls.', tool_calls: [{ id: 'call_1' }] });
    // The same history never carries the unsigned thinking to an Anthropic lane.
    const toAnthropic = encodeRequest('anthropic', decodeRequest('anthropic', next), laneFor('anthropic')) as Obj;
    expect(toAnthropic.messages[1].content.map((b: Obj) => b.type)).toEqual(['tool_use']);
  });

  it('non-stream DeepSeek reasoning reaches Anthropic clients as thinking', () => {
    const body = { choices: [{ message: { role: 'assistant', content: 'hi', reasoning_content: 'think' }, finish_reason: 'stop' }] };
    expect((translateResponse('openai-chat', 'anthropic', body, ctxFor()).body as Obj).content[0]).toEqual({
      type: 'thinking',
      thinking: 'think',
      signature: '',
    });
  });
});

describe('Anthropic server tools', () => {
  const history = {
    model: 'm',
    max_tokens: 100,
    messages: [
      { role: 'user', content: 'news?' },
      {
        role: 'assistant',
        content: [
          { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'news' } },
          { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
          { type: 'text', text: 'Here is the news.' },
        ],
      },
      { role: 'user', content: 'thanks' },
    ],
  };

  it('never reach a chat lane as unpaired tool calls', () => {
    const out = encodeRequest('openai-chat', decodeRequest('anthropic', history), laneFor('openai-chat')) as Obj;
    expect(out.messages[1]).toEqual({ role: 'assistant', content: 'Here is the news.' });
  });

  it('are not offered to a chat client to run', () => {
    const sse =
      'event: message_start\ndata: {"type":"message_start","message":{"id":"m1","model":"x","usage":{"input_tokens":3}}}\n\n' +
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}}\n\n' +
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"query\\":\\"n\\"}"}}\n\n' +
      'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n' +
      'event: content_block_start\ndata: {"type":"content_block_start","index":1,"content_block":{"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[]}}\n\n' +
      'event: content_block_stop\ndata: {"type":"content_block_stop","index":1}\n\n' +
      'event: content_block_start\ndata: {"type":"content_block_start","index":2,"content_block":{"type":"text","text":""}}\n\n' +
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":2,"delta":{"type":"text_delta","text":"News."}}\n\n' +
      'event: content_block_stop\ndata: {"type":"content_block_stop","index":2}\n\n' +
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":9}}\n\n' +
      'event: message_stop\ndata: {"type":"message_stop"}\n\n';
    const t = createStreamTranslator('anthropic', 'openai-chat', ctxFor());
    const out = t.push(sse) + t.end();
    expect(GRAMMARS['openai-chat'].check(sseEvents(out))).toEqual([]);
    const m = streamMeaning('openai-chat', out);
    expect(m.tools).toEqual([]);
    expect(m.text).toBe('News.');
    expect(m.stop).toBe('end_turn');
  });
});

describe('Anthropic passthrough hygiene', () => {
  it('drops unsigned thinking and leaves clean bodies untouched', async () => {
    const { stripUnsignedThinking } = await import('../../src/proxy/translate');
    const clean = { model: 'm', messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: 't', signature: 'sig' }] }] };
    expect(stripUnsignedThinking(clean)).toBe(clean);
    const dirty = {
      model: 'm',
      messages: [
        { role: 'user', content: 'x' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'from deepseek', signature: '' },
            { type: 'tool_use', id: 't1', name: 'Read', input: {} },
          ],
        },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'only' }] },
      ],
    };
    const before = JSON.stringify(dirty);
    const out = stripUnsignedThinking(dirty) as Obj;
    expect(out.messages[0]).toBe(dirty.messages[0]);
    expect(out.messages[1].content).toEqual([{ type: 'tool_use', id: 't1', name: 'Read', input: {} }]);
    expect(out.messages[2].content).toEqual([{ type: 'text', text: '(no content)' }]);
    expect(JSON.stringify(dirty)).toBe(before);
  });
});
