/**
 * Non-stream Responses bodies: a `response` object with `output` items and `usage`, both ways.
 */
import { SwitchyardError } from '../../../shared/errors';
import type { IRContentBlock, IRResponse, IRStopReason } from '../../../shared/ir';
import type { ClientContext } from '../codec';
import { decodeReasoning } from './request-decode';
import { customInput, isObj, newId, parseArgs, str, stringifyArgs, usageFromResponses, usageToResponses, type Obj } from './util';

function stopFrom(resp: Obj, sawToolCall: boolean, sawRefusal: boolean): IRStopReason {
  const reason = isObj(resp.incomplete_details) ? str(resp.incomplete_details.reason) : undefined;
  if (resp.status === 'incomplete' || reason !== undefined) {
    if (reason === 'content_filter') return 'refusal';
    return 'max_tokens';
  }
  if (resp.status === 'failed') return 'error';
  if (sawRefusal) return 'refusal';
  return sawToolCall ? 'tool_use' : 'end_turn';
}

/** One output item → IR blocks (appended). Returns what kind of block it produced. */
export function decodeOutputItem(item: Obj, out: IRContentBlock[]): 'tool' | 'refusal' | 'other' {
  switch (item.type) {
    case 'message': {
      let kind: 'refusal' | 'other' = 'other';
      if (Array.isArray(item.content)) {
        for (const p of item.content) {
          if (!isObj(p)) continue;
          if (p.type === 'output_text' || p.type === 'text') out.push({ type: 'text', text: str(p.text) ?? '' });
          else if (p.type === 'refusal') {
            out.push({ type: 'text', text: str(p.refusal) ?? '' });
            kind = 'refusal';
          }
        }
      }
      return kind;
    }
    case 'reasoning': {
      out.push(decodeReasoning(item));
      return 'other';
    }
    case 'function_call': {
      const callId = str(item.call_id) ?? str(item.id) ?? newId('call');
      const block: IRContentBlock = {
        type: 'tool_use',
        id: callId,
        name: str(item.name) ?? '',
        input: parseArgs(str(item.arguments) ?? ''),
      };
      const id = str(item.id);
      if (id !== undefined && id !== callId) block.itemId = id;
      out.push(block);
      return 'tool';
    }
    case 'custom_tool_call': {
      const callId = str(item.call_id) ?? str(item.id) ?? newId('call');
      const block: IRContentBlock = {
        type: 'tool_use',
        id: callId,
        name: str(item.name) ?? '',
        input: { input: str(item.input) ?? '' },
        custom: true,
      };
      const id = str(item.id);
      if (id !== undefined) block.itemId = id;
      out.push(block);
      return 'tool';
    }
    default:
      out.push({ type: 'opaque', provenance: 'openai-responses', raw: item });
      return 'other';
  }
}

export function decodeResponsesResponse(body: unknown): IRResponse {
  if (!isObj(body)) throw new SwitchyardError('conversion_failed', 'Responses upstream body is not a JSON object');
  // Some servers wrap the object as {response: {...}} (the shape of stream terminal events).
  const resp = isObj(body.response) && body.output === undefined ? body.response : body;
  const content: IRContentBlock[] = [];
  let tool = false;
  let refusal = false;
  if (Array.isArray(resp.output)) {
    for (const item of resp.output) {
      if (!isObj(item)) continue;
      const kind = decodeOutputItem(item, content);
      if (kind === 'tool') tool = true;
      else if (kind === 'refusal') refusal = true;
    }
  }
  return {
    id: str(resp.id) ?? newId('resp'),
    model: str(resp.model) ?? '',
    content,
    stopReason: stopFrom(resp, tool, refusal),
    stopSequence: null,
    usage: usageFromResponses(resp.usage) ?? { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
  };
}

export function encodeResponsesResponse(res: IRResponse, ctx: ClientContext): Record<string, unknown> {
  const custom = new Set<string>();
  for (const t of ctx.tools ?? []) if (t.custom) custom.add(t.name);
  const output: Obj[] = [];
  let msg: Obj[] | undefined;
  const flush = (): void => {
    if (!msg) return;
    output.push({ id: newId('msg'), type: 'message', status: 'completed', role: 'assistant', content: msg });
    msg = undefined;
  };
  for (const b of res.content) {
    switch (b.type) {
      case 'text':
        if (b.text === '') break;
        (msg ??= []).push({ type: 'output_text', annotations: [], text: b.text });
        break;
      case 'thinking': {
        const enc = b.provenance === 'openai-responses' ? b.encryptedContent : undefined;
        if (b.text === '' && enc === undefined) break;
        flush();
        const parts = b.provenance === 'openai-responses' && b.summary ? b.summary : b.text !== '' ? [b.text] : [];
        const item: Obj = {
          id: b.provenance === 'openai-responses' && b.itemId ? b.itemId : newId('rs'),
          type: 'reasoning',
          summary: parts.map((text) => ({ type: 'summary_text', text })),
        };
        if (enc !== undefined) item.encrypted_content = enc;
        output.push(item);
        break;
      }
      case 'tool_use': {
        if (b.server) break;
        flush();
        const name = ctx.toolNames.toClient(b.name);
        const callId = b.id !== '' ? b.id : newId('call');
        if (b.custom || custom.has(name)) {
          output.push({
            id: b.itemId ?? newId('ctc'),
            type: 'custom_tool_call',
            status: 'completed',
            call_id: callId,
            name,
            input: customInput(b.input),
          });
        } else {
          output.push({
            id: b.itemId ?? newId('fc'),
            type: 'function_call',
            status: 'completed',
            arguments: stringifyArgs(b.input),
            call_id: callId,
            name,
          });
        }
        break;
      }
      case 'opaque':
        if (b.provenance === 'openai-responses' && isObj(b.raw)) {
          flush();
          output.push(b.raw);
        }
        break;
      default:
        break;
    }
  }
  flush();
  const incomplete =
    res.stopReason === 'max_tokens' ? { reason: 'max_output_tokens' } : res.stopReason === 'refusal' ? { reason: 'content_filter' } : null;
  const id = res.id.startsWith('resp_') ? res.id : `resp_${res.id}`;
  return {
    id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: incomplete ? 'incomplete' : 'completed',
    background: false,
    error: null,
    incomplete_details: incomplete,
    model: ctx.requestedModel,
    output,
    parallel_tool_calls: true,
    store: false,
    usage: usageToResponses(res.usage),
    metadata: {},
  };
}
