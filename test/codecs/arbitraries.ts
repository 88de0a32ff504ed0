/**
 * fast-check generators of valid IR: requests (conversations with tools, tool results, images,
 * thinking) and stream event sequences (blocks in a valid order, usage, stop), plus the
 * "meaning" projections that round trips must keep.
 */
import fc from 'fast-check';
import type {
  IRContentBlock,
  IRImageBlock,
  IRMessage,
  IRRequest,
  IRResponse,
  IRStopReason,
  IRStreamEvent,
  IRTool,
  IRUsage,
} from '../../src/shared/ir';
import { imageSourceToUrl } from '../../src/proxy/codecs/shared/images';

/** Text with ASCII, accents, CJK, emoji (4-byte UTF-8) and JSON-hostile characters. */
export const textArb = fc
  .array(
    fc.oneof(
      fc.string({ minLength: 1, maxLength: 12 }),
      fc.constantFrom('日本語', 'é', '😀', '✓', '"quoted"', '\\', '\n', 'a b', '</done>'),
    ),
    {
      minLength: 1,
      maxLength: 6,
    },
  )
  .map((p) => p.join(''))
  .filter((s) => s.trim() !== '');

const jsonValue = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('😀', '日本'));
export const argsArb = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 8 }),
  fc.oneof(jsonValue, fc.array(jsonValue, { maxLength: 3 })),
  { maxKeys: 4 },
);

const SHORT_NAMES = ['Read', 'Bash', 'Edit', 'get_weather', 'screenshot'];
const LONG_NAME = 'mcp__a_really_long_server_name_for_tests__and_an_even_longer_tool_name_x';
export const toolNameArb = fc.constantFrom(...SHORT_NAMES, LONG_NAME);

export const TOOLS: IRTool[] = [...SHORT_NAMES, LONG_NAME].map((name) => ({
  name,
  description: `The ${name} tool`,
  inputSchema: { type: 'object', properties: { a: { type: 'string' } } },
}));

const imageArb: fc.Arbitrary<IRImageBlock> = fc.oneof(
  fc
    .constantFrom('iVBORw0KGgo=', 'R0lGODlhAQAB', '/9j/4AAQSkZJRg==')
    .map((data): IRImageBlock => ({ type: 'image', source: { kind: 'base64', mediaType: 'image/png', data } })),
  fc
    .constantFrom('https://example.com/a.png', 'https://example.com/b.jpg')
    .map((url): IRImageBlock => ({ type: 'image', source: { kind: 'url', url } })),
);

const idArb = fc.stringMatching(/^[a-zA-Z0-9]{4,10}$/);

interface Turn {
  assistant: IRMessage;
  user: IRMessage;
}

const turnArb: fc.Arbitrary<Turn> = fc
  .record({
    thinking: fc.option(fc.record({ text: textArb, signature: fc.stringMatching(/^[A-Za-z0-9+/=]{8,24}$/).map((s) => `Sig${s}`) }), {
      nil: undefined,
    }),
    text: fc.option(textArb, { nil: undefined }),
    calls: fc.array(fc.record({ id: idArb, name: toolNameArb, input: argsArb }), { maxLength: 3 }),
    results: fc.array(
      fc.record({ text: fc.option(textArb, { nil: undefined }), image: fc.option(imageArb, { nil: undefined }), isError: fc.boolean() }),
      {
        minLength: 3,
        maxLength: 3,
      },
    ),
    userText: fc.option(textArb, { nil: undefined }),
  })
  .map(({ thinking, text, calls, results, userText }) => {
    const a: IRContentBlock[] = [];
    if (thinking) a.push({ type: 'thinking', text: thinking.text, provenance: 'anthropic', signature: thinking.signature });
    if (text) a.push({ type: 'text', text });
    const seen = new Set<string>();
    const uniq = calls.filter((c) => !seen.has(c.id) && seen.add(c.id));
    uniq.forEach((c, i) => a.push({ type: 'tool_use', id: `toolu_${c.id}${i}`, name: c.name, input: c.input }));
    const u: IRContentBlock[] = [];
    uniq.forEach((c, i) => {
      const r = results[i];
      const content: Array<IRContentBlock & { type: 'text' | 'image' }> = [];
      content.push({ type: 'text', text: r.text ?? 'ok' });
      if (r.image) content.push(r.image);
      u.push({ type: 'tool_result', toolUseId: `toolu_${c.id}${i}`, content, ...(r.isError ? { isError: true } : {}) });
    });
    if (userText || u.length === 0) u.push({ type: 'text', text: userText ?? 'continue' });
    if (a.length === 0) a.push({ type: 'text', text: 'ok' });
    return { assistant: { role: 'assistant', content: a }, user: { role: 'user', content: u } };
  });

export const requestArb: fc.Arbitrary<IRRequest> = fc
  .record({
    system: fc.array(textArb, { maxLength: 2 }),
    first: textArb,
    firstImage: fc.option(imageArb, { nil: undefined }),
    turns: fc.array(turnArb, { maxLength: 3 }),
    toolChoice: fc.option(
      fc.oneof(
        fc.constant({ type: 'auto' as const }),
        fc.constant({ type: 'any' as const }),
        toolNameArb.map((name) => ({ type: 'tool' as const, name })),
      ),
      { nil: undefined },
    ),
    parallel: fc.option(fc.constant(false), { nil: undefined }),
    maxTokens: fc.integer({ min: 1, max: 64000 }),
    temperature: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    stop: fc.option(fc.array(fc.constantFrom('END', '</done>'), { minLength: 1, maxLength: 2 }), { nil: undefined }),
    stream: fc.boolean(),
  })
  .map((r) => {
    const messages: IRMessage[] = [{ role: 'user', content: [{ type: 'text', text: r.first }, ...(r.firstImage ? [r.firstImage] : [])] }];
    for (const t of r.turns) messages.push(t.assistant, t.user);
    const ir: IRRequest = {
      model: 'client-model',
      system: r.system.map((text) => ({ type: 'text', text })),
      messages,
      stream: r.stream,
      tools: TOOLS,
      maxTokens: r.maxTokens,
    };
    if (r.toolChoice) ir.toolChoice = r.toolChoice;
    if (r.parallel === false) ir.parallelToolCalls = false;
    if (r.temperature !== undefined) ir.temperature = r.temperature;
    if (r.stop) ir.stopSequences = r.stop;
    return ir;
  });

/** Labels a chat lane adds when it moves tool-result images into a user message. */
const LABEL = /^Images returned by tool call /;

export type MeaningItem =
  | { k: 'text'; role: string; text: string }
  | { k: 'tool_use'; id: string; name: string; input: unknown }
  | { k: 'tool_result'; id: string; text: string; isError?: boolean };

export interface RequestMeaning {
  system: string;
  items: MeaningItem[];
  images: string[];
}

export function requestMeaning(ir: IRRequest, toClient: (n: string) => string = (n) => n, withErrors = true): RequestMeaning {
  const items: MeaningItem[] = [];
  const images: string[] = [];
  for (const m of ir.messages) {
    for (const b of m.content) {
      if (b.type === 'text' && !LABEL.test(b.text)) items.push({ k: 'text', role: m.role, text: b.text });
      else if (b.type === 'image') images.push(imageSourceToUrl(b.source));
      else if (b.type === 'tool_use') items.push({ k: 'tool_use', id: b.id, name: toClient(b.name), input: b.input });
      else if (b.type === 'tool_result') {
        let text = '';
        for (const c of b.content) {
          if (c.type === 'text') text += c.text;
          else images.push(imageSourceToUrl(c.source));
        }
        // A placeholder stands in for image-only tool output on text-only tool messages.
        if (/^\(\d+ images? attached in the next message\)$/.test(text)) text = '';
        const item: MeaningItem = { k: 'tool_result', id: b.toolUseId, text };
        if (withErrors && b.isError) item.isError = true;
        items.push(item);
      }
    }
  }
  // Adjacent texts of one role may be merged by a protocol; compare them joined.
  const merged: MeaningItem[] = [];
  for (const it of items) {
    const last = merged[merged.length - 1];
    if (it.k === 'text' && last?.k === 'text' && last.role === it.role) last.text += '\n' + it.text;
    else merged.push(it.k === 'text' ? { ...it } : it);
  }
  return { system: ir.system.map((s) => s.text).join('\n\n'), items: merged, images };
}

// ---------------------------------------------------------------- streams

export interface StreamSpec {
  id: string;
  blocks: Array<
    | { kind: 'text'; chunks: string[] }
    | { kind: 'thinking'; chunks: string[]; signature?: string }
    | { kind: 'tool'; id: string; name: string; args: Record<string, unknown>; cuts: number[] }
  >;
  usage: IRUsage;
  stop: IRStopReason;
}

const chunksArb = fc.array(textArb, { minLength: 1, maxLength: 4 });

export const streamSpecArb: fc.Arbitrary<StreamSpec> = fc
  .record({
    id: idArb,
    blocks: fc.array(
      fc.oneof(
        chunksArb.map((chunks) => ({ kind: 'text' as const, chunks })),
        fc
          .record({ chunks: chunksArb, signature: fc.stringMatching(/^[A-Za-z0-9+/]{8,16}$/) })
          .map((t) => ({ kind: 'thinking' as const, ...t })),
        fc
          .record({ id: idArb, name: toolNameArb, args: argsArb, cuts: fc.array(fc.nat(60), { maxLength: 4 }) })
          .map((t) => ({ kind: 'tool' as const, ...t, id: `call_${t.id}` })),
      ),
      { maxLength: 5 },
    ),
    usage: fc.record({
      inputTokens: fc.nat(100000),
      outputTokens: fc.nat(5000),
      cacheReadTokens: fc.nat(50000),
      cacheWriteTokens: fc.constant(0),
    }),
    stop: fc.constantFrom<IRStopReason>('end_turn', 'max_tokens'),
  })
  .map((s) => {
    const seen = new Set<string>();
    const blocks = s.blocks.filter((b) => b.kind !== 'tool' || (!seen.has(b.id) && seen.add(b.id)));
    return { ...s, blocks, stop: seen.size > 0 ? 'tool_use' : s.stop };
  });

/** The IR events an upstream of any protocol would produce for the spec. */
export function specEvents(spec: StreamSpec, withSignature: boolean): IRStreamEvent[] {
  const ev: IRStreamEvent[] = [
    {
      type: 'start',
      id: spec.id,
      model: 'up',
      usage: { inputTokens: spec.usage.inputTokens, cacheReadTokens: spec.usage.cacheReadTokens, cacheWriteTokens: 0 },
    },
  ];
  spec.blocks.forEach((b, index) => {
    if (b.kind === 'text') {
      ev.push({ type: 'block_start', index, block: { type: 'text' } });
      for (const c of b.chunks) ev.push({ type: 'text_delta', index, text: c });
    } else if (b.kind === 'thinking') {
      ev.push({ type: 'block_start', index, block: { type: 'thinking', provenance: withSignature ? 'anthropic' : 'openai-chat' } });
      for (const c of b.chunks) ev.push({ type: 'thinking_delta', index, text: c });
      if (withSignature && b.signature) ev.push({ type: 'signature_delta', index, signature: b.signature });
    } else {
      ev.push({ type: 'block_start', index, block: { type: 'tool_use', id: b.id, name: b.name } });
      const json = JSON.stringify(b.args);
      const cuts = [...new Set(b.cuts.map((c) => Math.min(c, json.length)))].sort((x, y) => x - y);
      let prev = 0;
      for (const c of [...cuts, json.length]) {
        if (c > prev) ev.push({ type: 'tool_input_delta', index, partialJson: json.slice(prev, c) });
        prev = c;
      }
    }
    ev.push({ type: 'block_stop', index });
  });
  ev.push({ type: 'usage', usage: { outputTokens: spec.usage.outputTokens } });
  ev.push({ type: 'stop', stopReason: spec.stop });
  ev.push({ type: 'end' });
  return ev;
}

/** A non-stream response with the same shapes as the stream spec. */
export function specResponse(spec: StreamSpec, withSignature: boolean): IRResponse {
  const content: IRContentBlock[] = spec.blocks.map((b): IRContentBlock => {
    if (b.kind === 'text') return { type: 'text', text: b.chunks.join('') };
    if (b.kind === 'thinking') {
      return withSignature
        ? { type: 'thinking', text: b.chunks.join(''), provenance: 'anthropic', signature: b.signature }
        : { type: 'thinking', text: b.chunks.join(''), provenance: 'openai-chat' };
    }
    return { type: 'tool_use', id: b.id, name: b.name, input: b.args };
  });
  return { id: spec.id, model: 'up', content, stopReason: spec.stop, stopSequence: null, usage: spec.usage };
}
