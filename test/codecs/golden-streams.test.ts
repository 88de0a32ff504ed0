/**
 * Golden stream transcripts: each hand-written upstream transcript is translated for every
 * other client protocol, fed in small byte chunks that split multi-byte characters. The output
 * must satisfy the client grammar, keep the meaning, and match the reviewed golden file.
 */
import { describe, expect, it } from 'vitest';
import { createStreamTranslator } from '../../src/proxy/translate';
import type { IRUsage, Protocol } from '../../src/shared/ir';
import { GRAMMARS, sseEvents } from './grammar';
import { ctxFor, fixture, laneFor, splitBytes } from './helpers';
import { streamMeaning } from './meaning';

const TRANSCRIPTS: Record<Protocol, string> = {
  anthropic: 'anthropic-stream.sse',
  'openai-chat': 'chat-stream.sse',
  'openai-responses': 'responses-stream.sse',
};

/** Timestamps and locally minted ids change per run; everything else must be stable. */
function normalize(text: string): string {
  return text.replace(/"(created|created_at|completed_at)":\d+/g, '"$1":0').replace(/"(rs|msg|fc|ctc|resp)_[0-9a-f]{24}"/g, '"$1_X"');
}

function run(lane: Protocol, client: Protocol, text: string, chunk = 7, ctxExtra = {}): string {
  const t = createStreamTranslator(lane, client, ctxFor(laneFor(lane), ctxExtra));
  const cuts: number[] = [];
  const size = new TextEncoder().encode(text).length;
  for (let i = chunk; i < size; i += chunk) cuts.push(i);
  let out = '';
  for (const part of splitBytes(text, cuts)) out += t.push(part);
  out += t.end();
  expect(t.completed).toBe(true);
  return out;
}

/** What every protocol can express: total prompt, cached part, output. */
function coreUsage(u: IRUsage | undefined) {
  return u && { prompt: u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens, cacheRead: u.cacheReadTokens, output: u.outputTokens };
}

const PROTOCOLS: Protocol[] = ['anthropic', 'openai-chat', 'openai-responses'];

describe.each(PROTOCOLS)('upstream %s transcript', (lane) => {
  const upstream = fixture(TRANSCRIPTS[lane]);
  const source = streamMeaning(lane, upstream);

  it.each(PROTOCOLS.filter((p) => p !== lane))('→ %s client keeps grammar and meaning', async (client) => {
    const out = run(lane, client, upstream);
    expect(GRAMMARS[client].check(sseEvents(out))).toEqual([]);
    const m = streamMeaning(client, out);
    expect(m.text).toBe(source.text);
    expect(m.tools.map((t) => [t.id, t.name, t.args])).toEqual(source.tools.map((t) => [t.id, t.name, t.args]));
    expect(m.stop).toBe(source.stop);
    expect(coreUsage(m.usage)).toEqual(coreUsage(source.usage));
    if (client !== 'openai-responses' || lane !== 'anthropic') expect(m.thinking).toBe(source.thinking);
    await expect(normalize(out)).toMatchFileSnapshot(`fixtures/golden/${lane}-to-${client}.stream.sse`);
  });

  it.each(PROTOCOLS.filter((p) => p !== lane))('→ %s client: the same output byte by byte and in one piece', (client) => {
    expect(normalize(run(lane, client, upstream, 1))).toBe(normalize(run(lane, client, upstream, 1 << 20)));
  });
});

describe('stream specifics', () => {
  it('Anthropic → chat carries the thinking as reasoning_content and usage in the finish chunk', () => {
    const out = run('anthropic', 'openai-chat', fixture('anthropic-stream.sse'));
    const chunks = sseEvents(out);
    expect(chunks[chunks.length - 1].data).toBe('[DONE]');
    const finish = JSON.parse(chunks[chunks.length - 2].data);
    expect(finish.choices[0].finish_reason).toBe('tool_calls');
    // 120 uncached + 3000 cache read + 50 cache write = OpenAI prompt_tokens.
    expect(finish.usage).toMatchObject({ prompt_tokens: 3170, completion_tokens: 87, prompt_tokens_details: { cached_tokens: 3000 } });
    expect(finish.model).toBe('client-model');
  });

  it('chat → Anthropic holds message_delta until the usage chunk and uses the estimate in message_start', () => {
    const out = run('openai-chat', 'anthropic', fixture('chat-stream.sse'), 7, { estimatedInputTokens: 1180 });
    const evs = sseEvents(out).map((e) => JSON.parse(e.data));
    expect(evs[0].message.usage.input_tokens).toBe(1180);
    const delta = evs.find((e) => e.type === 'message_delta');
    expect(delta.usage).toEqual({ output_tokens: 64, input_tokens: 200, cache_read_input_tokens: 1000, cache_creation_input_tokens: 0 });
    expect(delta.delta.stop_reason).toBe('tool_use');
    // The text block is closed before the first tool block starts.
    const types = evs
      .map((e) => (e.type === 'content_block_start' ? `start:${e.content_block.type}` : e.type))
      .filter((t) => t.startsWith('start') || t === 'content_block_stop');
    expect(types).toEqual([
      'start:thinking',
      'content_block_stop',
      'start:text',
      'content_block_stop',
      'start:tool_use',
      'content_block_stop',
      'start:tool_use',
      'content_block_stop',
    ]);
    // Foreign reasoning reaches Claude Code as thinking with an empty (never invented) signature.
    expect(out).toContain('"signature":""');
    expect(out).not.toMatch(/"signature":"[^"]/);
  });

  it('Anthropic upstream cut short → the client gets its error ending, not a silent truncation', () => {
    const full = fixture('anthropic-stream.sse');
    const cut = full.slice(0, full.indexOf('event: content_block_stop\ndata: {"type":"content_block_stop","index":2}'));
    for (const client of ['openai-chat', 'openai-responses'] as const) {
      const t = createStreamTranslator('anthropic', client, ctxFor());
      const out = t.push(cut) + t.end();
      expect(t.completed).toBe(false);
      expect(GRAMMARS[client].check(sseEvents(out))).toEqual([]);
      expect(streamMeaning(client, out).error).toBeDefined();
    }
  });

  it('chat upstream without [DONE] but with finish_reason still completes', () => {
    const text = fixture('chat-stream.sse').replace('data: [DONE]\n\n', '');
    const t = createStreamTranslator('openai-chat', 'anthropic', ctxFor());
    const out = t.push(text) + t.end();
    expect(t.completed).toBe(true);
    expect(GRAMMARS.anthropic.check(sseEvents(out))).toEqual([]);
    expect(t.usage()).toEqual({ inputTokens: 200, outputTokens: 64, cacheReadTokens: 1000, cacheWriteTokens: 0, reasoningTokens: 20 });
  });

  it('an upstream error event mid-stream becomes the client error event', () => {
    const anth =
      'event: message_start\ndata: {"type":"message_start","message":{"id":"m","model":"x","usage":{"input_tokens":5}}}\n\n' +
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n';
    const t = createStreamTranslator('anthropic', 'openai-chat', ctxFor());
    const out = t.push(anth) + t.end();
    expect(GRAMMARS['openai-chat'].check(sseEvents(out))).toEqual([]);
    expect(out).toContain('"code":"server_is_overloaded"');
    expect(t.completed).toBe(false);

    const chat =
      'data: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":"hi"}}]}\n\n' +
      'data: {"error":{"message":"This model\'s maximum context length is 8192 tokens","type":"invalid_request_error","code":"context_length_exceeded"}}\n\n';
    const t2 = createStreamTranslator('openai-chat', 'anthropic', ctxFor());
    const out2 = t2.push(chat) + t2.end();
    expect(GRAMMARS.anthropic.check(sseEvents(out2))).toEqual([]);
    const err = JSON.parse(sseEvents(out2).at(-1)!.data);
    expect(err.error.type).toBe('invalid_request_error');
    expect(err.error.message).toMatch(/^prompt is too long/); // Claude Code compacts on this wording
  });

  it('fail() mid-stream ends with the client protocol error', () => {
    const t = createStreamTranslator('openai-chat', 'anthropic', ctxFor());
    let out = t.push(fixture('chat-stream.sse').split('\n\n').slice(0, 5).join('\n\n') + '\n\n');
    out += t.fail({ type: 'timeout_error', message: 'idle timeout', status: 504 });
    expect(t.end()).toBe('');
    expect(GRAMMARS.anthropic.check(sseEvents(out))).toEqual([]);
    expect(sseEvents(out).at(-1)!.event).toBe('error');
  });

  it('tolerates unknown events, unknown block types, empty deltas and comments', () => {
    const text = fixture('anthropic-stream.sse')
      .replace('event: ping', ': keep-alive comment\n\nevent: future_event\ndata: {"type":"future_event","x":1}\n\nevent: ping')
      .replace(
        'event: content_block_start\ndata: {"type":"content_block_start","index":1,',
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":""}}\n\nevent: content_block_start\ndata: {"type":"content_block_start","index":1,',
      );
    for (const client of ['openai-chat', 'openai-responses'] as const) {
      const out = run('anthropic', client, text);
      expect(GRAMMARS[client].check(sseEvents(out))).toEqual([]);
    }
    const withBlock = fixture('anthropic-stream.sse').replace(
      'event: message_delta',
      'event: content_block_start\ndata: {"type":"content_block_start","index":4,"content_block":{"type":"mystery_block","payload":1}}\n\nevent: content_block_delta\ndata: {"type":"content_block_delta","index":4,"delta":{"type":"mystery_delta"}}\n\nevent: content_block_stop\ndata: {"type":"content_block_stop","index":4}\n\nevent: message_delta',
    );
    const out = run('anthropic', 'openai-chat', withBlock);
    expect(GRAMMARS['openai-chat'].check(sseEvents(out))).toEqual([]);
  });
});
