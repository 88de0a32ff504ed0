/**
 * IR stream events → Responses SSE (what Codex reads). A state machine that guarantees the
 * Responses grammar whatever the lane sends: response.created first, every item announced by
 * output_item.added before its deltas and finished by a complete output_item.done, and exactly
 * one terminal event (response.completed with the full output and usage, or response.failed).
 *
 * Message and reasoning items open lazily on their first non-empty delta, so empty upstream
 * blocks produce no empty items. Anthropic signatures, redacted thinking and server tools
 * never reach a Responses client.
 */
import type { IRErrorInfo, IRStopReason, IRStreamBlockStart, IRStreamEvent, IRUsage, Protocol } from '../../../shared/ir';
import type { ClientContext, StreamEncoder } from '../codec';
import { formatSSE } from '../../sse/parser';
import { errorCodeFor } from './errors';
import { customInputFromJson, mergeUsage, newId, usageToResponses, type Obj } from './util';

type Item =
  | { kind: 'message'; id: string; out: number; text: string }
  | { kind: 'reasoning'; id: string; out: number; text: string; partOpen: boolean; provenance: Protocol; encrypted?: string }
  | { kind: 'function'; id: string; out: number; callId: string; name: string; args: string }
  | { kind: 'custom'; id: string; out: number; callId: string; name: string; args: string }
  | { kind: 'raw'; out: number; item: Obj }
  | { kind: 'ignore' };

export class ResponsesStreamEncoder implements StreamEncoder {
  private seq = 0;
  private started = false;
  private done = false;
  private responseId = '';
  private readonly createdAt = Math.floor(Date.now() / 1000);
  private readonly open = new Map<number, Item>();
  /** Finished items by output_index (holes stay undefined until their item finishes). */
  private readonly output: Obj[] = [];
  private nextOut = 0;
  private readonly usage: Partial<IRUsage> = {};
  private stopReason: IRStopReason | undefined;
  private readonly customTools: ReadonlySet<string>;

  constructor(private readonly ctx: ClientContext) {
    const custom = new Set<string>();
    for (const t of ctx.tools ?? []) if (t.custom) custom.add(t.name);
    this.customTools = custom;
  }

  get closed(): boolean {
    return this.done;
  }

  push(ev: IRStreamEvent): string {
    if (this.done) return '';
    switch (ev.type) {
      case 'start':
        if (ev.usage) mergeUsage(this.usage, ev.usage);
        return this.ensureStarted(ev.id);
      case 'block_start':
        return this.ensureStarted() + this.blockStart(ev.index, ev.block);
      case 'text_delta':
        return this.ensureStarted() + this.textDelta(ev.index, ev.text);
      case 'thinking_delta':
        return this.ensureStarted() + this.thinkingDelta(ev.index, ev.text);
      case 'encrypted_reasoning': {
        const it = this.open.get(ev.index);
        if (it?.kind === 'reasoning' && it.provenance === 'openai-responses') it.encrypted = ev.encryptedContent;
        return '';
      }
      case 'tool_input_delta':
        return this.ensureStarted() + this.toolDelta(ev.index, ev.partialJson);
      case 'block_stop':
        return this.ensureStarted() + this.blockStop(ev.index);
      case 'usage':
        mergeUsage(this.usage, ev.usage);
        return '';
      case 'stop':
        this.stopReason = ev.stopReason;
        return '';
      case 'end':
        return this.finish();
      case 'error':
        return this.fail(ev.error);
      default:
        return ''; // ping, signature_delta and future event kinds
    }
  }

  finish(): string {
    if (this.done) return '';
    let s = this.ensureStarted() + this.closeAll();
    if (this.stopReason === 'error') return s + this.fail({ type: 'api_error', message: 'The upstream model stopped with an error' });
    const resp = this.responseObject('completed');
    if (this.stopReason === 'max_tokens') {
      resp.status = 'incomplete';
      resp.incomplete_details = { reason: 'max_output_tokens' };
    } else if (this.stopReason === 'refusal') {
      resp.status = 'incomplete';
      resp.incomplete_details = { reason: 'content_filter' };
    }
    // Always `response.completed`: Codex rejects a stream without it, the status tells the truth.
    s += this.emit('response.completed', { response: resp });
    this.done = true;
    return s;
  }

  fail(error: IRErrorInfo): string {
    if (this.done) return '';
    let s = this.ensureStarted();
    const resp = this.responseObject('failed');
    resp.error = { code: errorCodeFor(error), message: error.message };
    s += this.emit('response.failed', { response: resp });
    this.done = true;
    return s;
  }

  // ---- internals ----

  private emit(type: string, fields: Obj): string {
    return formatSSE(type, JSON.stringify({ type, sequence_number: this.seq++, ...fields }));
  }

  private responseObject(status: string): Obj {
    const usage: Partial<IRUsage> = { ...this.usage };
    if (usage.inputTokens === undefined && usage.cacheReadTokens === undefined && this.ctx.estimatedInputTokens !== undefined) {
      usage.inputTokens = this.ctx.estimatedInputTokens;
    }
    return {
      id: this.responseId,
      object: 'response',
      created_at: this.createdAt,
      status,
      background: false,
      error: null,
      incomplete_details: null,
      model: this.ctx.requestedModel,
      output: status === 'in_progress' ? [] : this.output.filter((x) => x !== undefined),
      parallel_tool_calls: true,
      store: false,
      usage: status === 'in_progress' ? null : usageToResponses(usage),
      metadata: {},
    };
  }

  private ensureStarted(id?: string): string {
    if (this.started) return '';
    this.started = true;
    this.responseId = id === undefined || id === '' ? newId('resp') : id.startsWith('resp_') ? id : `resp_${id}`;
    const resp = this.responseObject('in_progress');
    return this.emit('response.created', { response: resp }) + this.emit('response.in_progress', { response: resp });
  }

  private blockStart(index: number, block: IRStreamBlockStart): string {
    if (this.open.has(index)) return '';
    switch (block.type) {
      case 'text':
        this.open.set(index, { kind: 'message', id: newId('msg'), out: -1, text: '' });
        return '';
      case 'thinking':
        this.open.set(index, {
          kind: 'reasoning',
          id: block.provenance === 'openai-responses' && block.itemId ? block.itemId : newId('rs'),
          out: -1,
          text: '',
          partOpen: false,
          provenance: block.provenance,
        });
        return '';
      case 'tool_use': {
        if (block.server) break;
        const name = this.ctx.toolNames.toClient(block.name);
        const custom = block.custom === true || this.customTools.has(name);
        const it: Extract<Item, { kind: 'function' | 'custom' }> = {
          kind: custom ? 'custom' : 'function',
          id: block.itemId ?? newId(custom ? 'ctc' : 'fc'),
          out: this.nextOut++,
          // Some chat servers send tool calls without ids; Codex needs a call_id to answer.
          callId: block.id !== '' ? block.id : newId('call'),
          name,
          args: '',
        };
        this.open.set(index, it);
        const item = custom
          ? { id: it.id, type: 'custom_tool_call', status: 'in_progress', call_id: it.callId, name, input: '' }
          : { id: it.id, type: 'function_call', status: 'in_progress', arguments: '', call_id: it.callId, name };
        return this.emit('response.output_item.added', { output_index: it.out, item });
      }
      case 'opaque': {
        // Items only Responses has (web_search_call …) pass through whole to Responses clients.
        const raw = block.raw;
        if (block.provenance !== 'openai-responses' || typeof raw !== 'object' || raw === null || Array.isArray(raw)) break;
        const item = raw as Obj;
        if (typeof item.type !== 'string' || item.type === 'message') break;
        const it: Item = { kind: 'raw', out: this.nextOut++, item: typeof item.id === 'string' ? item : { ...item, id: newId('item') } };
        this.open.set(index, it);
        return this.emit('response.output_item.added', { output_index: it.out, item: it.item });
      }
      default:
        break;
    }
    this.open.set(index, { kind: 'ignore' });
    return '';
  }

  private textDelta(index: number, text: string): string {
    let it = this.open.get(index);
    if (it === undefined) {
      // Delta for a block never started: open it rather than drop text.
      this.blockStart(index, { type: 'text' });
      it = this.open.get(index);
    }
    if (it?.kind !== 'message' || text === '') return '';
    let s = '';
    if (it.out < 0) {
      it.out = this.nextOut++;
      s += this.emit('response.output_item.added', {
        output_index: it.out,
        item: { id: it.id, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
      });
      s += this.emit('response.content_part.added', {
        item_id: it.id,
        output_index: it.out,
        content_index: 0,
        part: { type: 'output_text', annotations: [], text: '' },
      });
    }
    it.text += text;
    return (
      s + this.emit('response.output_text.delta', { item_id: it.id, output_index: it.out, content_index: 0, delta: text, logprobs: [] })
    );
  }

  private openReasoning(it: Extract<Item, { kind: 'reasoning' }>): string {
    if (it.out >= 0) return '';
    it.out = this.nextOut++;
    return this.emit('response.output_item.added', { output_index: it.out, item: { id: it.id, type: 'reasoning', summary: [] } });
  }

  private thinkingDelta(index: number, text: string): string {
    let it = this.open.get(index);
    if (it === undefined) {
      this.blockStart(index, { type: 'thinking', provenance: 'openai-responses' });
      it = this.open.get(index);
    }
    if (it?.kind !== 'reasoning' || text === '') return '';
    let s = this.openReasoning(it);
    if (!it.partOpen) {
      it.partOpen = true;
      s += this.emit('response.reasoning_summary_part.added', {
        item_id: it.id,
        output_index: it.out,
        summary_index: 0,
        part: { type: 'summary_text', text: '' },
      });
    }
    it.text += text;
    return s + this.emit('response.reasoning_summary_text.delta', { item_id: it.id, output_index: it.out, summary_index: 0, delta: text });
  }

  private toolDelta(index: number, json: string): string {
    const it = this.open.get(index);
    if (it === undefined || json === '') return '';
    if (it.kind === 'custom') {
      // Freeform input is the decoded `input` string: known only once the JSON is complete.
      it.args += json;
      return '';
    }
    if (it.kind !== 'function') return '';
    it.args += json;
    return this.emit('response.function_call_arguments.delta', { item_id: it.id, output_index: it.out, delta: json });
  }

  private blockStop(index: number): string {
    const it = this.open.get(index);
    if (it === undefined) return '';
    this.open.delete(index);
    switch (it.kind) {
      case 'message': {
        if (it.out < 0) return '';
        const part = { type: 'output_text', annotations: [], text: it.text };
        let s = this.emit('response.output_text.done', {
          item_id: it.id,
          output_index: it.out,
          content_index: 0,
          text: it.text,
          logprobs: [],
        });
        s += this.emit('response.content_part.done', { item_id: it.id, output_index: it.out, content_index: 0, part });
        return s + this.itemDone(it.out, { id: it.id, type: 'message', status: 'completed', role: 'assistant', content: [part] });
      }
      case 'reasoning': {
        if (it.out < 0 && it.encrypted === undefined) return '';
        let s = this.openReasoning(it);
        const summary: Obj[] = [];
        if (it.partOpen) {
          const part = { type: 'summary_text', text: it.text };
          s += this.emit('response.reasoning_summary_text.done', { item_id: it.id, output_index: it.out, summary_index: 0, text: it.text });
          s += this.emit('response.reasoning_summary_part.done', { item_id: it.id, output_index: it.out, summary_index: 0, part });
          summary.push(part);
        }
        const item: Obj = { id: it.id, type: 'reasoning', summary };
        if (it.encrypted !== undefined) item.encrypted_content = it.encrypted;
        return s + this.itemDone(it.out, item);
      }
      case 'function': {
        let s = '';
        if (it.args === '') {
          // Keep "deltas concatenate to arguments" true while giving clients valid JSON.
          it.args = '{}';
          s += this.emit('response.function_call_arguments.delta', { item_id: it.id, output_index: it.out, delta: it.args });
        }
        s += this.emit('response.function_call_arguments.done', {
          item_id: it.id,
          output_index: it.out,
          name: it.name,
          arguments: it.args,
        });
        return (
          s +
          this.itemDone(it.out, {
            id: it.id,
            type: 'function_call',
            status: 'completed',
            arguments: it.args,
            call_id: it.callId,
            name: it.name,
          })
        );
      }
      case 'custom': {
        const input = customInputFromJson(it.args);
        let s = '';
        if (input !== '') s += this.emit('response.custom_tool_call_input.delta', { item_id: it.id, output_index: it.out, delta: input });
        s += this.emit('response.custom_tool_call_input.done', { item_id: it.id, output_index: it.out, input });
        return (
          s + this.itemDone(it.out, { id: it.id, type: 'custom_tool_call', status: 'completed', call_id: it.callId, name: it.name, input })
        );
      }
      case 'raw':
        return this.itemDone(it.out, it.item);
      default:
        return '';
    }
  }

  private itemDone(out: number, item: Obj): string {
    this.output[out] = item;
    return this.emit('response.output_item.done', { output_index: out, item });
  }

  private closeAll(): string {
    let s = '';
    for (const index of [...this.open.keys()].sort((a, b) => a - b)) s += this.blockStop(index);
    return s;
  }
}
