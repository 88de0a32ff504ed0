/**
 * Event grammar of an Anthropic Messages stream as Claude Code consumes it.
 * `checkAnthropicStream(events)` returns human-readable violations (empty = valid). Rules:
 * - message_start first (an `error` event may be the only event); SSE event name = data.type;
 * - blocks open with index 0, 1, 2 … one at a time; every delta targets the open block and
 *   matches its type; content_block_stop closes the open block; tool input JSON parses;
 * - message_delta (stop_reason, usage.output_tokens) after all blocks closed, then
 *   message_stop, then nothing; or an `error` event, then nothing.
 */
import type { SSEEvent } from '../../../src/proxy/sse/parser';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const STOP_REASONS = new Set([
  'end_turn',
  'max_tokens',
  'tool_use',
  'stop_sequence',
  'refusal',
  'pause_turn',
  'model_context_window_exceeded',
]);
const DELTA_FOR: Record<string, string[]> = {
  text: ['text_delta', 'citations_delta'],
  thinking: ['thinking_delta', 'signature_delta'],
  tool_use: ['input_json_delta'],
  server_tool_use: ['input_json_delta'],
};

export function checkAnthropicStream(events: ReadonlyArray<SSEEvent>): string[] {
  const v: string[] = [];
  type Phase = 'init' | 'started' | 'delta' | 'stopped' | 'errored';
  let phase = 'init' as Phase;
  let nextIndex = 0;
  let open: { index: number; type: string; json: string } | undefined;
  events.forEach((ev, i) => {
    const at = `event ${i}`;
    if (phase === 'stopped' || phase === 'errored') {
      v.push(`${at}: ${ev.event ?? 'data'} after the stream ended`);
      return;
    }
    let d: unknown;
    try {
      d = JSON.parse(ev.data);
    } catch {
      v.push(`${at}: data is not JSON`);
      return;
    }
    if (!isObj(d)) return void v.push(`${at}: data is not an object`);
    if (ev.event !== d.type) v.push(`${at}: event name ${ev.event} differs from data.type ${String(d.type)}`);
    if (d.type === 'error') {
      if (!isObj(d.error) || typeof d.error.type !== 'string' || typeof d.error.message !== 'string')
        v.push(`${at}: error without type/message`);
      phase = 'errored';
      return;
    }
    if (phase === 'init' && d.type !== 'message_start') return void v.push(`${at}: ${String(d.type)} before message_start`);
    switch (d.type) {
      case 'message_start': {
        if (phase !== 'init') v.push(`${at}: second message_start`);
        const m = isObj(d.message) ? d.message : {};
        if (m.role !== 'assistant' || !Array.isArray(m.content) || typeof m.id !== 'string')
          v.push(`${at}: message_start.message malformed`);
        if (!isObj(m.usage) || typeof m.usage.input_tokens !== 'number') v.push(`${at}: message_start without usage.input_tokens`);
        phase = 'started';
        break;
      }
      case 'content_block_start': {
        if (phase !== 'started') v.push(`${at}: content_block_start after message_delta`);
        if (open) v.push(`${at}: block ${String(d.index)} started while block ${open.index} is open`);
        if (d.index !== nextIndex) v.push(`${at}: block index ${String(d.index)}, expected ${nextIndex}`);
        const cb = isObj(d.content_block) ? d.content_block : {};
        if (typeof cb.type !== 'string') v.push(`${at}: content_block without type`);
        if (
          (cb.type === 'tool_use' || cb.type === 'server_tool_use') &&
          (typeof cb.id !== 'string' || !cb.id || typeof cb.name !== 'string' || !cb.name)
        ) {
          v.push(`${at}: tool_use block without id/name`);
        }
        open = { index: nextIndex, type: String(cb.type), json: '' };
        nextIndex++;
        break;
      }
      case 'content_block_delta': {
        if (!open || d.index !== open.index) return void v.push(`${at}: delta for block ${String(d.index)} which is not open`);
        const delta = isObj(d.delta) ? d.delta : {};
        const allowed = DELTA_FOR[open.type];
        if (allowed && !allowed.includes(String(delta.type))) v.push(`${at}: ${String(delta.type)} inside a ${open.type} block`);
        if (delta.type === 'input_json_delta') open.json += String(delta.partial_json ?? '');
        if (delta.type === 'text_delta' && typeof delta.text !== 'string') v.push(`${at}: text_delta without text`);
        break;
      }
      case 'content_block_stop': {
        if (!open || d.index !== open.index) return void v.push(`${at}: stop for block ${String(d.index)} which is not open`);
        if ((open.type === 'tool_use' || open.type === 'server_tool_use') && open.json !== '') {
          try {
            if (!isObj(JSON.parse(open.json))) v.push(`${at}: tool input is not a JSON object`);
          } catch {
            v.push(`${at}: tool input JSON does not parse: ${open.json.slice(0, 80)}`);
          }
        }
        open = undefined;
        break;
      }
      case 'message_delta': {
        if (open) v.push(`${at}: message_delta while block ${open.index} is open`);
        if (phase === 'delta') v.push(`${at}: second message_delta`);
        const delta = isObj(d.delta) ? d.delta : {};
        if (!STOP_REASONS.has(String(delta.stop_reason))) v.push(`${at}: bad stop_reason ${String(delta.stop_reason)}`);
        if (!isObj(d.usage) || typeof d.usage.output_tokens !== 'number') v.push(`${at}: message_delta without usage.output_tokens`);
        phase = 'delta';
        break;
      }
      case 'message_stop':
        if (phase !== 'delta') v.push(`${at}: message_stop without message_delta`);
        phase = 'stopped';
        break;
      case 'ping':
        break;
      default:
        v.push(`${at}: unknown event ${String(d.type)}`);
    }
  });
  if (phase !== 'stopped' && phase !== 'errored') v.push('stream ended without message_stop or error');
  return v;
}

/** True when the stream got its proper end (message_stop), not an error. */
export function anthropicCompleted(events: ReadonlyArray<SSEEvent>): boolean {
  const last = events[events.length - 1];
  return last?.event === 'message_stop';
}
