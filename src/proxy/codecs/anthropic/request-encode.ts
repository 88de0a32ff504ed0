/** IR → Anthropic Messages request (for Anthropic lanes). */
import type { IRContentBlock, IRImageBlock, IRReasoningEffort, IRRequest, IRTextBlock, IRTool } from '../../../shared/ir';
import type { LaneOptions } from '../codec';
import { effortToBudget } from '../shared/effort';
import { imageSourceFromUrl } from '../shared/images';
import { toolInputObject, type Obj } from '../shared/json';
import { cleanToolSchema } from '../shared/schema-clean';

const DEFAULT_MAX_TOKENS = 8192;

function encodeImage(b: IRImageBlock): Obj {
  const s = b.source;
  if (s.kind === 'base64') return { type: 'image', source: { type: 'base64', media_type: s.mediaType, data: s.data } };
  const parsed = imageSourceFromUrl(s.url);
  if (parsed.kind === 'base64') return { type: 'image', source: { type: 'base64', media_type: parsed.mediaType, data: parsed.data } };
  return { type: 'image', source: { type: 'url', url: s.url } };
}

function encodeText(b: IRTextBlock, keepCache: boolean): Obj {
  return keepCache && b.cacheControl !== undefined
    ? { type: 'text', text: b.text, cache_control: b.cacheControl }
    : { type: 'text', text: b.text };
}

/** One IR block → Anthropic block, or undefined when it cannot go to an Anthropic lane. */
function encodeBlock(b: IRContentBlock, lane: LaneOptions): Obj | undefined {
  switch (b.type) {
    case 'text':
      // Anthropic rejects empty text blocks.
      return b.text === '' ? undefined : encodeText(b, true);
    case 'image':
      return encodeImage(b);
    case 'thinking':
      // Only Anthropic-minted, signed thinking can go back; never invent a signature.
      if (b.provenance !== 'anthropic' || !b.signature) return undefined;
      return { type: 'thinking', thinking: b.text, signature: b.signature };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: b.data };
    case 'tool_use':
      return {
        type: b.server ? 'server_tool_use' : 'tool_use',
        id: b.id,
        name: lane.toolNames.toUpstream(b.name),
        input: toolInputObject(b.input),
      };
    case 'tool_result': {
      const content: Obj[] = [];
      for (const c of b.content) {
        if (c.type === 'text') {
          if (c.text !== '') content.push(encodeText(c, true));
        } else content.push(encodeImage(c));
      }
      const out: Obj = { type: 'tool_result', tool_use_id: b.toolUseId, content };
      if (b.isError) out.is_error = true;
      return out;
    }
    case 'opaque':
      return b.provenance === 'anthropic' ? (b.raw as Obj) : undefined;
  }
}

function encodeTool(t: IRTool, lane: LaneOptions): Obj | undefined {
  if (t.builtin) return t.builtin.provenance === 'anthropic' ? (t.builtin.raw as Obj) : undefined;
  const schema = lane.provider.capabilities?.cleanToolSchemas ? (cleanToolSchema(t.inputSchema) as Obj) : t.inputSchema;
  const out: Obj = { name: lane.toolNames.toUpstream(t.name) };
  if (t.description !== undefined) out.description = t.description;
  out.input_schema = schema;
  if (t.cacheControl !== undefined) out.cache_control = t.cacheControl;
  return out;
}

function thinkingFor(ir: IRRequest, lane: LaneOptions, maxTokens: number): Obj | undefined {
  if (ir.thinking) {
    if (ir.thinking.type === 'enabled') {
      const budget = ir.thinking.budgetTokens ?? effortToBudget(ir.reasoningEffort ?? 'medium', lane.effortTable);
      return fitBudget(budget, maxTokens);
    }
    return { type: ir.thinking.type };
  }
  if (ir.reasoningEffort && ir.reasoningEffort !== 'minimal' && lane.provider.capabilities?.thinking !== false) {
    return fitBudget(effortToBudget(ir.reasoningEffort, lane.effortTable), maxTokens);
  }
  return undefined;
}

/** Anthropic needs 1024 ≤ budget_tokens < max_tokens. */
function fitBudget(budget: number, maxTokens: number): Obj | undefined {
  const b = Math.min(Math.max(1024, budget), maxTokens - 1);
  return b < 1024 ? undefined : { type: 'enabled', budget_tokens: b };
}

export function encodeAnthropicRequest(ir: IRRequest, lane: LaneOptions): Obj {
  const out: Obj = { model: lane.upstreamModel };
  const sameProtocol = ir.extra?.provenance === 'anthropic';
  if (ir.system.length > 0) out.system = ir.system.map((b) => encodeText(b, true));

  const messages: Obj[] = [];
  let last: { role: string; content: Obj[] } | undefined;
  for (const m of ir.messages) {
    const content: Obj[] = [];
    for (const b of m.content) {
      const e = encodeBlock(b, lane);
      if (e) content.push(e);
    }
    if (content.length === 0) continue;
    // Dropped blocks can leave two turns of one role next to each other: merge them.
    if (last && last.role === m.role) last.content.push(...content);
    else {
      last = { role: m.role, content };
      messages.push(last);
    }
  }
  // Anthropic wants a user turn's tool_result blocks before anything else in it (stable sort).
  for (const m of messages) {
    const c = m.content as Obj[];
    if (m.role === 'user' && c.length > 1 && c[0].type !== 'tool_result' && c.some((b) => b.type === 'tool_result')) {
      c.sort((a, b) => (a.type === 'tool_result' ? 0 : 1) - (b.type === 'tool_result' ? 0 : 1));
    }
  }
  out.messages = messages;

  const cap = lane.provider.capabilities?.maxOutputTokens;
  const maxTokens = Math.min(ir.maxTokens ?? DEFAULT_MAX_TOKENS, cap ?? Infinity);
  out.max_tokens = maxTokens;
  if (ir.stopSequences && ir.stopSequences.length > 0) out.stop_sequences = ir.stopSequences;
  if (ir.stream) out.stream = true;

  let thinking = thinkingFor(ir, lane, maxTokens);
  // With thinking enabled, Anthropic rejects a tool loop whose last assistant turn does not start
  // with a signed thinking block — the case after a turn served by another lane. Turn it off.
  // (Adaptive thinking allows turns without thinking.)
  if (thinking?.type === 'enabled' && lastToolTurnUnsigned(messages)) thinking = undefined;
  // Thinking cannot be combined with a forced tool (tool_choice any / tool): the choice wins.
  const forced = ir.toolChoice?.type === 'any' || ir.toolChoice?.type === 'tool';
  if (thinking && thinking.type !== 'disabled' && forced && !sameProtocol && ir.tools?.length) thinking = undefined;
  if (thinking) out.thinking = thinking;
  // Extended thinking rejects temperature other than 1 and top_k; keep them only without it.
  const thinkingOn = thinking !== undefined && thinking.type !== 'disabled';
  if (!thinkingOn || sameProtocol) {
    if (ir.temperature !== undefined) out.temperature = ir.temperature;
    if (ir.topK !== undefined) out.top_k = ir.topK;
  }
  if (ir.topP !== undefined && (!thinkingOn || sameProtocol || ir.topP >= 0.95)) out.top_p = ir.topP;

  if (ir.tools && ir.tools.length > 0) {
    const tools: Obj[] = [];
    for (const t of ir.tools) {
      const e = encodeTool(t, lane);
      if (e) tools.push(e);
    }
    if (tools.length > 0) {
      out.tools = tools;
      const tc = encodeToolChoice(ir, lane);
      if (tc) out.tool_choice = tc;
    }
  }
  if (ir.user !== undefined) out.metadata = { user_id: ir.user };

  if (sameProtocol && ir.extra) {
    for (const [k, v] of Object.entries(ir.extra.fields)) {
      if (k === 'thinking') {
        if (thinking) out.thinking = v;
      } else if (!(k in out)) out[k] = v;
    }
  } else if (ir.reasoningEffort && ir.thinking?.type === 'adaptive') {
    out.output_config = { effort: effortName(ir.reasoningEffort) };
  }
  return out;
}

function lastToolTurnUnsigned(messages: Obj[]): boolean {
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role !== 'assistant') continue;
    const c = messages[i].content as Obj[];
    const first = c[0]?.type;
    return c.some((b) => b.type === 'tool_use') && first !== 'thinking' && first !== 'redacted_thinking';
  }
  return false;
}

function effortName(e: IRReasoningEffort): string {
  return e === 'xhigh' ? 'max' : e === 'minimal' ? 'low' : e;
}

function encodeToolChoice(ir: IRRequest, lane: LaneOptions): Obj | undefined {
  const noParallel = ir.parallelToolCalls === false;
  const c = ir.toolChoice;
  if (!c) return noParallel ? { type: 'auto', disable_parallel_tool_use: true } : undefined;
  if (c.type === 'none') return { type: 'none' };
  const out: Obj = c.type === 'tool' ? { type: 'tool', name: lane.toolNames.toUpstream(c.name) } : { type: c.type };
  if (noParallel) out.disable_parallel_tool_use = true;
  return out;
}
