/**
 * Chat Completions SSE → IR events. Chat streams interleave nothing explicit about blocks, so
 * this is the state machine that makes them: reasoning, text and each tool call become blocks
 * opened before their deltas and closed before the next one. The stop reason is held until
 * usage (the include_usage chunk comes after finish_reason) and `[DONE]`.
 */
import type { IRStopReason, IRStreamEvent, IRUsage } from '../../../shared/ir';
import type { StreamDecoder } from '../codec';
import type { SSEEvent } from '../../sse/parser';
import { isObj, makeId } from '../shared/json';
import { chatToIRStop } from '../shared/stop-reasons';
import { chatToIRUsage } from '../shared/usage';
import { decodeChatError } from './response';

interface ToolState {
  id: string;
  name: string;
  /** Arguments received before the block could open (name not known yet). */
  pending: string;
  /** IR index once opened; -1 before. */
  irIndex: number;
  closed: boolean;
}

export function createChatStreamDecoder(): StreamDecoder {
  let started = false;
  let done = false;
  let nextIndex = 0;
  let openIndex = -1;
  let openKind: 'text' | 'thinking' | 'tool' | undefined;
  let finish: IRStopReason | undefined;
  let stopSequence: string | null = null;
  let usage: Partial<IRUsage> | undefined;
  let sawTool = false;
  const tools = new Map<number, ToolState>();

  function close(out: IRStreamEvent[]): void {
    if (openIndex === -1) return;
    out.push({ type: 'block_stop', index: openIndex });
    if (openKind === 'tool') for (const t of tools.values()) if (t.irIndex === openIndex) t.closed = true;
    openIndex = -1;
    openKind = undefined;
  }

  function openBlock(kind: 'text' | 'thinking', out: IRStreamEvent[]): number {
    if (openKind === kind) return openIndex;
    close(out);
    openIndex = nextIndex++;
    openKind = kind;
    out.push({
      type: 'block_start',
      index: openIndex,
      block: kind === 'text' ? { type: 'text' } : { type: 'thinking', provenance: 'openai-chat' },
    });
    return openIndex;
  }

  function toolDelta(tc: Record<string, unknown>, position: number, out: IRStreamEvent[]): void {
    const fn = isObj(tc.function) ? tc.function : {};
    let key = typeof tc.index === 'number' ? tc.index : position;
    let st = tools.get(key);
    // Providers that repeat index 0 for every call but give each its own id.
    if (st && typeof tc.id === 'string' && tc.id !== '' && st.id !== tc.id && st.irIndex !== -1) {
      key = 1000 + tools.size;
      st = undefined;
    }
    if (!st) {
      st = { id: typeof tc.id === 'string' && tc.id ? tc.id : makeId('call_'), name: '', pending: '', irIndex: -1, closed: false };
      tools.set(key, st);
    }
    if (typeof fn.name === 'string' && st.irIndex === -1) st.name += fn.name;
    const args = typeof fn.arguments === 'string' ? fn.arguments : isObj(fn.arguments) ? JSON.stringify(fn.arguments) : '';
    if (st.irIndex === -1) {
      st.pending += args;
      if (st.name === '') return;
      close(out);
      sawTool = true;
      st.irIndex = nextIndex++;
      openIndex = st.irIndex;
      openKind = 'tool';
      out.push({ type: 'block_start', index: st.irIndex, block: { type: 'tool_use', id: st.id, name: st.name } });
      if (st.pending !== '') out.push({ type: 'tool_input_delta', index: st.irIndex, partialJson: st.pending });
      st.pending = '';
      return;
    }
    if (args === '') return;
    // Fragments of a call whose block was closed by a later one cannot be reopened; chat
    // providers stream calls one after another, so this only drops malformed interleaving.
    if (st.closed || st.irIndex !== openIndex) return;
    out.push({ type: 'tool_input_delta', index: st.irIndex, partialJson: args });
  }

  function finalize(out: IRStreamEvent[]): void {
    // Calls that never got a name cannot be sent to a client; open ones are closed.
    close(out);
    if (usage) out.push({ type: 'usage', usage });
    let reason = finish ?? (sawTool ? 'tool_use' : 'end_turn');
    if (sawTool && reason === 'end_turn') reason = 'tool_use';
    out.push({ type: 'stop', stopReason: reason, stopSequence });
    out.push({ type: 'end' });
    done = true;
  }

  return {
    push(ev: SSEEvent): IRStreamEvent[] {
      if (done) return [];
      const data = ev.data.trim();
      const out: IRStreamEvent[] = [];
      if (data === '[DONE]') {
        if (!started) {
          started = true;
          out.push({ type: 'start', id: makeId('chatcmpl-'), model: '' });
        }
        finalize(out);
        return out;
      }
      let d: unknown;
      try {
        d = JSON.parse(data);
      } catch {
        return out;
      }
      if (!isObj(d)) return out;
      if (d.error !== undefined || ev.event === 'error') {
        out.push({ type: 'error', error: decodeChatError(500, d) });
        done = true;
        return out;
      }
      const u = d.usage !== null && d.usage !== undefined ? chatToIRUsage(d.usage) : undefined;
      if (u) usage = u;
      if (!started) {
        started = true;
        const s: IRStreamEvent = {
          type: 'start',
          id: typeof d.id === 'string' ? d.id : makeId('chatcmpl-'),
          model: typeof d.model === 'string' ? d.model : '',
        };
        if (u) s.usage = u;
        out.push(s);
      }
      const choices = Array.isArray(d.choices) ? d.choices : [];
      for (const c of choices) {
        if (!isObj(c) || (typeof c.index === 'number' && c.index !== 0)) continue;
        const delta = isObj(c.delta) ? c.delta : {};
        const reasoning =
          typeof delta.reasoning_content === 'string'
            ? delta.reasoning_content
            : typeof delta.reasoning === 'string'
              ? delta.reasoning
              : '';
        if (reasoning !== '') out.push({ type: 'thinking_delta', index: openBlock('thinking', out), text: reasoning });
        if (typeof delta.content === 'string' && delta.content !== '')
          out.push({ type: 'text_delta', index: openBlock('text', out), text: delta.content });
        if (typeof delta.refusal === 'string' && delta.refusal !== '')
          out.push({ type: 'text_delta', index: openBlock('text', out), text: delta.refusal });
        if (Array.isArray(delta.tool_calls)) {
          delta.tool_calls.forEach((tc, pos) => {
            if (isObj(tc)) toolDelta(tc, pos, out);
          });
        }
        if (typeof c.finish_reason === 'string' && c.finish_reason !== '') {
          finish = chatToIRStop(c.finish_reason);
          if (typeof c.stop_reason === 'string') stopSequence = c.stop_reason;
          close(out);
        }
      }
      // The include_usage chunk (or a finish chunk that carries usage) is the last word: close
      // now rather than at [DONE], so the client's final event is not held one event late.
      if (finish !== undefined && u) finalize(out);
      return out;
    },
    end(): IRStreamEvent[] {
      if (done) return [];
      const out: IRStreamEvent[] = [];
      // Some servers close without [DONE]; a finish_reason means the answer was complete.
      if (finish !== undefined) {
        if (!started) out.push({ type: 'start', id: makeId('chatcmpl-'), model: '' });
        started = true;
        finalize(out);
        return out;
      }
      done = true;
      out.push({ type: 'error', error: { type: 'api_error', message: 'upstream stream ended before finish_reason', status: 502 } });
      return out;
    },
  };
}
