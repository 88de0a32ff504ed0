/** OpenAI Chat Completions request ↔ IR. */
import type { IRContentBlock, IRImageBlock, IRMessage, IRRequest, IRTextBlock, IRTool, IRToolResultBlock } from '../../../shared/ir';
import type { LaneOptions } from '../codec';
import { budgetToEffort, parseEffort } from '../shared/effort';
import { imageSourceFromUrl, imageSourceToUrl } from '../shared/images';
import { invalid, isObj, makeId, parseToolArguments, type Obj } from '../shared/json';
import { chatAssistantParts } from './assistant';
import { cleanToolSchema, ensureObjectSchema } from '../shared/schema-clean';

const MODELED = new Set([
  'model',
  'messages',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'top_k',
  'stop',
  'stream',
  'stream_options',
  'reasoning_effort',
  'user',
]);

/** Chat has no is_error on tool messages; this prefix carries it both ways. */
const ERROR_PREFIX = 'Error: ';

// ---------------------------------------------------------------- decode

function decodeParts(content: unknown, where: string): Array<IRTextBlock | IRImageBlock | IRContentBlock> {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (content === null || content === undefined) return [];
  if (!Array.isArray(content)) throw invalid(`${where}: expected a string or an array of parts`);
  const out: IRContentBlock[] = [];
  for (const p of content) {
    if (typeof p === 'string') out.push({ type: 'text', text: p });
    else if (!isObj(p)) continue;
    else if (p.type === 'text' && typeof p.text === 'string') out.push({ type: 'text', text: p.text });
    else if (p.type === 'refusal' && typeof p.refusal === 'string') out.push({ type: 'text', text: p.refusal });
    else if (p.type === 'image_url') {
      const iu = p.image_url;
      const url = typeof iu === 'string' ? iu : isObj(iu) && typeof iu.url === 'string' ? iu.url : undefined;
      if (url === undefined) continue;
      const img: IRImageBlock = { type: 'image', source: imageSourceFromUrl(url) };
      if (isObj(iu) && typeof iu.detail === 'string') img.detail = iu.detail;
      out.push(img);
    } else out.push({ type: 'opaque', provenance: 'openai-chat', raw: p });
  }
  return out;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let s = '';
  for (const p of content) if (isObj(p) && typeof p.text === 'string') s += (s ? '\n' : '') + p.text;
  return s;
}

function decodeToolMessage(m: Obj, i: number): IRToolResultBlock {
  const parts = decodeParts(m.content, `messages.${i}.content`);
  const content = parts.filter((p): p is IRTextBlock | IRImageBlock => p.type === 'text' || p.type === 'image');
  const r: IRToolResultBlock = { type: 'tool_result', toolUseId: String(m.tool_call_id ?? ''), content };
  const first = content[0];
  if (first?.type === 'text' && first.text.startsWith(ERROR_PREFIX)) {
    r.isError = true;
    content[0] = { type: 'text', text: first.text.slice(ERROR_PREFIX.length) };
  }
  return r;
}

function decodeAssistant(m: Obj, i: number): IRContentBlock[] {
  const out: IRContentBlock[] = [];
  const reasoning = typeof m.reasoning_content === 'string' ? m.reasoning_content : typeof m.reasoning === 'string' ? m.reasoning : '';
  if (reasoning !== '') out.push({ type: 'thinking', text: reasoning, provenance: 'openai-chat' });
  for (const p of decodeParts(m.content, `messages.${i}.content`)) out.push(p);
  if (typeof m.refusal === 'string' && m.refusal !== '') out.push({ type: 'text', text: m.refusal });
  if (Array.isArray(m.tool_calls)) {
    for (const tc of m.tool_calls) {
      if (!isObj(tc)) continue;
      const fn = isObj(tc.function) ? tc.function : {};
      out.push({
        type: 'tool_use',
        id: String(tc.id ?? makeId('call_')),
        name: String(fn.name ?? ''),
        input: parseToolArguments(fn.arguments),
      });
    }
  }
  return out;
}

export function decodeChatRequest(body: unknown): IRRequest {
  if (!isObj(body)) throw invalid('body: expected a JSON object');
  if (typeof body.model !== 'string') throw invalid('model: expected a string');
  if (!Array.isArray(body.messages)) throw invalid('messages: expected an array');

  const system: IRTextBlock[] = [];
  const messages: IRMessage[] = [];
  const push = (role: 'user' | 'assistant', blocks: IRContentBlock[], mergeable: boolean) => {
    const last = messages[messages.length - 1];
    if (mergeable && last && last.role === role) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  };
  for (let i = 0; i < body.messages.length; i++) {
    const m = body.messages[i] as unknown;
    if (!isObj(m)) throw invalid(`messages.${i}: expected an object`);
    switch (m.role) {
      case 'system':
      case 'developer': {
        const t = textOf(m.content);
        if (t !== '') system.push({ type: 'text', text: t });
        break;
      }
      case 'user':
        push('user', decodeParts(m.content, `messages.${i}.content`), true);
        break;
      case 'assistant':
        push('assistant', decodeAssistant(m, i), false);
        break;
      case 'tool':
      case 'function':
        // Tool results live in the user turn that follows the assistant's calls.
        push('user', [decodeToolMessage(m.role === 'function' ? { ...m, tool_call_id: m.name } : m, i)], true);
        break;
      default:
        throw invalid(`messages.${i}.role: unknown role ${JSON.stringify(m.role)}`);
    }
  }

  const ir: IRRequest = { model: body.model, system, messages, stream: body.stream === true };
  if (Array.isArray(body.tools)) {
    ir.tools = body.tools.map((t, i): IRTool => {
      if (!isObj(t)) throw invalid(`tools.${i}: expected an object`);
      if (t.type === 'function' && isObj(t.function)) {
        const fn = t.function;
        if (typeof fn.name !== 'string') throw invalid(`tools.${i}.function.name: expected a string`);
        const tool: IRTool = { name: fn.name, inputSchema: isObj(fn.parameters) ? fn.parameters : { type: 'object', properties: {} } };
        if (typeof fn.description === 'string') tool.description = fn.description;
        if (typeof fn.strict === 'boolean') tool.strict = fn.strict;
        return tool;
      }
      return { name: String(t.type ?? `tool_${i}`), inputSchema: {}, builtin: { provenance: 'openai-chat', raw: t } };
    });
  }
  const tc = body.tool_choice;
  if (tc === 'auto' || tc === 'none') ir.toolChoice = { type: tc };
  else if (tc === 'required') ir.toolChoice = { type: 'any' };
  else if (isObj(tc) && isObj(tc.function) && typeof tc.function.name === 'string')
    ir.toolChoice = { type: 'tool', name: tc.function.name };
  if (body.parallel_tool_calls === false) ir.parallelToolCalls = false;
  else if (body.parallel_tool_calls === true) ir.parallelToolCalls = true;
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (typeof maxTokens === 'number') ir.maxTokens = maxTokens;
  if (typeof body.temperature === 'number') ir.temperature = body.temperature;
  if (typeof body.top_p === 'number') ir.topP = body.top_p;
  if (typeof body.top_k === 'number') ir.topK = body.top_k;
  if (typeof body.stop === 'string') ir.stopSequences = [body.stop];
  else if (Array.isArray(body.stop)) ir.stopSequences = body.stop.filter((s): s is string => typeof s === 'string');
  const effort = parseEffort(body.reasoning_effort);
  if (effort) ir.reasoningEffort = effort;
  if (typeof body.user === 'string') ir.user = body.user;

  let extra: Obj | undefined;
  for (const k of Object.keys(body)) {
    if (MODELED.has(k)) continue;
    extra ??= {};
    extra[k] = body[k];
  }
  // Remember which max-token field the client used so a chat lane gets the same one back.
  if (body.max_completion_tokens !== undefined) (extra ??= {}).max_completion_tokens = body.max_completion_tokens;
  ir.extra = { provenance: 'openai-chat', fields: extra ?? {} };
  return ir;
}

// ---------------------------------------------------------------- encode

function imagePart(b: IRImageBlock): Obj {
  const iu: Obj = { url: imageSourceToUrl(b.source) };
  if (b.detail !== undefined) iu.detail = b.detail;
  return { type: 'image_url', image_url: iu };
}

/** Text-only content stays a plain string: many compatible servers accept nothing else. */
function userContent(blocks: Array<IRTextBlock | IRImageBlock | Obj>): string | Obj[] {
  if (blocks.every((b) => b.type === 'text')) return blocks.map((b) => (b as IRTextBlock).text).join('\n');
  return blocks.map((b): Obj =>
    b.type === 'text' ? { type: 'text', text: (b as IRTextBlock).text } : b.type === 'image' ? imagePart(b as IRImageBlock) : (b as Obj),
  );
}

function encodeUserMessage(m: IRMessage, out: Obj[]): void {
  const rest: Array<IRTextBlock | IRImageBlock | Obj> = [];
  const toolImages: Array<{ id: string; images: IRImageBlock[] }> = [];
  for (const b of m.content) {
    if (b.type === 'tool_result') {
      let text = '';
      const images: IRImageBlock[] = [];
      for (const c of b.content) {
        if (c.type === 'text') text += (text ? '\n' : '') + c.text;
        else images.push(c);
      }
      if (images.length > 0) {
        toolImages.push({ id: b.toolUseId, images });
        if (text === '') text = `(${images.length} image${images.length > 1 ? 's' : ''} attached in the next message)`;
      }
      out.push({ role: 'tool', tool_call_id: b.toolUseId, content: b.isError ? ERROR_PREFIX + text : text });
    } else if (b.type === 'text') {
      if (b.text !== '') rest.push(b);
    } else if (b.type === 'image') rest.push(b);
    else if (b.type === 'opaque' && b.provenance === 'openai-chat') rest.push(b.raw as Obj);
    // Thinking and foreign opaque blocks in a user turn have no chat form.
  }
  // Chat tool messages hold text only: their images move to a user message right after.
  if (toolImages.length > 0) {
    const parts: Array<IRTextBlock | IRImageBlock> = [];
    for (const t of toolImages) {
      parts.push({ type: 'text', text: `Images returned by tool call ${t.id}:` });
      parts.push(...t.images);
    }
    rest.unshift(...parts);
  }
  if (rest.length > 0) out.push({ role: 'user', content: userContent(rest) });
}

function encodeAssistantMessage(m: IRMessage, lane: LaneOptions, out: Obj[]): void {
  const { text, reasoning, calls } = chatAssistantParts(m.content, (n) => lane.toolNames.toUpstream(n));
  if (text === '' && calls.length === 0) return;
  const msg: Obj = { role: 'assistant', content: text === '' ? null : text };
  if (calls.length > 0) {
    msg.tool_calls = calls;
    // DeepSeek-style providers reject a tool-call turn whose reasoning is not sent back.
    if (lane.provider.capabilities?.reasoningContentOnToolTurns) msg.reasoning_content = reasoning;
  }
  out.push(msg);
}

export function encodeChatRequest(ir: IRRequest, lane: LaneOptions): Obj {
  const sameProtocol = ir.extra?.provenance === 'openai-chat';
  const messages: Obj[] = [];
  if (ir.system.length > 0) messages.push({ role: 'system', content: ir.system.map((b) => b.text).join('\n\n') });
  for (const m of ir.messages) {
    if (m.role === 'user') encodeUserMessage(m, messages);
    else encodeAssistantMessage(m, lane, messages);
  }
  const out: Obj = { model: lane.upstreamModel, messages };

  const cap = lane.provider.capabilities?.maxOutputTokens;
  const maxTokens = ir.maxTokens !== undefined && cap !== undefined ? Math.min(ir.maxTokens, cap) : ir.maxTokens;
  if (maxTokens !== undefined) {
    if (sameProtocol && ir.extra?.fields.max_completion_tokens !== undefined) out.max_completion_tokens = maxTokens;
    else out.max_tokens = maxTokens;
  }
  if (ir.temperature !== undefined) out.temperature = ir.temperature;
  if (ir.topP !== undefined) out.top_p = ir.topP;
  if (ir.topK !== undefined && sameProtocol) out.top_k = ir.topK;
  if (ir.stopSequences && ir.stopSequences.length > 0) out.stop = ir.stopSequences;
  if (ir.stream) {
    out.stream = true;
    // Usage arrives in a final chunk only when asked for.
    out.stream_options = { include_usage: true };
  }

  if (ir.tools && ir.tools.length > 0) {
    const clean = lane.provider.capabilities?.cleanToolSchemas === true;
    const tools: Obj[] = [];
    for (const t of ir.tools) {
      if (t.builtin) {
        if (t.builtin.provenance === 'openai-chat') tools.push(t.builtin.raw as Obj);
        continue; // Other protocols' built-ins (Anthropic web_search, …) have no chat form.
      }
      const params = ensureObjectSchema(clean ? (cleanToolSchema(t.inputSchema) as Obj) : t.inputSchema);
      const fn: Obj = { name: lane.toolNames.toUpstream(t.name) };
      if (t.description !== undefined) fn.description = t.description;
      fn.parameters = params;
      if (t.strict !== undefined) fn.strict = t.strict;
      tools.push({ type: 'function', function: fn });
    }
    if (tools.length > 0) {
      out.tools = tools;
      const c = ir.toolChoice;
      if (c) {
        if (c.type === 'auto' || c.type === 'none') out.tool_choice = c.type;
        else if (c.type === 'any') out.tool_choice = 'required';
        else out.tool_choice = { type: 'function', function: { name: lane.toolNames.toUpstream(c.name) } };
      }
      if (ir.parallelToolCalls !== undefined && c?.type !== 'none') out.parallel_tool_calls = ir.parallelToolCalls;
    }
  }

  const effort = chatEffort(ir, lane, sameProtocol);
  if (effort) out.reasoning_effort = effort;
  if (ir.user !== undefined && sameProtocol) out.user = ir.user;

  if (sameProtocol && ir.extra) {
    for (const [k, v] of Object.entries(ir.extra.fields)) if (!(k in out) && k !== 'max_completion_tokens') out[k] = v;
  }
  return out;
}

/**
 * reasoning_effort is rejected by non-reasoning models (OpenAI answers 400), so it is sent only
 * when the client asked for it in chat terms or the lane declares `capabilities.thinking`.
 */
function chatEffort(ir: IRRequest, lane: LaneOptions, sameProtocol: boolean): string | undefined {
  if (ir.thinking?.type === 'disabled') return undefined;
  if (sameProtocol) return ir.reasoningEffort;
  if (lane.provider.capabilities?.thinking !== true) return undefined;
  if (ir.reasoningEffort) return ir.reasoningEffort === 'xhigh' ? 'high' : ir.reasoningEffort;
  if (ir.thinking?.type === 'enabled' && ir.thinking.budgetTokens !== undefined) {
    const e = budgetToEffort(ir.thinking.budgetTokens, lane.effortTable);
    return e === 'xhigh' ? 'high' : e;
  }
  return undefined;
}
