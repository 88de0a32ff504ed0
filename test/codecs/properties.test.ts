/**
 * Property-based tests over all protocol pairs: valid IR requests and streams convert without
 * throwing, converted streams satisfy the client protocol's grammar whatever the chunking, and
 * round trips keep meaning (text, tool calls with arguments, tool results, images, usage).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getCodec } from '../../src/proxy/codecs';
import { createStreamTranslator, decodeRequest, encodeRequest, translateResponse } from '../../src/proxy/translate';
import { identityToolNames } from '../../src/proxy/codecs/shared/tool-names';
import type { IRUsage, Protocol } from '../../src/shared/ir';
import { requestArb, requestMeaning, specEvents, specResponse, streamSpecArb, type StreamSpec } from './arbitraries';
import { GRAMMARS, sseEvents } from './grammar';
import { ctxFor, laneFor, splitBytes } from './helpers';
import { streamMeaning } from './meaning';

const PROTOCOLS: Protocol[] = ['anthropic', 'openai-chat', 'openai-responses'];
const PAIRS: Array<[Protocol, Protocol]> = PROTOCOLS.flatMap((a) => PROTOCOLS.map((b): [Protocol, Protocol] => [a, b]));
const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 60) };

/** An upstream transcript in `lane`'s protocol, produced by that protocol's own encoder. */
function upstreamText(lane: Protocol, spec: StreamSpec): string {
  const enc = getCodec(lane).createStreamEncoder({ requestedModel: 'up', toolNames: identityToolNames });
  let s = '';
  for (const e of specEvents(spec, lane === 'anthropic')) s += enc.push(e);
  return s;
}

const core = (u: IRUsage | undefined) =>
  u && { prompt: u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens, cacheRead: u.cacheReadTokens, output: u.outputTokens };

describe.each(PAIRS)('stream %s lane → %s client', (lane, client) => {
  it('satisfies the client grammar and keeps meaning under any chunking', () => {
    fc.assert(
      fc.property(streamSpecArb, fc.array(fc.nat(4000), { maxLength: 12 }), (spec, cuts) => {
        const text = upstreamText(lane, spec);
        const t = createStreamTranslator(lane, client, ctxFor(undefined, { estimatedInputTokens: 10 }));
        let out = '';
        for (const part of splitBytes(text, cuts)) out += t.push(part);
        out += t.end();
        expect(GRAMMARS[client].check(sseEvents(out))).toEqual([]);
        expect(t.completed).toBe(true);
        const m = streamMeaning(client, out);
        const texts = spec.blocks.flatMap((b) => (b.kind === 'text' ? b.chunks : [])).join('');
        expect(m.text).toBe(texts);
        expect(m.tools.map((x) => [x.id, x.name, x.args])).toEqual(
          spec.blocks.flatMap((b) => (b.kind === 'tool' ? [[b.id, b.name, b.args]] : [])),
        );
        expect(core(m.usage)).toEqual(core(spec.usage));
        expect(core(t.usage())).toEqual(core(spec.usage));
        expect(m.stop).toBe(spec.stop);
        // Thinking reaches every client (as thinking, reasoning_content or reasoning summary).
        expect(m.thinking).toBe(spec.blocks.flatMap((b) => (b.kind === 'thinking' ? b.chunks : [])).join(''));
      }),
      RUNS,
    );
  });

  it('a stream cut anywhere ends with the client protocol error ending or a valid end', () => {
    fc.assert(
      fc.property(streamSpecArb, fc.nat(), (spec, at) => {
        const text = upstreamText(lane, spec);
        const bytes = new TextEncoder().encode(text);
        const cut = bytes.slice(0, at % (bytes.length + 1));
        const t = createStreamTranslator(lane, client, ctxFor());
        const out = t.push(cut) + t.end();
        expect(GRAMMARS[client].check(sseEvents(out))).toEqual([]);
        if (!t.completed) expect(streamMeaning(client, out).error).toBeDefined();
      }),
      RUNS,
    );
  });
});

describe.each(PAIRS)('response %s lane → %s client', (lane, client) => {
  it('keeps text, reasoning, tool calls, stop reason and usage', () => {
    fc.assert(
      fc.property(streamSpecArb, (spec) => {
        const upstream = getCodec(lane).encodeResponse(specResponse(spec, lane === 'anthropic'), {
          requestedModel: 'up',
          toolNames: identityToolNames,
        });
        const { body, usage } = translateResponse(lane, client, upstream, ctxFor());
        expect(core(usage)).toEqual(core(spec.usage));
        const back = getCodec(client).decodeResponse(body);
        const text = (type: string) =>
          back.content
            .filter((b) => b.type === type)
            .map((b) => (b as { text: string }).text)
            .join('');
        expect(text('text')).toBe(spec.blocks.flatMap((b) => (b.kind === 'text' ? b.chunks : [])).join(''));
        expect(text('thinking')).toBe(spec.blocks.flatMap((b) => (b.kind === 'thinking' ? b.chunks : [])).join(''));
        const tools = back.content.flatMap((b) => (b.type === 'tool_use' ? [[b.id, b.name, b.input]] : []));
        expect(tools).toEqual(spec.blocks.flatMap((b) => (b.kind === 'tool' ? [[b.id, b.name, b.args]] : [])));
        expect(back.stopReason).toBe(spec.stop);
        expect(core(back.usage)).toEqual(core(spec.usage));
        expect((body as { model?: string }).model).toBe('client-model');
      }),
      RUNS,
    );
  });
});

describe.each(PAIRS)('request %s → %s', (from, to) => {
  it('never throws on valid input and keeps meaning through both protocols', () => {
    fc.assert(
      fc.property(requestArb, (ir) => {
        // Client speaks `from`; lane speaks `to`. Decode → encode → decode (as the lane would see it).
        const clientLane = laneFor(from);
        const first = encodeRequest(from, ir, clientLane);
        const decoded = decodeRequest(from, first);
        const lane = laneFor(to);
        const body = encodeRequest(to, decoded, lane);
        const seen = decodeRequest(to, body);
        // is_error has no Responses form.
        const errors = from !== 'openai-responses' && to !== 'openai-responses';
        const toClient = (n: string) => lane.toolNames.toClient(n);
        const want = requestMeaning(ir, (n) => n, errors);
        const got = requestMeaning(seen, (n) => clientLane.toolNames.toClient(toClient(n)), errors);
        expect(got.system).toBe(want.system);
        expect(got.images).toEqual(want.images);
        expect(got.items).toEqual(want.items);
        expect(seen.maxTokens).toBe(ir.maxTokens);
        // The Responses API has no stop sequences.
        if (from !== 'openai-responses' && to !== 'openai-responses') expect(seen.stopSequences).toEqual(ir.stopSequences);
        // Images are never stringified into text.
        const json = JSON.stringify(body);
        for (const t of seen.messages.flatMap((m) => m.content)) if (t.type === 'text') expect(t.text).not.toMatch(/base64,/);
        if (to !== 'anthropic') expect(json).not.toMatch(/"signature"/);
        if (to !== 'anthropic' && ir.tools) {
          for (const name of (json.match(/"name":"[^"]*"/g) ?? []).map((s) => s.slice(8, -1))) expect(name.length).toBeLessThanOrEqual(64);
        }
        if (ir.toolChoice && ir.toolChoice.type !== 'tool') expect(seen.toolChoice?.type).toBe(ir.toolChoice.type);
        if (ir.toolChoice?.type === 'tool')
          expect(clientLane.toolNames.toClient(toClient((seen.toolChoice as { name: string }).name))).toBe(ir.toolChoice.name);
        if (ir.parallelToolCalls === false) expect(seen.parallelToolCalls).toBe(false);
      }),
      RUNS,
    );
  });
});

describe('signed thinking', () => {
  it('reaches Anthropic lanes byte for byte and no other lane', () => {
    fc.assert(
      fc.property(requestArb, (ir) => {
        const sigs = ir.messages.flatMap((m) => m.content.flatMap((b) => (b.type === 'thinking' && b.signature ? [b.signature] : [])));
        const a = decodeRequest('anthropic', encodeRequest('anthropic', ir, laneFor('anthropic')));
        const back = a.messages.flatMap((m) => m.content.flatMap((b) => (b.type === 'thinking' && b.signature ? [b.signature] : [])));
        expect(back).toEqual(sigs);
        for (const p of ['openai-chat', 'openai-responses'] as const) {
          const json = JSON.stringify(encodeRequest(p, ir, laneFor(p, { reasoningContentOnToolTurns: true })));
          for (const s of sigs) expect(json).not.toContain(s);
        }
      }),
      RUNS,
    );
  });
});
