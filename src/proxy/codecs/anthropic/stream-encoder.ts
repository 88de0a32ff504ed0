/**
 * IR events → Anthropic SSE for a client, enforcing the grammar Claude Code relies on:
 * message_start first, one block open at a time (started before its deltas, closed before the
 * next starts), then message_delta(stop_reason, usage) + message_stop. The final message_delta
 * is held until `end`, so usage reported late (chat include_usage chunk) still makes it in.
 */
import type { IRErrorInfo, IRStopReason, IRStreamEvent, IRUsage } from '../../../shared/ir';
import type { ClientContext, StreamEncoder } from '../codec';
import { formatSSE } from '../../sse/parser';
import { makeId, type Obj } from '../shared/json';
import { irToAnthropicStop } from '../shared/stop-reasons';
import { mergeUsage } from '../shared/usage';
import { anthropicErrorPayload } from './response';

type Kind = 'text' | 'thinking' | 'redacted_thinking' | 'tool_use' | 'opaque' | 'skip';

const ev = (name: string, data: Obj): string => formatSSE(name, JSON.stringify(data));

export function createAnthropicStreamEncoder(ctx: ClientContext): StreamEncoder {
  let started = false;
  let closed = false;
  let failed = false;
  let wireIndex = -1;
  /** IR index of the open block and its kind; -1 when none is open. */
  let openIr = -1;
  let openKind: Kind = 'skip';
  let openHasSignature = false;
  let sawTool = false;
  let stopReason: IRStopReason | undefined;
  let stopSequence: string | null = null;
  const usage: Partial<IRUsage> = {};

  function start(id?: string, u?: Partial<IRUsage>): string {
    started = true;
    if (u) mergeUsage(usage, u);
    const input = usage.inputTokens ?? ctx.estimatedInputTokens ?? 0;
    return ev('message_start', {
      type: 'message_start',
      message: {
        id: id ? (id.startsWith('msg_') ? id : `msg_${id}`) : makeId('msg_'),
        type: 'message',
        role: 'assistant',
        model: ctx.requestedModel,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: input,
          output_tokens: usage.outputTokens ?? 1,
          cache_read_input_tokens: usage.cacheReadTokens ?? 0,
          cache_creation_input_tokens: usage.cacheWriteTokens ?? 0,
        },
      },
    });
  }

  function closeOpen(): string {
    if (openIr === -1) return '';
    openIr = -1;
    if (openKind === 'skip') return '';
    let s = '';
    // Claude Code expects a signature_delta on every thinking block; an unsigned one gets "".
    if (openKind === 'thinking' && !openHasSignature) {
      s += ev('content_block_delta', { type: 'content_block_delta', index: wireIndex, delta: { type: 'signature_delta', signature: '' } });
    }
    return s + ev('content_block_stop', { type: 'content_block_stop', index: wireIndex });
  }

  function open(e: IRStreamEvent & { type: 'block_start' }): string {
    let s = closeOpen();
    openIr = e.index;
    openHasSignature = false;
    const b = e.block;
    let cb: Obj;
    switch (b.type) {
      case 'text':
        cb = { type: 'text', text: '' };
        break;
      case 'thinking':
        cb = { type: 'thinking', thinking: '', signature: '' };
        break;
      case 'redacted_thinking':
        cb = { type: 'redacted_thinking', data: b.data };
        break;
      case 'tool_use':
        sawTool = true;
        cb = {
          type: b.server ? 'server_tool_use' : 'tool_use',
          id: b.id || makeId('toolu_'),
          name: ctx.toolNames.toClient(b.name),
          input: {},
        };
        break;
      case 'opaque':
        if (b.provenance !== 'anthropic') {
          openKind = 'skip';
          return s;
        }
        cb = b.raw as Obj;
        break;
    }
    openKind = b.type;
    wireIndex++;
    s += ev('content_block_start', { type: 'content_block_start', index: wireIndex, content_block: cb });
    return s;
  }

  function delta(kind: Kind, index: number, d: Obj): string {
    if (index !== openIr || openKind !== kind) return '';
    return ev('content_block_delta', { type: 'content_block_delta', index: wireIndex, delta: d });
  }

  function writeEnd(): string {
    let s = started ? '' : start();
    s += closeOpen();
    const reason = stopReason ?? (sawTool ? 'tool_use' : 'end_turn');
    const u: Obj = { output_tokens: usage.outputTokens ?? 0 };
    if (usage.inputTokens !== undefined) u.input_tokens = usage.inputTokens;
    if (usage.cacheReadTokens !== undefined) u.cache_read_input_tokens = usage.cacheReadTokens;
    if (usage.cacheWriteTokens !== undefined) u.cache_creation_input_tokens = usage.cacheWriteTokens;
    s += ev('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: irToAnthropicStop(reason), stop_sequence: stopSequence },
      usage: u,
    });
    s += ev('message_stop', { type: 'message_stop' });
    closed = true;
    return s;
  }

  function fail(error: IRErrorInfo): string {
    if (closed || failed) return '';
    failed = true;
    return ev('error', anthropicErrorPayload(error));
  }

  return {
    get closed() {
      return closed;
    },
    push(e: IRStreamEvent): string {
      if (closed || failed) return '';
      switch (e.type) {
        case 'start':
          return started ? '' : start(e.id, e.usage);
        case 'block_start':
          return (started ? '' : start()) + open(e);
        case 'text_delta':
          return e.text === '' ? '' : delta('text', e.index, { type: 'text_delta', text: e.text });
        case 'thinking_delta':
          return e.text === '' ? '' : delta('thinking', e.index, { type: 'thinking_delta', thinking: e.text });
        case 'signature_delta':
          if (e.index === openIr && openKind === 'thinking') openHasSignature = true;
          return delta('thinking', e.index, { type: 'signature_delta', signature: e.signature });
        case 'tool_input_delta':
          return e.partialJson === '' ? '' : delta('tool_use', e.index, { type: 'input_json_delta', partial_json: e.partialJson });
        case 'encrypted_reasoning':
          return ''; // Responses-only; cannot travel to an Anthropic client.
        case 'block_stop':
          return e.index === openIr ? closeOpen() : '';
        case 'usage':
          mergeUsage(usage, e.usage);
          return '';
        case 'stop':
          stopReason = e.stopReason;
          stopSequence = e.stopSequence ?? null;
          return '';
        case 'end':
          return writeEnd();
        case 'ping':
          return started ? ev('ping', { type: 'ping' }) : '';
        case 'error':
          return fail(e.error);
      }
    },
    finish(): string {
      return closed || failed ? '' : writeEnd();
    },
    fail,
  };
}
