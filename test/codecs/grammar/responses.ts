/**
 * Event grammar of an OpenAI Responses stream as Codex and the OpenAI SDKs consume it.
 * `checkResponsesStream(events)` returns human-readable violations (empty = valid).
 *
 * Accepts parsed SSE events ({event?, data}) or the decoded JSON objects. Rules:
 * - response.created first; exactly one terminal event (response.completed / .incomplete /
 *   .failed / error), last; sequence_number strictly increasing when present;
 * - output_item.added with output_index 0, 1, 2 … before any event of that item; no event
 *   for an item after its output_item.done; item ids consistent;
 * - content parts / summary parts added before their deltas; *.done texts equal the
 *   concatenated deltas; output_item.done items carry the full text / arguments / call_id / name;
 * - response.completed: every added item done, `output` equal to the done items in order,
 *   usage with consistent totals; response.failed: error.code and error.message.
 */
import { SSEParser, type SSEEvent } from '../../../src/proxy/sse/parser';

type Obj = Record<string, unknown>;

interface ItemState {
  id: string;
  type: string;
  done: boolean;
  doneItem?: Obj;
  parts: Map<number, { added: boolean; text: string; done: boolean }>;
  summaries: Map<number, { added: boolean; text: string; done: boolean }>;
  args: string;
  argsDone: boolean;
  sawArgDelta: boolean;
  customInput: string;
}

const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed', 'error']);

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parse SSE text into events (helper for tests that hold the encoder's output as text). */
export function parseSSEText(text: string): SSEEvent[] {
  const p = new SSEParser();
  return [...p.push(text), ...p.end()];
}

function toObjects(events: ReadonlyArray<SSEEvent | Obj>, v: string[]): Obj[] {
  const out: Obj[] = [];
  events.forEach((e, i) => {
    // SSE events carry `data` text; decoded event objects carry `type`.
    if (typeof (e as SSEEvent).data === 'string' && typeof (e as Obj).type !== 'string') {
      const sse = e as SSEEvent;
      let data: unknown;
      try {
        data = JSON.parse(sse.data);
      } catch {
        v.push(`event ${i}: data is not JSON: ${sse.data.slice(0, 80)}`);
        return;
      }
      if (!isObj(data)) {
        v.push(`event ${i}: data is not a JSON object`);
        return;
      }
      if (sse.event !== undefined && sse.event !== data.type)
        v.push(`event ${i}: SSE event name "${sse.event}" != data.type "${String(data.type)}"`);
      out.push(data);
    } else out.push(e as Obj);
  });
  return out;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function messageText(item: Obj, index: number): string | undefined {
  if (!Array.isArray(item.content)) return undefined;
  const p: unknown = item.content[index];
  return isObj(p) && typeof p.text === 'string' ? p.text : undefined;
}

export function checkResponsesStream(events: ReadonlyArray<SSEEvent | Obj>): string[] {
  const v: string[] = [];
  const evs = toObjects(events, v);
  if (evs.length === 0) return [...v, 'stream is empty'];
  const items: ItemState[] = [];
  const byId = new Map<string, ItemState>();
  let lastSeq = -1;
  let responseId: string | undefined;
  let terminalAt = -1;

  const itemFor = (e: Obj, i: number, what: string): ItemState | undefined => {
    const oi = e.output_index;
    if (typeof oi !== 'number') {
      v.push(`event ${i} (${what}): missing output_index`);
      return undefined;
    }
    const it = items[oi];
    if (!it) {
      v.push(`event ${i} (${what}): output_index ${oi} was never added`);
      return undefined;
    }
    if (e.item_id !== undefined && e.item_id !== it.id) v.push(`event ${i} (${what}): item_id ${String(e.item_id)} != added id ${it.id}`);
    if (it.done) v.push(`event ${i} (${what}): item ${oi} already done`);
    return it;
  };

  evs.forEach((e, i) => {
    const type = typeof e.type === 'string' ? e.type : '';
    if (type === '') v.push(`event ${i}: missing type`);
    if (terminalAt >= 0) v.push(`event ${i} (${type}): after terminal event`);
    if (typeof e.sequence_number === 'number') {
      if (e.sequence_number <= lastSeq) v.push(`event ${i}: sequence_number ${e.sequence_number} not increasing`);
      lastSeq = e.sequence_number;
    }
    if (i === 0 && type !== 'response.created') v.push(`event 0 is ${type}, expected response.created`);
    if (type === 'response.created' && i !== 0) v.push(`event ${i}: response.created not first`);
    if (type.startsWith('response.') && !TERMINAL.has(type) && isObj(e.response)) {
      if (typeof e.response.id !== 'string') v.push(`event ${i} (${type}): response.id missing`);
      else if (responseId === undefined) responseId = e.response.id;
      else if (responseId !== e.response.id) v.push(`event ${i}: response id changed`);
    }
    switch (type) {
      case 'response.created':
      case 'response.in_progress':
        if (!isObj(e.response)) v.push(`event ${i} (${type}): missing response object`);
        break;
      case 'response.output_item.added': {
        const item = e.item;
        if (e.output_index !== items.length) v.push(`event ${i}: output_index ${String(e.output_index)}, expected ${items.length}`);
        if (!isObj(item) || typeof item.type !== 'string' || typeof item.id !== 'string') {
          v.push(`event ${i}: output_item.added without item id/type`);
          break;
        }
        if (byId.has(item.id)) v.push(`event ${i}: duplicate item id ${item.id}`);
        const st: ItemState = {
          id: item.id,
          type: item.type,
          done: false,
          parts: new Map(),
          summaries: new Map(),
          args: '',
          argsDone: false,
          sawArgDelta: false,
          customInput: '',
        };
        items.push(st);
        byId.set(item.id, st);
        if (item.type === 'reasoning' && !Array.isArray(item.summary)) v.push(`event ${i}: reasoning item without summary array`);
        break;
      }
      case 'response.content_part.added': {
        const it = itemFor(e, i, type);
        if (!it) break;
        if (it.type !== 'message') v.push(`event ${i}: content part on ${it.type} item`);
        const ci = typeof e.content_index === 'number' ? e.content_index : -1;
        if (ci !== it.parts.size) v.push(`event ${i}: content_index ${ci}, expected ${it.parts.size}`);
        it.parts.set(ci, { added: true, text: '', done: false });
        break;
      }
      case 'response.output_text.delta':
      case 'response.refusal.delta': {
        const it = itemFor(e, i, type);
        if (!it) break;
        const part = it.parts.get(typeof e.content_index === 'number' ? e.content_index : -1);
        if (!part) v.push(`event ${i}: ${type} before content_part.added`);
        else if (part.done) v.push(`event ${i}: ${type} after part done`);
        if (typeof e.delta !== 'string') v.push(`event ${i}: delta is not a string`);
        else if (part) part.text += e.delta;
        break;
      }
      case 'response.output_text.done':
      case 'response.refusal.done': {
        const it = itemFor(e, i, type);
        const part = it?.parts.get(typeof e.content_index === 'number' ? e.content_index : -1);
        if (!it) break;
        if (!part) v.push(`event ${i}: ${type} for a part never added`);
        else {
          const text = type === 'response.output_text.done' ? e.text : e.refusal;
          if (text !== part.text) v.push(`event ${i}: ${type} text differs from the concatenated deltas`);
        }
        break;
      }
      case 'response.content_part.done': {
        const it = itemFor(e, i, type);
        const part = it?.parts.get(typeof e.content_index === 'number' ? e.content_index : -1);
        if (!it) break;
        if (!part) v.push(`event ${i}: content_part.done for a part never added`);
        else {
          const p = e.part;
          const text = isObj(p) ? (p.text ?? p.refusal) : undefined;
          if (text !== part.text) v.push(`event ${i}: content_part.done text differs from the deltas`);
          part.done = true;
        }
        break;
      }
      case 'response.function_call_arguments.delta': {
        const it = itemFor(e, i, type);
        if (!it) break;
        if (it.type !== 'function_call') v.push(`event ${i}: arguments delta on ${it.type} item`);
        if (it.argsDone) v.push(`event ${i}: arguments delta after arguments done`);
        if (typeof e.delta !== 'string') v.push(`event ${i}: delta is not a string`);
        else it.args += e.delta;
        it.sawArgDelta = true;
        break;
      }
      case 'response.function_call_arguments.done': {
        const it = itemFor(e, i, type);
        if (!it) break;
        if (it.sawArgDelta && e.arguments !== it.args) v.push(`event ${i}: arguments.done differs from the concatenated deltas`);
        if (typeof e.arguments === 'string') it.args = e.arguments;
        it.argsDone = true;
        break;
      }
      case 'response.custom_tool_call_input.delta': {
        const it = itemFor(e, i, type);
        if (it && typeof e.delta === 'string') it.customInput += e.delta;
        break;
      }
      case 'response.custom_tool_call_input.done': {
        const it = itemFor(e, i, type);
        if (it && e.input !== it.customInput) v.push(`event ${i}: custom input done differs from the deltas`);
        break;
      }
      case 'response.reasoning_summary_part.added': {
        const it = itemFor(e, i, type);
        if (!it) break;
        if (it.type !== 'reasoning') v.push(`event ${i}: summary part on ${it.type} item`);
        const si = typeof e.summary_index === 'number' ? e.summary_index : -1;
        if (si !== it.summaries.size) v.push(`event ${i}: summary_index ${si}, expected ${it.summaries.size}`);
        it.summaries.set(si, { added: true, text: '', done: false });
        break;
      }
      case 'response.reasoning_summary_text.delta': {
        const it = itemFor(e, i, type);
        if (!it) break;
        const s = it.summaries.get(typeof e.summary_index === 'number' ? e.summary_index : -1);
        if (!s) v.push(`event ${i}: summary delta before reasoning_summary_part.added`);
        else if (typeof e.delta === 'string') s.text += e.delta;
        break;
      }
      case 'response.reasoning_summary_text.done':
      case 'response.reasoning_summary_part.done': {
        const it = itemFor(e, i, type);
        if (!it) break;
        const s = it.summaries.get(typeof e.summary_index === 'number' ? e.summary_index : -1);
        const text = type.endsWith('text.done') ? e.text : isObj(e.part) ? e.part.text : undefined;
        if (!s) v.push(`event ${i}: ${type} for a summary part never added`);
        else if (text !== s.text) v.push(`event ${i}: ${type} text differs from the deltas`);
        if (s && type.endsWith('part.done')) s.done = true;
        break;
      }
      case 'response.output_item.done': {
        const it = itemFor(e, i, type);
        if (!it) break;
        const item = e.item;
        if (!isObj(item) || item.id !== it.id || item.type !== it.type) {
          v.push(`event ${i}: output_item.done item does not match the added item`);
          it.done = true;
          break;
        }
        checkDoneItem(it, item, i, v);
        it.done = true;
        it.doneItem = item;
        break;
      }
      case 'response.completed':
      case 'response.incomplete': {
        terminalAt = i;
        const r = e.response;
        if (!isObj(r)) {
          v.push(`event ${i}: ${type} without response`);
          break;
        }
        if (responseId !== undefined && r.id !== responseId) v.push(`event ${i}: terminal response id differs`);
        const open = items.filter((x) => !x.done).map((x) => x.id);
        if (open.length > 0) v.push(`event ${i}: ${type} with items not done: ${open.join(', ')}`);
        const done = items.filter((x) => x.doneItem).map((x) => x.doneItem);
        if (!Array.isArray(r.output)) v.push(`event ${i}: response.output missing`);
        else if (!deepEqual(r.output, done)) v.push(`event ${i}: response.output differs from the output_item.done items`);
        checkUsage(r.usage, i, v);
        break;
      }
      case 'response.failed': {
        terminalAt = i;
        const r = e.response;
        const err = isObj(r) ? r.error : undefined;
        if (!isObj(err) || typeof err.code !== 'string' || typeof err.message !== 'string')
          v.push(`event ${i}: response.failed without error.code/message`);
        if (isObj(r) && r.status !== 'failed') v.push(`event ${i}: response.failed status is ${String(r.status)}`);
        break;
      }
      case 'error':
        terminalAt = i;
        if (typeof e.message !== 'string') v.push(`event ${i}: error event without message`);
        break;
      default:
        break; // unknown event kinds are allowed by the protocol
    }
  });
  if (terminalAt < 0) v.push('stream has no terminal event (response.completed / response.failed)');
  return v;
}

function checkDoneItem(it: ItemState, item: Obj, i: number, v: string[]): void {
  switch (it.type) {
    case 'message':
      if (item.role !== 'assistant') v.push(`event ${i}: message item role ${String(item.role)}`);
      for (const [ci, part] of it.parts) {
        if (!part.done) v.push(`event ${i}: message done while content part ${ci} open`);
        if (messageText(item, ci) !== part.text) v.push(`event ${i}: message item text differs from the deltas`);
      }
      break;
    case 'function_call':
      if (typeof item.call_id !== 'string' || item.call_id === '') v.push(`event ${i}: function_call without call_id`);
      if (typeof item.name !== 'string' || item.name === '') v.push(`event ${i}: function_call without name`);
      if (typeof item.arguments !== 'string') v.push(`event ${i}: function_call arguments not a string`);
      else if ((it.sawArgDelta || it.argsDone) && item.arguments !== it.args)
        v.push(`event ${i}: function_call arguments differ from the deltas`);
      break;
    case 'custom_tool_call':
      if (typeof item.call_id !== 'string' || typeof item.name !== 'string' || typeof item.input !== 'string') {
        v.push(`event ${i}: custom_tool_call without call_id/name/input`);
      } else if (it.customInput !== '' && item.input !== it.customInput)
        v.push(`event ${i}: custom_tool_call input differs from the deltas`);
      break;
    case 'reasoning': {
      if (!Array.isArray(item.summary)) {
        v.push(`event ${i}: reasoning item without summary array`);
        break;
      }
      for (const [si, s] of it.summaries) {
        if (!s.done) v.push(`event ${i}: reasoning done while summary part ${si} open`);
        const p: unknown = item.summary[si];
        if (!isObj(p) || p.text !== s.text) v.push(`event ${i}: reasoning summary ${si} differs from the deltas`);
      }
      if (item.encrypted_content !== undefined && typeof item.encrypted_content !== 'string')
        v.push(`event ${i}: encrypted_content not a string`);
      break;
    }
    default:
      break;
  }
}

function checkUsage(u: unknown, i: number, v: string[]): void {
  if (u === null || u === undefined) return;
  if (!isObj(u)) {
    v.push(`event ${i}: usage is not an object`);
    return;
  }
  const { input_tokens: input, output_tokens: output, total_tokens: total } = u;
  if (typeof input !== 'number' || typeof output !== 'number' || typeof total !== 'number') {
    v.push(`event ${i}: usage needs numeric input_tokens, output_tokens, total_tokens`);
    return;
  }
  if (total !== input + output) v.push(`event ${i}: total_tokens != input_tokens + output_tokens`);
  const cached = isObj(u.input_tokens_details) ? u.input_tokens_details.cached_tokens : undefined;
  if (typeof cached === 'number' && cached > input) v.push(`event ${i}: cached_tokens exceed input_tokens (input must include cached)`);
}
