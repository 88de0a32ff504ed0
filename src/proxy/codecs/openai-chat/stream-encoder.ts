/**
 * IR events → Chat Completions SSE for a client: a role chunk first, content / reasoning_content
 * / tool_calls deltas, one finish chunk carrying finish_reason and usage, then `data: [DONE]`.
 * Errors become an `{"error": …}` chunk (what OpenAI SDKs raise on) with no [DONE] after it.
 */
import type { IRErrorInfo, IRStopReason, IRStreamEvent, IRUsage } from '../../../shared/ir';
import type { ClientContext, StreamEncoder } from '../codec';
import { makeId, type Obj } from '../shared/json';
import { irToChatFinish } from '../shared/stop-reasons';
import { completeUsage, irToChatUsage, mergeUsage } from '../shared/usage';
import { chatErrorPayload } from './response';

export function createChatStreamEncoder(ctx: ClientContext): StreamEncoder {
  let id = '';
  const created = Math.floor(Date.now() / 1000);
  let started = false;
  let closed = false;
  let failed = false;
  /** IR index → chat tool_calls index, for tool blocks. */
  const toolIndex = new Map<number, number>();
  const toolHasArgs = new Map<number, boolean>();
  const textBlocks = new Set<number>();
  const thinkingBlocks = new Set<number>();
  let sawTool = false;
  let stopReason: IRStopReason | undefined;
  const usage: Partial<IRUsage> = {};
  let sawUsage = false;

  const chunk = (delta: Obj, finish: string | null = null, extra?: Obj): string => {
    const c: Obj = {
      id,
      object: 'chat.completion.chunk',
      created,
      model: ctx.requestedModel,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    };
    if (extra) Object.assign(c, extra);
    return `data: ${JSON.stringify(c)}\n\n`;
  };

  function start(srcId?: string): string {
    started = true;
    id = srcId ? (srcId.startsWith('chatcmpl') ? srcId : `chatcmpl-${srcId}`) : makeId('chatcmpl-');
    return chunk({ role: 'assistant', content: '' });
  }

  function writeEnd(): string {
    let s = started ? '' : start();
    const reason = stopReason ?? (sawTool ? 'tool_use' : 'end_turn');
    s += chunk({}, irToChatFinish(reason), sawUsage ? { usage: irToChatUsage(completeUsage(usage)) } : undefined);
    s += 'data: [DONE]\n\n';
    closed = true;
    return s;
  }

  function fail(error: IRErrorInfo): string {
    if (closed || failed) return '';
    failed = true;
    return `data: ${JSON.stringify(chatErrorPayload(error))}\n\n`;
  }

  return {
    get closed() {
      return closed;
    },
    push(e: IRStreamEvent): string {
      if (closed || failed) return '';
      const pre = started || e.type === 'error' || e.type === 'ping' ? '' : start(e.type === 'start' ? e.id : undefined);
      switch (e.type) {
        case 'start':
          if (e.usage) {
            mergeUsage(usage, e.usage);
            sawUsage = true;
          }
          return pre;
        case 'block_start': {
          const b = e.block;
          if (b.type === 'text') textBlocks.add(e.index);
          else if (b.type === 'thinking') thinkingBlocks.add(e.index);
          else if (b.type === 'tool_use' && !b.server) {
            // Server tools (Anthropic web_search) run upstream: a chat client must not run them.
            const n = toolIndex.size;
            toolIndex.set(e.index, n);
            sawTool = true;
            const call = {
              index: n,
              id: b.id || makeId('call_'),
              type: 'function',
              function: { name: ctx.toolNames.toClient(b.name), arguments: '' },
            };
            return pre + chunk({ tool_calls: [call] });
          }
          return pre;
        }
        case 'text_delta':
          return textBlocks.has(e.index) && e.text !== '' ? pre + chunk({ content: e.text }) : pre;
        case 'thinking_delta':
          return thinkingBlocks.has(e.index) && e.text !== '' ? pre + chunk({ reasoning_content: e.text }) : pre;
        case 'tool_input_delta': {
          const n = toolIndex.get(e.index);
          if (n === undefined || e.partialJson === '') return pre;
          toolHasArgs.set(e.index, true);
          return pre + chunk({ tool_calls: [{ index: n, function: { arguments: e.partialJson } }] });
        }
        case 'block_stop': {
          const n = toolIndex.get(e.index);
          // Clients JSON.parse the concatenated arguments: a call without any needs "{}".
          if (n !== undefined && !toolHasArgs.get(e.index)) {
            toolHasArgs.set(e.index, true);
            return pre + chunk({ tool_calls: [{ index: n, function: { arguments: '{}' } }] });
          }
          return pre;
        }
        case 'usage':
          mergeUsage(usage, e.usage);
          sawUsage = true;
          return pre;
        case 'stop':
          stopReason = e.stopReason;
          return pre;
        case 'end':
          return pre + writeEnd();
        case 'error':
          return fail(e.error);
        default:
          // signature_delta, encrypted_reasoning, ping: nothing in chat carries them.
          return pre;
      }
    },
    finish(): string {
      return closed || failed ? '' : writeEnd();
    },
    fail,
  };
}
