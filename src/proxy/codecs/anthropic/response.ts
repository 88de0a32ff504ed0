/** Anthropic Messages non-stream response and error bodies ↔ IR. */
import type { IRContentBlock, IRErrorInfo, IRResponse } from '../../../shared/ir';
import type { ClientContext } from '../codec';
import { anthropicTypeToStatus, isContextLengthError, statusToAnthropicType } from '../shared/error-types';
import { isObj, makeId, toolInputObject, type Obj } from '../shared/json';
import { anthropicToIRStop, irToAnthropicStop } from '../shared/stop-reasons';
import { anthropicToIRUsage, completeUsage, irToAnthropicUsage } from '../shared/usage';
import { decodeAnthropicBlock } from './request-decode';

export function decodeAnthropicResponse(body: unknown): IRResponse {
  const b = isObj(body) ? body : {};
  const content: IRContentBlock[] = [];
  if (Array.isArray(b.content)) {
    for (const c of b.content) {
      const d = decodeAnthropicBlock(c);
      if (d) content.push(d);
    }
  }
  return {
    id: typeof b.id === 'string' ? b.id : makeId('msg_'),
    model: typeof b.model === 'string' ? b.model : '',
    content,
    stopReason: anthropicToIRStop(b.stop_reason),
    stopSequence: typeof b.stop_sequence === 'string' ? b.stop_sequence : null,
    usage: completeUsage(anthropicToIRUsage(b.usage)),
  };
}

/** IR block → Anthropic block for a client. Foreign reasoning is shown as unsigned thinking. */
export function encodeClientBlock(b: IRContentBlock, ctx: ClientContext): Obj | undefined {
  switch (b.type) {
    case 'text':
      return { type: 'text', text: b.text };
    case 'thinking':
      // An empty signature marks it unsigned: it is dropped if it ever heads to an Anthropic lane.
      return { type: 'thinking', thinking: b.text, signature: b.provenance === 'anthropic' ? (b.signature ?? '') : '' };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: b.data };
    case 'tool_use':
      return {
        type: b.server ? 'server_tool_use' : 'tool_use',
        id: b.id,
        name: ctx.toolNames.toClient(b.name),
        input: toolInputObject(b.input),
      };
    case 'opaque':
      return b.provenance === 'anthropic' ? (b.raw as Obj) : undefined;
    default:
      // Images and tool results never appear in assistant output.
      return undefined;
  }
}

export function encodeAnthropicResponse(res: IRResponse, ctx: ClientContext): Obj {
  const content: Obj[] = [];
  for (const b of res.content) {
    const e = encodeClientBlock(b, ctx);
    if (e) content.push(e);
  }
  return {
    id: res.id.startsWith('msg_') ? res.id : `msg_${res.id}`,
    type: 'message',
    role: 'assistant',
    model: ctx.requestedModel,
    content,
    stop_reason: irToAnthropicStop(res.stopReason),
    stop_sequence: res.stopSequence ?? null,
    usage: irToAnthropicUsage(res.usage),
  };
}

/** Claude Code compacts when the message says "prompt is too long": keep that wording. */
export function anthropicErrorPayload(e: IRErrorInfo): Obj {
  let message = e.message;
  if (isContextLengthError(e) && !/prompt is too long/i.test(message)) message = `prompt is too long: ${message}`;
  return { type: 'error', error: { type: e.type, message } };
}

export function encodeAnthropicError(e: IRErrorInfo & { status: number }): Obj {
  return anthropicErrorPayload(e);
}

export function decodeAnthropicError(status: number, body: unknown): IRErrorInfo {
  const err = isObj(body) && isObj(body.error) ? body.error : undefined;
  const type = typeof err?.type === 'string' ? err.type : statusToAnthropicType(status);
  const message =
    typeof err?.message === 'string' ? err.message : typeof body === 'string' && body ? body : `upstream returned HTTP ${status}`;
  const out: IRErrorInfo = { type, message, status };
  if (isContextLengthError(out)) out.code = 'context_length_exceeded';
  else if (type === 'rate_limit_error') out.code = 'rate_limit_exceeded';
  return out;
}

export { anthropicTypeToStatus };
