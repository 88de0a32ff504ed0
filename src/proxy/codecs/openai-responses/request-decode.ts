/**
 * Responses request body (what Codex sends) → IR request.
 *
 * Items are folded into alternating IR turns: assistant-side items (message, reasoning,
 * function_call, custom_tool_call) join the current assistant turn, tool outputs become
 * tool_result blocks in a user turn, developer/system messages go to IR system.
 */
import { SwitchyardError } from '../../../shared/errors';
import type {
  IRContentBlock,
  IRImageBlock,
  IRMessage,
  IRReasoningEffort,
  IRRequest,
  IRRole,
  IRTextBlock,
  IRThinkingBlock,
  IRTool,
  IRToolChoice,
} from '../../../shared/ir';
import { imageFromUrl, isObj, num, parseArgs, str, type Obj } from './util';

/** Top-level fields the IR models; everything else is kept in `extra`. */
const MODELED = new Set([
  'model',
  'instructions',
  'input',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'max_output_tokens',
  'temperature',
  'top_p',
  'stream',
  'user',
]);

const EFFORTS: ReadonlySet<string> = new Set(['minimal', 'low', 'medium', 'high', 'xhigh']);

function invalid(message: string): SwitchyardError {
  return new SwitchyardError('invalid_request', message);
}

class TurnBuilder {
  readonly messages: IRMessage[] = [];
  readonly system: IRTextBlock[] = [];

  push(role: IRRole, block: IRContentBlock): void {
    const last = this.messages[this.messages.length - 1];
    if (last && last.role === role) last.content.push(block);
    else this.messages.push({ role, content: [block] });
  }
}

function decodeParts(content: unknown, path: string): Array<IRTextBlock | IRImageBlock | IRContentBlock> {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  if (!Array.isArray(content)) throw invalid(`${path}.content must be a string or an array`);
  const out: IRContentBlock[] = [];
  for (const part of content) {
    if (!isObj(part)) continue;
    switch (part.type) {
      case 'input_text':
      case 'output_text':
      case 'text':
      case 'summary_text':
        out.push({ type: 'text', text: str(part.text) ?? '' });
        break;
      case 'refusal':
        out.push({ type: 'text', text: str(part.refusal) ?? '' });
        break;
      case 'input_image': {
        const url = str(part.image_url) ?? (isObj(part.image_url) ? str(part.image_url.url) : undefined);
        if (url !== undefined) out.push(imageFromUrl(url, str(part.detail)));
        else out.push({ type: 'opaque', provenance: 'openai-responses', raw: part });
        break;
      }
      default:
        out.push({ type: 'opaque', provenance: 'openai-responses', raw: part });
    }
  }
  return out;
}

/** function_call_output `output`: string, content-part array, or the legacy {content, success}. */
function decodeToolOutput(output: unknown): { content: Array<IRTextBlock | IRImageBlock>; isError?: boolean } {
  if (typeof output === 'string') return { content: output === '' ? [] : [{ type: 'text', text: output }] };
  if (Array.isArray(output)) {
    const content: Array<IRTextBlock | IRImageBlock> = [];
    for (const b of decodeParts(output, 'output')) {
      if (b.type === 'text' || b.type === 'image') content.push(b);
      else if (b.type === 'opaque') content.push({ type: 'text', text: JSON.stringify(b.raw) });
    }
    return { content };
  }
  if (isObj(output) && typeof output.content === 'string') {
    const r: { content: Array<IRTextBlock | IRImageBlock>; isError?: boolean } = {
      content: [{ type: 'text', text: output.content }],
    };
    if (output.success === false) r.isError = true;
    return r;
  }
  return { content: output === undefined || output === null ? [] : [{ type: 'text', text: JSON.stringify(output) }] };
}

/** A Responses `reasoning` item (input or output) → IR thinking, keeping id and encrypted content. */
export function decodeReasoning(item: Obj): IRThinkingBlock {
  const summary: string[] = [];
  if (Array.isArray(item.summary)) for (const s of item.summary) if (isObj(s) && typeof s.text === 'string') summary.push(s.text);
  let text = summary.join('\n\n');
  // Raw reasoning text (open-weight models on Responses servers) is richer than the summary.
  if (Array.isArray(item.content)) {
    const raw = item.content.filter(isObj).map((c) => str(c.text) ?? '');
    if (raw.length > 0) text = raw.join('');
  }
  const block: IRThinkingBlock = { type: 'thinking', text, provenance: 'openai-responses' };
  if (summary.length > 0) block.summary = summary;
  const id = str(item.id);
  if (id !== undefined) block.itemId = id;
  const enc = str(item.encrypted_content);
  if (enc !== undefined) block.encryptedContent = enc;
  return block;
}

function decodeItem(item: unknown, i: number, b: TurnBuilder): void {
  if (!isObj(item)) throw invalid(`input[${i}] must be an object`);
  const type = item.type ?? (item.role !== undefined ? 'message' : undefined);
  switch (type) {
    case 'message': {
      const role = str(item.role);
      const parts = decodeParts(item.content, `input[${i}]`);
      if (role === 'system' || role === 'developer') {
        for (const p of parts) if (p.type === 'text') b.system.push(p);
        return;
      }
      if (role !== 'user' && role !== 'assistant') throw invalid(`input[${i}].role must be user, assistant, system or developer`);
      for (const p of parts) b.push(role, p);
      return;
    }
    case 'reasoning':
      b.push('assistant', decodeReasoning(item));
      return;
    case 'function_call': {
      const callId = str(item.call_id) ?? str(item.id);
      const name = str(item.name);
      if (callId === undefined || name === undefined) throw invalid(`input[${i}] function_call needs call_id and name`);
      const block: IRContentBlock = { type: 'tool_use', id: callId, name, input: parseArgs(str(item.arguments) ?? '') };
      const id = str(item.id);
      if (id !== undefined && id !== callId) block.itemId = id;
      b.push('assistant', block);
      return;
    }
    case 'custom_tool_call': {
      const callId = str(item.call_id);
      const name = str(item.name);
      if (callId === undefined || name === undefined) throw invalid(`input[${i}] custom_tool_call needs call_id and name`);
      const block: IRContentBlock = { type: 'tool_use', id: callId, name, input: { input: str(item.input) ?? '' }, custom: true };
      const id = str(item.id);
      if (id !== undefined) block.itemId = id;
      b.push('assistant', block);
      return;
    }
    case 'function_call_output':
    case 'custom_tool_call_output': {
      const callId = str(item.call_id);
      if (callId === undefined) throw invalid(`input[${i}] ${String(type)} needs call_id`);
      const out = decodeToolOutput(item.output);
      const block: IRContentBlock = { type: 'tool_result', toolUseId: callId, content: out.content };
      if (out.isError) block.isError = true;
      b.push('user', block);
      return;
    }
    default: {
      // local_shell_call, web_search_call, item_reference, future items: kept for Responses lanes.
      const role: IRRole = typeof type === 'string' && type.endsWith('_output') ? 'user' : 'assistant';
      b.push(role, { type: 'opaque', provenance: 'openai-responses', raw: item });
    }
  }
}

/** Freeform tools become a one-string-argument function for lanes that only know JSON tools. */
export function customToolSchema(format: unknown): Record<string, unknown> {
  let description = 'The raw input for this tool, exactly as the tool expects it.';
  if (isObj(format) && format.type === 'grammar' && typeof format.definition === 'string') {
    description += ` It must match this ${str(format.syntax) ?? ''} grammar:\n${format.definition}`;
  }
  return { type: 'object', properties: { input: { type: 'string', description } }, required: ['input'], additionalProperties: false };
}

function decodeTool(t: unknown, i: number): IRTool {
  if (!isObj(t)) throw invalid(`tools[${i}] must be an object`);
  const type = str(t.type);
  if (type === 'function') {
    const name = str(t.name) ?? (isObj(t.function) ? str(t.function.name) : undefined);
    if (name === undefined) throw invalid(`tools[${i}].name is required`);
    const tool: IRTool = { name, inputSchema: isObj(t.parameters) ? t.parameters : { type: 'object', properties: {} } };
    const description = str(t.description);
    if (description !== undefined) tool.description = description;
    if (typeof t.strict === 'boolean') tool.strict = t.strict;
    return tool;
  }
  if (type === 'custom') {
    const name = str(t.name);
    if (name === undefined) throw invalid(`tools[${i}].name is required`);
    const tool: IRTool = { name, inputSchema: customToolSchema(t.format), custom: {} };
    if (t.format !== undefined) tool.custom = { format: t.format };
    const description = str(t.description);
    if (description !== undefined) tool.description = description;
    return tool;
  }
  // web_search, local_shell, file_search, mcp …: provider built-ins, Responses lanes only.
  return { name: str(t.name) ?? type ?? `builtin_${i}`, inputSchema: {}, builtin: { provenance: 'openai-responses', raw: t } };
}

function decodeToolChoice(tc: unknown): IRToolChoice | undefined {
  if (tc === undefined || tc === null) return undefined;
  if (tc === 'auto') return { type: 'auto' };
  if (tc === 'none') return { type: 'none' };
  if (tc === 'required') return { type: 'any' };
  if (isObj(tc) && (tc.type === 'function' || tc.type === 'custom') && typeof tc.name === 'string') return { type: 'tool', name: tc.name };
  if (isObj(tc) && tc.mode === 'required') return { type: 'any' };
  return { type: 'auto' };
}

export function decodeResponsesRequest(body: unknown): IRRequest {
  if (!isObj(body)) throw invalid('request body must be a JSON object');
  const model = str(body.model);
  if (model === undefined || model === '') throw invalid('model is required');
  const b = new TurnBuilder();
  if (typeof body.instructions === 'string' && body.instructions !== '') b.system.push({ type: 'text', text: body.instructions });
  const input = body.input;
  if (typeof input === 'string') b.push('user', { type: 'text', text: input });
  else if (Array.isArray(input)) input.forEach((item, i) => decodeItem(item, i, b));
  else if (input !== undefined) throw invalid('input must be a string or an array of items');

  const req: IRRequest = { model, system: b.system, messages: b.messages, stream: body.stream === true };
  if (Array.isArray(body.tools)) req.tools = body.tools.map(decodeTool);
  const toolChoice = decodeToolChoice(body.tool_choice);
  if (toolChoice) req.toolChoice = toolChoice;
  if (typeof body.parallel_tool_calls === 'boolean') req.parallelToolCalls = body.parallel_tool_calls;
  const maxTokens = num(body.max_output_tokens);
  if (maxTokens !== undefined) req.maxTokens = maxTokens;
  const temperature = num(body.temperature);
  if (temperature !== undefined) req.temperature = temperature;
  const topP = num(body.top_p);
  if (topP !== undefined) req.topP = topP;
  const user = str(body.user) ?? str(body.safety_identifier);
  if (user !== undefined) req.user = user;
  if (isObj(body.reasoning)) {
    const effort = str(body.reasoning.effort);
    if (effort !== undefined && EFFORTS.has(effort)) req.reasoningEffort = effort as IRReasoningEffort;
    else if (effort === 'none') req.thinking = { type: 'disabled' };
  }
  const fields: Record<string, unknown> = {};
  let any = false;
  for (const k of Object.keys(body)) {
    if (MODELED.has(k)) continue;
    fields[k] = body[k];
    any = true;
  }
  if (any) req.extra = { provenance: 'openai-responses', fields };
  return req;
}
