/**
 * Responses SSE from a Responses lane → IR stream events, in the IR's valid order.
 *
 * Tolerant by design: items announced only by output_item.done, deltas without a prior
 * added event, empty deltas, unknown event and item types and bad JSON lines are all handled;
 * a stream that ends without a terminal event becomes an IR error.
 */
import type { IRStopReason, IRStreamEvent } from '../../../shared/ir';
import type { StreamDecoder } from '../codec';
import type { SSEEvent } from '../../sse/parser';
import { decodeResponsesError } from './errors';
import { isObj, newId, num, str, usageFromResponses, type Obj } from './util';

interface Rec {
  kind: 'text' | 'thinking' | 'tool' | 'custom' | 'other';
  itemId?: string;
  /** IR block index once opened. */
  index: number;
  open: boolean;
  closed: boolean;
  /** Text / arguments / custom input seen so far. */
  seen: string;
  summaryIndex: number;
  item?: Obj;
}

export class ResponsesStreamDecoder implements StreamDecoder {
  private started = false;
  private finished = false;
  private nextIndex = 0;
  private readonly byOut = new Map<number, Rec>();
  private readonly byId = new Map<string, Rec>();
  private current: Rec | undefined;
  private sawTool = false;
  private sawRefusal = false;

  push(ev: SSEEvent): IRStreamEvent[] {
    if (this.finished) return [];
    let data: unknown;
    try {
      data = JSON.parse(ev.data);
    } catch {
      return []; // keep-alives, [DONE], garbage
    }
    if (!isObj(data)) return [];
    const type = str(data.type) ?? ev.event ?? '';
    const out: IRStreamEvent[] = [];
    switch (type) {
      case 'response.created':
      case 'response.in_progress':
        this.ensureStarted(out, isObj(data.response) ? data.response : undefined);
        break;
      case 'response.output_item.added':
        this.ensureStarted(out);
        if (isObj(data.item)) this.itemAdded(data, data.item, out);
        break;
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        this.ensureStarted(out);
        if (type === 'response.refusal.delta') this.sawRefusal = true;
        this.delta(data, 'text', out);
        break;
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        this.ensureStarted(out);
        this.delta(data, 'thinking', out);
        break;
      case 'response.function_call_arguments.delta':
        this.ensureStarted(out);
        this.delta(data, 'tool', out);
        break;
      case 'response.custom_tool_call_input.delta': {
        const rec = this.find(data);
        if (rec?.kind === 'custom') rec.seen += str(data.delta) ?? '';
        break;
      }
      case 'response.output_item.done':
        this.ensureStarted(out);
        if (isObj(data.item)) this.itemDone(data, data.item, out);
        break;
      case 'response.completed':
      case 'response.incomplete':
        this.ensureStarted(out);
        this.complete(isObj(data.response) ? data.response : {}, out);
        break;
      case 'response.failed': {
        const resp = isObj(data.response) ? data.response : {};
        const err = isObj(resp.error) ? resp.error : {};
        const info = decodeResponsesError(500, { error: err });
        delete info.status;
        out.push({ type: 'error', error: info });
        this.finished = true;
        break;
      }
      case 'error': {
        const err = isObj(data.error) ? data.error : data;
        const status = num(err.status) ?? num(data.status);
        const info = decodeResponsesError(status ?? 500, { error: err });
        if (status === undefined) delete info.status;
        out.push({ type: 'error', error: info });
        this.finished = true;
        break;
      }
      default:
        break;
    }
    return out;
  }

  end(): IRStreamEvent[] {
    if (this.finished) return [];
    this.finished = true;
    return [{ type: 'error', error: { type: 'api_error', message: 'Upstream stream ended before response.completed', status: 502 } }];
  }

  private ensureStarted(out: IRStreamEvent[], resp?: Obj): void {
    if (this.started) return;
    this.started = true;
    out.push({ type: 'start', id: str(resp?.id) ?? newId('resp'), model: str(resp?.model) ?? '' });
  }

  private find(data: Obj): Rec | undefined {
    const id = str(data.item_id);
    if (id !== undefined) {
      const r = this.byId.get(id);
      if (r) return r;
    }
    const o = num(data.output_index);
    return o === undefined ? undefined : this.byOut.get(o);
  }

  private record(data: Obj, kind: Rec['kind'], item?: Obj): Rec {
    const rec: Rec = { kind, index: -1, open: false, closed: false, seen: '', summaryIndex: 0, item };
    const id = str(item?.id) ?? str(data.item_id);
    if (id !== undefined) {
      rec.itemId = id;
      this.byId.set(id, rec);
    }
    const o = num(data.output_index);
    if (o !== undefined) this.byOut.set(o, rec);
    return rec;
  }

  private openBlock(rec: Rec, out: IRStreamEvent[]): void {
    if (rec.open || rec.closed) return;
    // The IR (and Anthropic clients) want one block at a time: close the previous one.
    if (this.current && this.current !== rec) this.closeBlock(this.current, out);
    rec.open = true;
    rec.index = this.nextIndex++;
    this.current = rec;
    const item = rec.item ?? {};
    switch (rec.kind) {
      case 'text':
        out.push({ type: 'block_start', index: rec.index, block: { type: 'text' } });
        break;
      case 'thinking': {
        const itemId = rec.itemId;
        out.push({
          type: 'block_start',
          index: rec.index,
          block: itemId
            ? { type: 'thinking', provenance: 'openai-responses', itemId }
            : { type: 'thinking', provenance: 'openai-responses' },
        });
        break;
      }
      case 'tool':
      case 'custom': {
        this.sawTool = true;
        const callId = str(item.call_id) ?? rec.itemId ?? newId('call');
        const block: Extract<IRStreamEvent, { type: 'block_start' }>['block'] = {
          type: 'tool_use',
          id: callId,
          name: str(item.name) ?? '',
        };
        if (rec.itemId !== undefined && rec.itemId !== callId) block.itemId = rec.itemId;
        if (rec.kind === 'custom') block.custom = true;
        out.push({ type: 'block_start', index: rec.index, block });
        break;
      }
      default:
        out.push({ type: 'block_start', index: rec.index, block: { type: 'opaque', provenance: 'openai-responses', raw: item } });
    }
  }

  private closeBlock(rec: Rec, out: IRStreamEvent[]): void {
    if (!rec.open) return;
    rec.open = false;
    rec.closed = true;
    if (this.current === rec) this.current = undefined;
    out.push({ type: 'block_stop', index: rec.index });
  }

  private itemAdded(data: Obj, item: Obj, out: IRStreamEvent[]): void {
    const kind = kindOf(item.type);
    const rec = this.record(data, kind, item);
    if (kind === 'tool' || kind === 'custom') {
      this.openBlock(rec, out);
      const args = kind === 'tool' ? str(item.arguments) : undefined;
      if (args) {
        rec.seen = args;
        out.push({ type: 'tool_input_delta', index: rec.index, partialJson: args });
      }
    }
  }

  private delta(data: Obj, kind: 'text' | 'thinking' | 'tool', out: IRStreamEvent[]): void {
    const text = str(data.delta);
    let rec = this.find(data);
    if (rec === undefined) rec = this.record(data, kind, {});
    if (rec.kind !== kind || rec.closed || text === undefined || text === '') return;
    if (kind === 'thinking') {
      const si = num(data.summary_index) ?? num(data.content_index) ?? 0;
      if (si > rec.summaryIndex && rec.seen !== '') {
        rec.summaryIndex = si;
        this.emitDelta(rec, '\n\n', out);
      }
    }
    this.emitDelta(rec, text, out);
  }

  private emitDelta(rec: Rec, text: string, out: IRStreamEvent[]): void {
    this.openBlock(rec, out);
    rec.seen += text;
    if (rec.kind === 'text') out.push({ type: 'text_delta', index: rec.index, text });
    else if (rec.kind === 'thinking') out.push({ type: 'thinking_delta', index: rec.index, text });
    else out.push({ type: 'tool_input_delta', index: rec.index, partialJson: text });
  }

  private itemDone(data: Obj, item: Obj, out: IRStreamEvent[]): void {
    const kind = kindOf(item.type);
    const id = str(item.id);
    let rec = (id !== undefined ? this.byId.get(id) : undefined) ?? this.find(data);
    if (rec === undefined || rec.kind !== kind) rec = this.record(data, kind, item);
    rec.item = { ...rec.item, ...item };
    if (rec.closed) return;
    switch (kind) {
      case 'text': {
        const full = messageText(item);
        if (full.length > rec.seen.length && full.startsWith(rec.seen)) this.emitDelta(rec, full.slice(rec.seen.length), out);
        if (Array.isArray(item.content) && item.content.some((p) => isObj(p) && p.type === 'refusal')) this.sawRefusal = true;
        break;
      }
      case 'thinking': {
        if (rec.seen === '') {
          const summary = Array.isArray(item.summary) ? item.summary.filter(isObj).map((s) => str(s.text) ?? '') : [];
          const text = summary.join('\n\n');
          if (text !== '') this.emitDelta(rec, text, out);
        }
        const enc = str(item.encrypted_content);
        if (enc !== undefined) {
          this.openBlock(rec, out);
          out.push({ type: 'encrypted_reasoning', index: rec.index, encryptedContent: enc });
        }
        break;
      }
      case 'tool': {
        this.openBlock(rec, out);
        const args = str(item.arguments) ?? '';
        if (rec.seen === '' && args !== '') this.emitDelta(rec, args, out);
        break;
      }
      case 'custom': {
        this.openBlock(rec, out);
        const input = str(item.input) ?? rec.seen;
        out.push({ type: 'tool_input_delta', index: rec.index, partialJson: JSON.stringify({ input }) });
        break;
      }
      default:
        this.openBlock(rec, out);
    }
    this.closeBlock(rec, out);
    rec.closed = true;
  }

  private complete(resp: Obj, out: IRStreamEvent[]): void {
    if (this.current) this.closeBlock(this.current, out);
    const usage = usageFromResponses(resp.usage);
    if (usage) out.push({ type: 'usage', usage });
    out.push({ type: 'stop', stopReason: this.stopReason(resp) });
    out.push({ type: 'end' });
    this.finished = true;
  }

  private stopReason(resp: Obj): IRStopReason {
    const reason = isObj(resp.incomplete_details) ? str(resp.incomplete_details.reason) : undefined;
    if (resp.status === 'incomplete' || reason !== undefined) return reason === 'content_filter' ? 'refusal' : 'max_tokens';
    if (this.sawRefusal) return 'refusal';
    return this.sawTool ? 'tool_use' : 'end_turn';
  }
}

function kindOf(t: unknown): Rec['kind'] {
  switch (t) {
    case 'message':
      return 'text';
    case 'reasoning':
      return 'thinking';
    case 'function_call':
      return 'tool';
    case 'custom_tool_call':
      return 'custom';
    default:
      return 'other';
  }
}

function messageText(item: Obj): string {
  if (!Array.isArray(item.content)) return '';
  let s = '';
  for (const p of item.content) {
    if (!isObj(p)) continue;
    if (p.type === 'output_text') s += str(p.text) ?? '';
    else if (p.type === 'refusal') s += str(p.refusal) ?? '';
  }
  return s;
}
