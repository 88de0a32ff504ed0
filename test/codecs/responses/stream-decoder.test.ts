import { describe, expect, it } from 'vitest';
import { openaiResponsesCodec as codec } from '../../../src/proxy/codecs/openai-responses';
import type { IRStreamEvent } from '../../../src/shared/ir';
import { checkResponsesStream } from '../grammar/responses';
import { clientCtx, decodeSSEBytes, encodeIR, eventData, fixtureText, parseSSE } from './helpers';

const upstream = new TextEncoder().encode(fixtureText('upstream-stream.sse'));

/** Collapse an IR event list into what it means: blocks with their text, plus the tail. */
function summarize(events: IRStreamEvent[]): { blocks: Array<Record<string, unknown>>; tail: IRStreamEvent[] } {
  const blocks: Array<Record<string, unknown>> = [];
  const tail: IRStreamEvent[] = [];
  for (const e of events) {
    if (e.type === 'block_start') blocks[e.index] = { ...e.block, text: '' };
    else if (e.type === 'text_delta' || e.type === 'thinking_delta') (blocks[e.index]!.text as string) += e.text;
    else if (e.type === 'tool_input_delta') blocks[e.index]!.text = (blocks[e.index]!.text as string) + e.partialJson;
    else if (e.type === 'encrypted_reasoning') blocks[e.index]!.encrypted = e.encryptedContent;
    else if (e.type !== 'block_stop' && e.type !== 'start') tail.push(e);
  }
  return { blocks, tail };
}

/** The IR's own order rule: start → (block_start → deltas → block_stop)* → usage* → stop → end. */
function irOrderViolations(events: IRStreamEvent[]): string[] {
  const v: string[] = [];
  let open: number | undefined;
  let stopped = false;
  events.forEach((e, i) => {
    if (i === 0 && e.type !== 'start' && e.type !== 'error') v.push('first event not start');
    if (e.type === 'block_start') {
      if (open !== undefined) v.push(`block ${e.index} opened while ${open} open`);
      open = e.index;
    } else if (e.type === 'block_stop') {
      if (open !== e.index) v.push(`stop of ${e.index} while ${String(open)} open`);
      open = undefined;
    } else if ('index' in e && e.index !== open) v.push(`${e.type} for ${e.index} while ${String(open)} open`);
    if (e.type === 'stop') stopped = true;
    if (e.type === 'end' && (!stopped || open !== undefined)) v.push('end before stop or with an open block');
  });
  return v;
}

describe('Responses stream decoder (Responses lanes)', () => {
  it('decodes the golden transcript into the IR in valid order', () => {
    const ir = decodeSSEBytes(upstream, upstream.length);
    expect(irOrderViolations(ir)).toEqual([]);
    expect(ir[0]).toEqual({ type: 'start', id: 'resp_up_1', model: 'gpt-5.1-codex' });
    const { blocks, tail } = summarize(ir);
    expect(blocks).toEqual([
      {
        type: 'thinking',
        provenance: 'openai-responses',
        itemId: 'rs_up_1',
        text: '**Planning** the fix ✓\n\nSecond part.',
        encrypted: 'gAAAAABpUPSTREAMencrypted==',
      },
      { type: 'text', text: 'Running the tests now — 日本語 🚀.' },
      {
        type: 'tool_use',
        id: 'call_up_3',
        name: 'shell_command',
        itemId: 'fc_up_3',
        text: '{"command":"npm test","workdir":"/tmp/project"}',
      },
    ]);
    expect(tail).toEqual([
      { type: 'usage', usage: { inputTokens: 4000, cacheReadTokens: 8000, cacheWriteTokens: 0, outputTokens: 300, reasoningTokens: 120 } },
      { type: 'stop', stopReason: 'tool_use' },
      { type: 'end' },
    ]);
  });

  it('gives the same result whatever the chunking (UTF-8 split across chunks)', () => {
    const whole = decodeSSEBytes(upstream, upstream.length);
    for (const size of [1, 2, 3, 7, 64]) expect(decodeSSEBytes(upstream, size)).toEqual(whole);
  });

  it('round-trips through the stream encoder into a grammatical Codex stream with the same items', () => {
    const ir = decodeSSEBytes(upstream, 5);
    const sse = encodeIR(ir, clientCtx());
    const evs = parseSSE(sse);
    expect(checkResponsesStream(evs)).toEqual([]);
    const done = eventData(evs)
      .filter((e) => e.type === 'response.output_item.done')
      .map((e) => e.item as Record<string, unknown>);
    expect(done[0]).toMatchObject({ id: 'rs_up_1', type: 'reasoning', encrypted_content: 'gAAAAABpUPSTREAMencrypted==' });
    expect(done[1]).toMatchObject({ type: 'message', content: [{ type: 'output_text', text: 'Running the tests now — 日本語 🚀.' }] });
    expect(done[2]).toMatchObject({ id: 'fc_up_3', call_id: 'call_up_3', arguments: '{"command":"npm test","workdir":"/tmp/project"}' });
    const completed = eventData(evs).at(-1)!;
    expect((completed.response as Record<string, unknown>).usage).toMatchObject({
      input_tokens: 12000,
      input_tokens_details: { cached_tokens: 8000 },
      output_tokens: 300,
    });
  });

  it('the golden transcript itself satisfies the grammar checker', () => {
    expect(checkResponsesStream(parseSSE(fixtureText('upstream-stream.sse')))).toEqual([]);
  });

  it('maps response.failed to an IR error with its code', () => {
    const bytes = new TextEncoder().encode(fixtureText('upstream-failed.sse'));
    const ir = decodeSSEBytes(bytes, 9);
    expect(ir.at(-1)).toMatchObject({ type: 'error', error: { code: 'context_length_exceeded', type: 'invalid_request_error' } });
    expect(ir.filter((e) => e.type === 'error')).toHaveLength(1);
  });

  it('reports a stream cut before response.completed as an error', () => {
    const text = fixtureText('upstream-stream.sse');
    const cut = new TextEncoder().encode(text.slice(0, text.indexOf('event: response.output_item.added')));
    const ir = decodeSSEBytes(cut, 100);
    expect(ir[0]!.type).toBe('start');
    expect(ir.at(-1)).toMatchObject({ type: 'error', error: { type: 'api_error' } });
  });

  it('handles items that arrive only as output_item.done, error events and junk lines', () => {
    const dec = codec.createStreamDecoder();
    const out: IRStreamEvent[] = [];
    const push = (data: unknown): void => void out.push(...dec.push({ data: typeof data === 'string' ? data : JSON.stringify(data) }));
    push(': comment-like junk');
    push('[DONE]');
    push({
      type: 'response.output_item.done',
      output_index: 0,
      item: { id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'whole' }] },
    });
    push({
      type: 'response.output_item.done',
      output_index: 1,
      item: { id: 'ctc_1', type: 'custom_tool_call', call_id: 'c1', name: 'apply_patch', input: 'PATCH' },
    });
    push({ type: 'response.output_item.done', output_index: 2, item: { id: 'ws_1', type: 'web_search_call', status: 'completed' } });
    push({ type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } });
    out.push(...dec.end());
    expect(irOrderViolations(out)).toEqual([]);
    const { blocks, tail } = summarize(out);
    expect(blocks[0]).toMatchObject({ type: 'text', text: 'whole' });
    expect(blocks[1]).toMatchObject({ type: 'tool_use', id: 'c1', name: 'apply_patch', custom: true, text: '{"input":"PATCH"}' });
    expect(blocks[2]).toMatchObject({ type: 'opaque', provenance: 'openai-responses' });
    expect(tail).toEqual([{ type: 'stop', stopReason: 'max_tokens' }, { type: 'end' }]);

    const dec2 = codec.createStreamDecoder();
    const ev = dec2.push({
      event: 'error',
      data: JSON.stringify({ type: 'error', code: 'rate_limit_exceeded', message: 'Rate limit reached. Please try again in 1.5s.' }),
    });
    expect(ev).toEqual([
      {
        type: 'error',
        error: { type: 'rate_limit_error', message: 'Rate limit reached. Please try again in 1.5s.', code: 'rate_limit_exceeded' },
      },
    ]);
    expect(dec2.end()).toEqual([]);
  });
});
