/**
 * IR request → Responses request body for a Responses lane.
 *
 * Reasoning goes up only as Responses reasoning items carrying their own encrypted_content
 * (stateless, store: false); foreign or unsigned reasoning is dropped, never invented.
 * Item ids are not sent: with store: false the server cannot resolve them (Codex omits them too).
 */
import type { IRContentBlock, IRReasoningEffort, IRRequest, IRTool, IRToolChoice } from '../../../shared/ir';
import type { LaneOptions } from '../codec';
import { budgetToEffort } from '../shared/effort';
import { customInput, imageToPart, isObj, stringifyArgs, type Obj } from './util';

function encodeTool(t: IRTool, lane: LaneOptions): Obj | undefined {
  if (t.builtin) return t.builtin.provenance === 'openai-responses' ? (t.builtin.raw as Obj) : undefined;
  const name = lane.toolNames.toUpstream(t.name);
  if (t.custom) {
    const tool: Obj = { type: 'custom', name };
    if (t.description !== undefined) tool.description = t.description;
    if (t.custom.format !== undefined) tool.format = t.custom.format;
    return tool;
  }
  const tool: Obj = { type: 'function', name, parameters: t.inputSchema };
  if (t.description !== undefined) tool.description = t.description;
  // Responses defaults `strict` to true, which rejects most non-OpenAI schemas: say false unless asked.
  tool.strict = t.strict ?? false;
  return tool;
}

function encodeToolChoice(tc: IRToolChoice, lane: LaneOptions, customNames: ReadonlySet<string>): unknown {
  switch (tc.type) {
    case 'auto':
      return 'auto';
    case 'none':
      return 'none';
    case 'any':
      return 'required';
    case 'tool':
      return { type: customNames.has(tc.name) ? 'custom' : 'function', name: lane.toolNames.toUpstream(tc.name) };
  }
}

/** Content parts (input_file, output_audio, refusal …) stay inside a message; other raw values are items. */
function isPartType(t: unknown): boolean {
  return typeof t === 'string' && (t.startsWith('input_') || t.startsWith('output_') || t === 'refusal');
}

/** Flush pending message parts as one message item. */
function flushMessage(items: Obj[], role: string, parts: Obj[]): void {
  if (parts.length === 0) return;
  items.push({ type: 'message', role, content: parts.splice(0) });
}

function encodeMessages(req: IRRequest, lane: LaneOptions, customCalls: Set<string>, items: Obj[]): void {
  for (const m of req.messages) {
    const parts: Obj[] = [];
    const textType = m.role === 'assistant' ? 'output_text' : 'input_text';
    for (const b of m.content as IRContentBlock[]) {
      switch (b.type) {
        case 'text':
          if (b.text !== '') parts.push({ type: textType, text: b.text });
          break;
        case 'image':
          // Assistant turns cannot hold images on Responses; user turns can.
          if (m.role === 'user') parts.push(imageToPart(b));
          break;
        case 'thinking': {
          if (b.provenance !== 'openai-responses' || b.encryptedContent === undefined) break;
          flushMessage(items, m.role, parts);
          const summary = (b.summary ?? (b.text !== '' ? [b.text] : [])).map((text) => ({ type: 'summary_text', text }));
          items.push({ type: 'reasoning', summary, encrypted_content: b.encryptedContent });
          break;
        }
        case 'tool_use': {
          flushMessage(items, m.role, parts);
          const name = lane.toolNames.toUpstream(b.name);
          if (b.custom) {
            customCalls.add(b.id);
            items.push({ type: 'custom_tool_call', call_id: b.id, name, input: customInput(b.input) });
          } else {
            items.push({ type: 'function_call', call_id: b.id, name, arguments: stringifyArgs(b.input) });
          }
          break;
        }
        case 'tool_result': {
          flushMessage(items, m.role, parts);
          if (customCalls.has(b.toolUseId)) {
            const text = b.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
            items.push({ type: 'custom_tool_call_output', call_id: b.toolUseId, output: text });
            break;
          }
          const hasImage = b.content.some((c) => c.type === 'image');
          const output = hasImage
            ? b.content.map((c) => (c.type === 'text' ? { type: 'input_text', text: c.text } : imageToPart(c)))
            : b.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
          items.push({ type: 'function_call_output', call_id: b.toolUseId, output });
          break;
        }
        case 'opaque':
          if (b.provenance === 'openai-responses' && isObj(b.raw)) {
            if (!isPartType(b.raw.type)) {
              flushMessage(items, m.role, parts);
              items.push(b.raw);
            } else parts.push(b.raw);
          }
          break;
        default:
          break; // redacted_thinking and foreign opaque blocks have no Responses form
      }
    }
    flushMessage(items, m.role, parts);
  }
}

export function encodeResponsesRequest(req: IRRequest, lane: LaneOptions): Record<string, unknown> {
  const same = req.extra?.provenance === 'openai-responses' ? req.extra.fields : undefined;
  const body: Obj = {};
  // Unmodeled Responses fields first, so modeled values below win.
  if (same) for (const [k, v] of Object.entries(same)) body[k] = v;
  body.model = lane.upstreamModel;
  if (req.system.length > 0) body.instructions = req.system.map((s) => s.text).join('\n\n');
  const items: Obj[] = [];
  encodeMessages(req, lane, new Set(), items);
  body.input = items;
  const customNames = new Set<string>();
  if (req.tools && req.tools.length > 0) {
    const tools: Obj[] = [];
    for (const t of req.tools) {
      if (t.custom) customNames.add(t.name);
      const enc = encodeTool(t, lane);
      if (enc) tools.push(enc);
    }
    if (tools.length > 0) body.tools = tools;
  }
  if (req.toolChoice && body.tools !== undefined) body.tool_choice = encodeToolChoice(req.toolChoice, lane, customNames);
  // Like chat, only meaningful (and safely accepted) alongside tools.
  if (req.parallelToolCalls !== undefined && body.tools !== undefined) body.parallel_tool_calls = req.parallelToolCalls;
  if (req.maxTokens !== undefined) body.max_output_tokens = req.maxTokens;
  if (req.temperature !== undefined) body.temperature = req.temperature;
  if (req.topP !== undefined) body.top_p = req.topP;
  // OpenAI caps `user` at 64 chars; Claude Code's metadata.user_id is longer and is not needed upstream.
  if (req.user !== undefined && req.user.length <= 64 && body.safety_identifier === undefined) body.user = req.user;
  body.stream = req.stream;

  let effort: IRReasoningEffort | 'none' | undefined = req.reasoningEffort;
  if (req.thinking?.type === 'disabled') effort = same ? 'none' : undefined;
  else if (effort === undefined && req.thinking?.type === 'enabled' && req.thinking.budgetTokens !== undefined) {
    effort = budgetToEffort(req.thinking.budgetTokens, lane.effortTable);
  } else if (effort === undefined && req.thinking?.type === 'adaptive') effort = 'medium';
  if (effort !== undefined) {
    const prev = isObj(body.reasoning) ? body.reasoning : {};
    body.reasoning = { summary: 'auto', ...prev, effort };
  }
  if (body.reasoning !== undefined || req.thinking !== undefined) {
    // Stateless reasoning round-trip: the encrypted content comes back in the output items.
    body.store = false;
    const include = Array.isArray(body.include) ? (body.include as unknown[]) : [];
    if (!include.includes('reasoning.encrypted_content')) body.include = [...include, 'reasoning.encrypted_content'];
  }
  if (body.store === undefined) body.store = false;
  return body;
}
