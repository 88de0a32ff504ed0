/**
 * Anthropic SSE → IR events. Guarantees the IR order even when upstream misbehaves: deltas
 * for a block never started are dropped, a stream that ends before message_stop (and without
 * a stop reason) yields an error so the client sees a failure, not a silent truncation.
 */
import type { IRStreamEvent } from '../../../shared/ir';
import type { StreamDecoder } from '../codec';
import type { SSEEvent } from '../../sse/parser';
import { isObj, type Obj } from '../shared/json';
import { anthropicToIRStop } from '../shared/stop-reasons';
import { anthropicToIRUsage } from '../shared/usage';
import { decodeAnthropicError } from './response';

export function createAnthropicStreamDecoder(): StreamDecoder {
  let started = false;
  let done = false;
  let stopSeen = false;
  let nextIndex = 0;
  /** Anthropic block index → IR index, for open blocks only. */
  const open = new Map<number, number>();

  function ensureStart(out: IRStreamEvent[]): void {
    if (!started) {
      started = true;
      out.push({ type: 'start', id: '', model: '' });
    }
  }

  function closeAll(out: IRStreamEvent[]): void {
    for (const irIndex of open.values()) out.push({ type: 'block_stop', index: irIndex });
    open.clear();
  }

  function blockStart(d: Obj, out: IRStreamEvent[]): void {
    const cb = isObj(d.content_block) ? d.content_block : {};
    const wireIndex = typeof d.index === 'number' ? d.index : nextIndex;
    if (open.has(wireIndex)) out.push({ type: 'block_stop', index: open.get(wireIndex)! });
    const index = nextIndex++;
    open.set(wireIndex, index);
    switch (cb.type) {
      case 'text':
        out.push({ type: 'block_start', index, block: { type: 'text' } });
        if (typeof cb.text === 'string' && cb.text !== '') out.push({ type: 'text_delta', index, text: cb.text });
        break;
      case 'thinking':
        out.push({ type: 'block_start', index, block: { type: 'thinking', provenance: 'anthropic' } });
        if (typeof cb.thinking === 'string' && cb.thinking !== '') out.push({ type: 'thinking_delta', index, text: cb.thinking });
        if (typeof cb.signature === 'string' && cb.signature !== '') out.push({ type: 'signature_delta', index, signature: cb.signature });
        break;
      case 'redacted_thinking':
        out.push({ type: 'block_start', index, block: { type: 'redacted_thinking', data: typeof cb.data === 'string' ? cb.data : '' } });
        break;
      case 'tool_use':
      case 'server_tool_use': {
        const block: IRStreamEvent & { type: 'block_start' } = {
          type: 'block_start',
          index,
          block: { type: 'tool_use', id: String(cb.id ?? ''), name: String(cb.name ?? '') },
        };
        if (cb.type === 'server_tool_use' && block.block.type === 'tool_use') block.block.server = true;
        out.push(block);
        if (isObj(cb.input) && Object.keys(cb.input).length > 0)
          out.push({ type: 'tool_input_delta', index, partialJson: JSON.stringify(cb.input) });
        break;
      }
      default:
        out.push({ type: 'block_start', index, block: { type: 'opaque', provenance: 'anthropic', raw: cb } });
    }
  }

  function blockDelta(d: Obj, out: IRStreamEvent[]): void {
    const index = typeof d.index === 'number' ? open.get(d.index) : undefined;
    if (index === undefined || !isObj(d.delta)) return;
    const delta = d.delta;
    switch (delta.type) {
      case 'text_delta':
        if (typeof delta.text === 'string' && delta.text !== '') out.push({ type: 'text_delta', index, text: delta.text });
        break;
      case 'thinking_delta':
        if (typeof delta.thinking === 'string' && delta.thinking !== '') out.push({ type: 'thinking_delta', index, text: delta.thinking });
        break;
      case 'signature_delta':
        if (typeof delta.signature === 'string') out.push({ type: 'signature_delta', index, signature: delta.signature });
        break;
      case 'input_json_delta':
        if (typeof delta.partial_json === 'string' && delta.partial_json !== '')
          out.push({ type: 'tool_input_delta', index, partialJson: delta.partial_json });
        break;
      default:
        break; // citations_delta and future delta types: nothing the IR carries.
    }
  }

  return {
    push(ev: SSEEvent): IRStreamEvent[] {
      if (done) return [];
      let d: unknown;
      try {
        d = JSON.parse(ev.data);
      } catch {
        return [];
      }
      if (!isObj(d)) return [];
      const out: IRStreamEvent[] = [];
      switch (d.type ?? ev.event) {
        case 'message_start': {
          const m = isObj(d.message) ? d.message : {};
          if (!started) {
            started = true;
            out.push({ type: 'start', id: String(m.id ?? ''), model: String(m.model ?? ''), usage: anthropicToIRUsage(m.usage) });
          }
          break;
        }
        case 'content_block_start':
          ensureStart(out);
          blockStart(d, out);
          break;
        case 'content_block_delta':
          blockDelta(d, out);
          break;
        case 'content_block_stop': {
          const index = typeof d.index === 'number' ? open.get(d.index) : undefined;
          if (index !== undefined) {
            open.delete(d.index as number);
            out.push({ type: 'block_stop', index });
          }
          break;
        }
        case 'message_delta': {
          ensureStart(out);
          closeAll(out);
          const usage = anthropicToIRUsage(d.usage);
          if (Object.keys(usage).length > 0) out.push({ type: 'usage', usage });
          const delta = isObj(d.delta) ? d.delta : {};
          if (delta.stop_reason !== undefined && delta.stop_reason !== null) {
            stopSeen = true;
            out.push({
              type: 'stop',
              stopReason: anthropicToIRStop(delta.stop_reason),
              stopSequence: typeof delta.stop_sequence === 'string' ? delta.stop_sequence : null,
            });
          }
          break;
        }
        case 'message_stop':
          ensureStart(out);
          closeAll(out);
          if (!stopSeen) out.push({ type: 'stop', stopReason: 'end_turn' });
          out.push({ type: 'end' });
          done = true;
          break;
        case 'ping':
          if (started) out.push({ type: 'ping' });
          break;
        case 'error':
          out.push({ type: 'error', error: decodeAnthropicError(500, d) });
          done = true;
          break;
        default:
          break;
      }
      return out;
    },
    end(): IRStreamEvent[] {
      if (done) return [];
      done = true;
      const out: IRStreamEvent[] = [];
      if (stopSeen) {
        // Stop reason arrived but message_stop did not: the content is complete, close it.
        closeAll(out);
        out.push({ type: 'end' });
        return out;
      }
      out.push({ type: 'error', error: { type: 'api_error', message: 'upstream stream ended before message_stop', status: 502 } });
      return out;
    },
  };
}
