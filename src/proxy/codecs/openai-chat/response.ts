/** OpenAI Chat Completions non-stream response and error bodies ↔ IR. */
import type { IRContentBlock, IRErrorInfo, IRResponse } from '../../../shared/ir';
import type { ClientContext } from '../codec';
import { irToOpenAIError, openAIToIRType } from '../shared/error-types';
import { isObj, makeId, parseToolArguments, type Obj } from '../shared/json';
import { chatAssistantParts } from './assistant';
import { chatToIRStop, irToChatFinish } from '../shared/stop-reasons';
import { chatToIRUsage, completeUsage, irToChatUsage } from '../shared/usage';

export function decodeChatResponse(body: unknown): IRResponse {
  const b = isObj(body) ? body : {};
  const choice = Array.isArray(b.choices) && isObj(b.choices[0]) ? b.choices[0] : {};
  const msg = isObj(choice.message) ? choice.message : {};
  const content: IRContentBlock[] = [];
  const reasoning =
    typeof msg.reasoning_content === 'string' ? msg.reasoning_content : typeof msg.reasoning === 'string' ? msg.reasoning : '';
  if (reasoning !== '') content.push({ type: 'thinking', text: reasoning, provenance: 'openai-chat' });
  if (typeof msg.content === 'string' && msg.content !== '') content.push({ type: 'text', text: msg.content });
  else if (Array.isArray(msg.content)) {
    for (const p of msg.content) if (isObj(p) && typeof p.text === 'string' && p.text !== '') content.push({ type: 'text', text: p.text });
  }
  if (typeof msg.refusal === 'string' && msg.refusal !== '') content.push({ type: 'text', text: msg.refusal });
  let sawTool = false;
  if (Array.isArray(msg.tool_calls)) {
    for (const tc of msg.tool_calls) {
      if (!isObj(tc)) continue;
      const fn = isObj(tc.function) ? tc.function : {};
      sawTool = true;
      content.push({
        type: 'tool_use',
        id: typeof tc.id === 'string' && tc.id ? tc.id : makeId('call_'),
        name: String(fn.name ?? ''),
        input: parseToolArguments(fn.arguments),
      });
    }
  }
  let stopReason = chatToIRStop(choice.finish_reason);
  // Some providers say "stop" after tool calls; the client must still run them.
  if (sawTool && stopReason === 'end_turn') stopReason = 'tool_use';
  return {
    id: typeof b.id === 'string' ? b.id : makeId('chatcmpl-'),
    model: typeof b.model === 'string' ? b.model : '',
    content,
    stopReason,
    stopSequence: typeof choice.stop_reason === 'string' ? choice.stop_reason : null,
    usage: completeUsage(chatToIRUsage(b.usage)),
  };
}

export function encodeChatResponse(res: IRResponse, ctx: ClientContext): Obj {
  const { text, reasoning, calls } = chatAssistantParts(res.content, (n) => ctx.toolNames.toClient(n));
  const message: Obj = { role: 'assistant', content: text === '' && calls.length > 0 ? null : text };
  if (reasoning !== '') message.reasoning_content = reasoning;
  if (calls.length > 0) message.tool_calls = calls;
  return {
    id: res.id.startsWith('chatcmpl') ? res.id : `chatcmpl-${res.id}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: ctx.requestedModel,
    choices: [{ index: 0, message, logprobs: null, finish_reason: irToChatFinish(res.stopReason) }],
    usage: irToChatUsage(res.usage),
  };
}

export function chatErrorPayload(e: IRErrorInfo): Obj {
  const { type, code } = irToOpenAIError(e);
  return { error: { message: e.message, type, param: null, code } };
}

export function encodeChatError(e: IRErrorInfo & { status: number }): Obj {
  return chatErrorPayload(e);
}

export function decodeChatError(status: number, body: unknown): IRErrorInfo {
  // OpenAI wraps in {error:{…}}; some gateways return the error object bare or a string.
  const err = isObj(body) ? (isObj(body.error) ? body.error : body) : undefined;
  const message =
    typeof err?.message === 'string'
      ? err.message
      : isObj(body) && typeof body.error === 'string'
        ? body.error
        : typeof body === 'string' && body
          ? body
          : `upstream returned HTTP ${status}`;
  const code = typeof err?.code === 'string' ? err.code : undefined;
  const out: IRErrorInfo = { type: openAIToIRType(status, err?.type, code), message, status };
  if (code) out.code = code;
  else if (/context length|maximum context|context_length/i.test(message)) out.code = 'context_length_exceeded';
  return out;
}
