/**
 * Property tests: any valid IR event sequence → a Responses stream the grammar checker accepts,
 * whose output_item.done items carry exactly what the deltas carried; and decoding that stream
 * again gives back the same meaning (text, reasoning text, tool calls with arguments, usage).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openaiResponsesCodec as codec } from '../../../src/proxy/codecs/openai-responses';
import type { IRStopReason, IRStreamEvent, IRUsage } from '../../../src/shared/ir';
import { checkResponsesStream } from '../grammar/responses';
import { clientCtx, eventData, parseSSE } from './helpers';

type BlockSpec =
  | { kind: 'text'; deltas: string[] }
  | { kind: 'thinking'; provenance: 'anthropic' | 'openai-responses'; deltas: string[]; encrypted?: string }
  | { kind: 'tool'; name: string; args: string[] }
  | { kind: 'redacted' };

const text = fc.string({ unit: 'binary', maxLength: 12 });
const deltas = fc.array(text, { maxLength: 5 });

/** Split a string at random points (fragment boundaries may cut anywhere, even mid-escape). */
const splitString = (s: string): fc.Arbitrary<string[]> =>
  fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, s.length - 1) }), { maxLength: 4 }).map((cuts) => {
    const points = [0, ...cuts.filter((c) => c < s.length).sort((a, b) => a - b), s.length];
    const out: string[] = [];
    for (let i = 1; i < points.length; i++) out.push(s.slice(points[i - 1], points[i]));
    return out;
  });

const toolArgs = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }).map((o) => JSON.stringify(o)),
  fc.constant(''),
);

const block: fc.Arbitrary<BlockSpec> = fc.oneof(
  deltas.map((d) => ({ kind: 'text' as const, deltas: d })),
  fc.record({
    kind: fc.constant('thinking' as const),
    provenance: fc.constantFrom('anthropic' as const, 'openai-responses' as const),
    deltas,
    encrypted: fc.option(fc.base64String({ minLength: 4, maxLength: 24 }), { nil: undefined }),
  }),
  fc
    .record({ name: fc.constantFrom('shell_command', 'read_file', 'a'.repeat(70)), json: toolArgs })
    .chain(({ name, json }) => splitString(json).map((args) => ({ kind: 'tool' as const, name, args }))),
  fc.constant({ kind: 'redacted' as const }),
);

const usage: fc.Arbitrary<Partial<IRUsage>> = fc.record(
  {
    inputTokens: fc.nat(100_000),
    outputTokens: fc.nat(10_000),
    cacheReadTokens: fc.nat(100_000),
    cacheWriteTokens: fc.nat(10_000),
    reasoningTokens: fc.nat(5_000),
  },
  { requiredKeys: [] },
);

const scenario = fc.record({
  blocks: fc.array(block, { maxLength: 6 }),
  usage: fc.option(usage, { nil: undefined }),
  stop: fc.constantFrom<IRStopReason>('end_turn', 'tool_use', 'max_tokens', 'stop_sequence', 'refusal', 'pause_turn'),
  ending: fc.constantFrom('end', 'finish', 'error'),
  errorAt: fc.nat(40),
  pings: fc.boolean(),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function buildEvents(s: Scenario): IRStreamEvent[] {
  const evs: IRStreamEvent[] = [{ type: 'start', id: 'msg_prop', model: 'lane-model' }];
  s.blocks.forEach((b, index) => {
    if (s.pings) evs.push({ type: 'ping' });
    switch (b.kind) {
      case 'text':
        evs.push({ type: 'block_start', index, block: { type: 'text' } });
        for (const t of b.deltas) evs.push({ type: 'text_delta', index, text: t });
        break;
      case 'thinking':
        evs.push({ type: 'block_start', index, block: { type: 'thinking', provenance: b.provenance } });
        for (const t of b.deltas) evs.push({ type: 'thinking_delta', index, text: t });
        if (b.provenance === 'anthropic') evs.push({ type: 'signature_delta', index, signature: 'SIGNATURE' });
        if (b.encrypted !== undefined) evs.push({ type: 'encrypted_reasoning', index, encryptedContent: b.encrypted });
        break;
      case 'tool':
        evs.push({ type: 'block_start', index, block: { type: 'tool_use', id: `call_${index}`, name: b.name } });
        for (const a of b.args) evs.push({ type: 'tool_input_delta', index, partialJson: a });
        break;
      case 'redacted':
        evs.push({ type: 'block_start', index, block: { type: 'redacted_thinking', data: 'REDACTED' } });
        break;
    }
    evs.push({ type: 'block_stop', index });
  });
  if (s.usage) evs.push({ type: 'usage', usage: s.usage });
  evs.push({ type: 'stop', stopReason: s.stop });
  if (s.ending === 'end') evs.push({ type: 'end' });
  if (s.ending === 'error')
    evs.splice(Math.min(s.errorAt, evs.length), 0, {
      type: 'error',
      error: { type: 'rate_limit_error', message: 'slow down', status: 429 },
    });
  return evs;
}

/** What a Responses client should end up with, from the IR alone. */
function expectedItems(blocks: BlockSpec[]): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  blocks.forEach((b, index) => {
    if (b.kind === 'text' && b.deltas.join('') !== '') out.push({ type: 'message', text: b.deltas.join('') });
    if (b.kind === 'thinking') {
      const t = b.deltas.join('');
      const enc = b.provenance === 'openai-responses' ? b.encrypted : undefined;
      if (t !== '' || enc !== undefined) out.push({ type: 'reasoning', text: t, encrypted: enc });
    }
    if (b.kind === 'tool') out.push({ type: 'function_call', call_id: `call_${index}`, name: b.name, arguments: b.args.join('') || '{}' });
  });
  return out;
}

function actualItems(items: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  return items.map((it) => {
    if (it.type === 'message') return { type: 'message', text: (it.content as Array<{ text: string }>).map((p) => p.text).join('') };
    if (it.type === 'reasoning') {
      return {
        type: 'reasoning',
        text: (it.summary as Array<{ text: string }>).map((p) => p.text).join(''),
        encrypted: it.encrypted_content,
      };
    }
    return { type: it.type, call_id: it.call_id, name: it.name, arguments: it.arguments };
  });
}

describe('Responses stream encoder properties', () => {
  it('any valid IR sequence → grammatical stream whose done items match the deltas', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const enc = codec.createStreamEncoder(clientCtx());
        let sse = '';
        for (const e of buildEvents(s)) sse += enc.push(e);
        sse += enc.finish();
        expect(enc.closed).toBe(true);
        const parsed = parseSSE(sse);
        expect(checkResponsesStream(parsed)).toEqual([]);
        const evs = eventData(parsed);
        const terminal = evs.at(-1)!;
        expect(sse).not.toContain('SIGNATURE');
        expect(sse).not.toContain('REDACTED');
        if (terminal.type === 'response.failed') {
          expect(s.ending).toBe('error');
          expect((terminal.response as { error: { code: string } }).error.code).toBe('rate_limit_exceeded');
          return;
        }
        expect(terminal.type).toBe('response.completed');
        const done = evs.filter((e) => e.type === 'response.output_item.done').map((e) => e.item as Record<string, unknown>);
        expect(actualItems(done)).toEqual(expectedItems(s.blocks));
      }),
      { numRuns: 300 },
    );
  });

  it('encoded stream decodes back to the same meaning (text, reasoning, tool calls, usage)', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        fc.pre(s.ending !== 'error');
        const sse = codec.createStreamEncoder(clientCtx());
        let text = '';
        for (const e of buildEvents(s)) text += sse.push(e);
        text += sse.finish();
        const dec = codec.createStreamDecoder();
        const ir: IRStreamEvent[] = [];
        for (const ev of parseSSE(text)) ir.push(...dec.push(ev));
        ir.push(...dec.end());
        const blocks: Array<Record<string, unknown>> = [];
        let usageOut: Partial<IRUsage> | undefined;
        for (const e of ir) {
          if (e.type === 'block_start') {
            const b = e.block;
            blocks[e.index] =
              b.type === 'text'
                ? { type: 'message', text: '' }
                : b.type === 'thinking'
                  ? { type: 'reasoning', text: '', encrypted: undefined }
                  : {
                      type: 'function_call',
                      call_id: b.type === 'tool_use' ? b.id : '',
                      name: b.type === 'tool_use' ? b.name : '',
                      arguments: '',
                    };
          } else if (e.type === 'text_delta' || e.type === 'thinking_delta') blocks[e.index]!.text += e.text;
          else if (e.type === 'tool_input_delta') blocks[e.index]!.arguments += e.partialJson;
          else if (e.type === 'encrypted_reasoning') blocks[e.index]!.encrypted = e.encryptedContent;
          else if (e.type === 'usage') usageOut = e.usage;
        }
        expect(blocks).toEqual(expectedItems(s.blocks));
        const u = s.usage ?? {};
        expect(usageOut).toMatchObject({
          inputTokens: (u.inputTokens ?? 0) + (u.cacheWriteTokens ?? 0),
          cacheReadTokens: u.cacheReadTokens ?? 0,
          outputTokens: u.outputTokens ?? 0,
        });
        const stop = ir.find((e) => e.type === 'stop');
        const want =
          s.stop === 'max_tokens'
            ? 'max_tokens'
            : s.stop === 'refusal'
              ? 'refusal'
              : s.blocks.some((b) => b.kind === 'tool')
                ? 'tool_use'
                : 'end_turn';
        expect(stop).toEqual({ type: 'stop', stopReason: want });
      }),
      { numRuns: 200 },
    );
  });
});
