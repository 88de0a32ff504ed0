/** Anthropic Messages request → IR. */
import type {
  IRContentBlock,
  IRImageBlock,
  IRMessage,
  IRRequest,
  IRTextBlock,
  IRThinkingConfig,
  IRTool,
  IRToolChoice,
} from '../../../shared/ir';
import { parseEffort } from '../shared/effort';
import { imageSourceFromUrl } from '../shared/images';
import { invalid, isObj, type Obj } from '../shared/json';

/** Top-level fields the IR models; everything else rides in `extra` for Anthropic lanes only. */
const MODELED = new Set([
  'model',
  'system',
  'messages',
  'tools',
  'tool_choice',
  'max_tokens',
  'temperature',
  'top_p',
  'top_k',
  'stop_sequences',
  'stream',
  'thinking',
  'metadata',
]);

function decodeImage(b: Obj): IRImageBlock | undefined {
  const src = b.source;
  if (!isObj(src)) return undefined;
  if (src.type === 'base64' && typeof src.data === 'string') {
    return {
      type: 'image',
      source: { kind: 'base64', mediaType: typeof src.media_type === 'string' ? src.media_type : 'image/png', data: src.data },
    };
  }
  if (src.type === 'url' && typeof src.url === 'string') return { type: 'image', source: imageSourceFromUrl(src.url) };
  return undefined;
}

function decodeText(b: Obj): IRTextBlock {
  const t: IRTextBlock = { type: 'text', text: typeof b.text === 'string' ? b.text : '' };
  if (b.cache_control !== undefined) t.cacheControl = b.cache_control;
  return t;
}

export function decodeAnthropicBlock(b: unknown): IRContentBlock | undefined {
  if (typeof b === 'string') return { type: 'text', text: b };
  if (!isObj(b)) return undefined;
  switch (b.type) {
    case 'text':
      return decodeText(b);
    case 'image':
      return decodeImage(b) ?? { type: 'opaque', provenance: 'anthropic', raw: b };
    case 'thinking': {
      const t: IRContentBlock = { type: 'thinking', text: typeof b.thinking === 'string' ? b.thinking : '', provenance: 'anthropic' };
      if (typeof b.signature === 'string') t.signature = b.signature;
      return t;
    }
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: typeof b.data === 'string' ? b.data : '' };
    case 'tool_use':
    case 'server_tool_use': {
      const u: IRContentBlock = { type: 'tool_use', id: String(b.id ?? ''), name: String(b.name ?? ''), input: b.input ?? {} };
      if (b.type === 'server_tool_use') u.server = true;
      return u;
    }
    case 'tool_result': {
      const content: Array<IRTextBlock | IRImageBlock> = [];
      if (typeof b.content === 'string') content.push({ type: 'text', text: b.content });
      else if (Array.isArray(b.content)) {
        for (const c of b.content) {
          if (!isObj(c)) continue;
          if (c.type === 'text') content.push(decodeText(c));
          else if (c.type === 'image') {
            const img = decodeImage(c);
            if (img) content.push(img);
          }
        }
      }
      const r: IRContentBlock = { type: 'tool_result', toolUseId: String(b.tool_use_id ?? ''), content };
      if (b.is_error === true) r.isError = true;
      return r;
    }
    default:
      return { type: 'opaque', provenance: 'anthropic', raw: b };
  }
}

function decodeTool(t: unknown, i: number): IRTool {
  if (!isObj(t)) throw invalid(`tools.${i}: expected an object`);
  if (typeof t.name !== 'string') throw invalid(`tools.${i}.name: expected a string`);
  const tool: IRTool = { name: t.name, inputSchema: isObj(t.input_schema) ? t.input_schema : { type: 'object', properties: {} } };
  if (typeof t.description === 'string') tool.description = t.description;
  if (t.cache_control !== undefined) tool.cacheControl = t.cache_control;
  // Typed tools other than `custom` are Anthropic built-ins (web_search_20250305, bash_…).
  if (typeof t.type === 'string' && t.type !== 'custom') tool.builtin = { provenance: 'anthropic', raw: t };
  return tool;
}

function decodeToolChoice(tc: unknown): { choice?: IRToolChoice; parallel?: boolean } {
  if (!isObj(tc)) return {};
  const parallel = tc.disable_parallel_tool_use === true ? false : undefined;
  switch (tc.type) {
    case 'auto':
    case 'any':
    case 'none':
      return { choice: { type: tc.type }, parallel };
    case 'tool':
      return { choice: { type: 'tool', name: String(tc.name ?? '') }, parallel };
    default:
      return { parallel };
  }
}

export function decodeAnthropicRequest(body: unknown): IRRequest {
  if (!isObj(body)) throw invalid('body: expected a JSON object');
  if (typeof body.model !== 'string') throw invalid('model: expected a string');
  if (!Array.isArray(body.messages)) throw invalid('messages: expected an array');

  const system: IRTextBlock[] = [];
  if (typeof body.system === 'string') {
    if (body.system !== '') system.push({ type: 'text', text: body.system });
  } else if (Array.isArray(body.system)) {
    for (const b of body.system) if (isObj(b) && b.type === 'text') system.push(decodeText(b));
  }

  const messages: IRMessage[] = [];
  for (let i = 0; i < body.messages.length; i++) {
    const m = body.messages[i] as unknown;
    if (isObj(m) && m.role === 'system') {
      // Claude Code 2.1 sends environment notes as system turns; the IR keeps one system prompt.
      if (typeof m.content === 'string') system.push({ type: 'text', text: m.content });
      else if (Array.isArray(m.content)) for (const b of m.content) if (isObj(b) && b.type === 'text') system.push(decodeText(b));
      continue;
    }
    if (!isObj(m) || (m.role !== 'user' && m.role !== 'assistant'))
      throw invalid(`messages.${i}.role: expected "user", "assistant" or "system"`);
    const content: IRContentBlock[] = [];
    if (typeof m.content === 'string') content.push({ type: 'text', text: m.content });
    else if (Array.isArray(m.content)) {
      for (const b of m.content) {
        const d = decodeAnthropicBlock(b);
        if (d) content.push(d);
      }
    } else throw invalid(`messages.${i}.content: expected a string or an array`);
    messages.push({ role: m.role, content });
  }

  const ir: IRRequest = { model: body.model, system, messages, stream: body.stream === true };
  const extraFields: Obj = {};
  if (Array.isArray(body.tools)) ir.tools = body.tools.map(decodeTool);
  const tc = decodeToolChoice(body.tool_choice);
  if (tc.choice) ir.toolChoice = tc.choice;
  if (tc.parallel === false) ir.parallelToolCalls = false;
  if (typeof body.max_tokens === 'number') ir.maxTokens = body.max_tokens;
  if (typeof body.temperature === 'number') ir.temperature = body.temperature;
  if (typeof body.top_p === 'number') ir.topP = body.top_p;
  if (typeof body.top_k === 'number') ir.topK = body.top_k;
  if (Array.isArray(body.stop_sequences)) ir.stopSequences = body.stop_sequences.filter((s): s is string => typeof s === 'string');
  if (isObj(body.thinking)) {
    const t = body.thinking;
    // Raw copy too: same-protocol re-encoding keeps fields the IR does not model (display).
    extraFields.thinking = t;
    if (t.type === 'enabled' || t.type === 'adaptive' || t.type === 'disabled') {
      const cfg: IRThinkingConfig = { type: t.type };
      if (typeof t.budget_tokens === 'number') cfg.budgetTokens = t.budget_tokens;
      ir.thinking = cfg;
    }
  }
  if (isObj(body.output_config)) {
    const e = parseEffort(body.output_config.effort);
    if (e) ir.reasoningEffort = e;
  }
  if (isObj(body.metadata) && typeof body.metadata.user_id === 'string') ir.user = body.metadata.user_id;

  for (const k of Object.keys(body)) if (!MODELED.has(k)) extraFields[k] = body[k];
  ir.extra = { provenance: 'anthropic', fields: extraFields };
  return ir;
}
