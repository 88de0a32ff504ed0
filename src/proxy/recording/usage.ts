/**
 * Usage and stream-completion observation on upstream bytes, without touching them: an SSE
 * parser watches a passthrough stream for usage (Anthropic message_start/message_delta, Chat
 * final usage chunk, Responses response.completed), its proper end, in-band errors, and
 * cheap text progress for the Live view.
 */
import type { IRUsage, Protocol } from '../../shared/ir';
import { SSEParser, type SSEEvent } from '../sse/parser';
import { anthropicToIRUsage, chatToIRUsage, completeUsage, mergeUsage } from '../codecs/shared/usage';
import { usageFromResponses } from '../codecs/openai-responses/util';

type Obj = Record<string, unknown>;
const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

// Usage is mapped by the codecs' own functions, so passthrough and conversion lanes record
// the same numbers for the same upstream answer (DeepSeek cache hits, cache writes included).
function usageFromAnthropic(u: Obj | undefined, prev?: IRUsage): IRUsage | undefined {
  if (!u || typeof u !== 'object') return prev;
  return completeUsage(mergeUsage({ ...prev }, anthropicToIRUsage(u)));
}

function usageFromChat(u: Obj | undefined): IRUsage | undefined {
  const partial = chatToIRUsage(u);
  return partial ? completeUsage(partial) : undefined;
}

/** Usage from a non-stream JSON response body in the given protocol. */
export function usageFromBody(protocol: Protocol, body: Obj): IRUsage | undefined {
  if (protocol === 'anthropic') return usageFromAnthropic(body.usage as Obj | undefined);
  if (protocol === 'openai-chat') return usageFromChat(body.usage as Obj | undefined);
  return usageFromResponses(body.usage as Obj | undefined);
}

export interface Progress {
  textDelta?: string;
  thinkingDelta?: string;
  toolCall?: { name: string; argsDelta?: string };
}

function parse(data: string): Obj | undefined {
  try {
    const v: unknown = JSON.parse(data);
    return v && typeof v === 'object' ? (v as Obj) : undefined;
  } catch {
    return undefined;
  }
}

export class StreamObserver {
  usage: IRUsage | undefined;
  /** The protocol's proper end was seen (message_stop, [DONE], response.completed…). */
  completed = false;
  /** Anthropic message_start (or Responses response.created) seen: pings are safe after it. */
  started = false;
  /** An in-band error event came from upstream. */
  errored = false;
  errorMessage: string | undefined;
  /** Responses: last sequence_number and response id (for our own response.failed). */
  lastSequence: number | undefined;
  responseId: string | undefined;
  events = 0;
  private parser = new SSEParser();
  private toolNames = new Map<number, string>();

  constructor(
    private readonly protocol: Protocol,
    private readonly onProgress?: (p: Progress) => void,
  ) {}

  push(chunk: Uint8Array | string): void {
    for (const ev of this.parser.push(chunk)) this.event(ev);
  }

  end(): void {
    for (const ev of this.parser.end()) this.event(ev);
  }

  private event(ev: SSEEvent): void {
    this.events += 1;
    if (this.protocol === 'anthropic') this.anthropic(ev);
    else if (this.protocol === 'openai-chat') this.chat(ev);
    else this.responses(ev);
  }

  private anthropic(ev: SSEEvent): void {
    const name = ev.event;
    if (name === 'content_block_delta') {
      if (!this.onProgress) return;
      const d = parse(ev.data);
      const delta = d?.delta as Obj | undefined;
      if (!delta) return;
      if (delta.type === 'text_delta') this.onProgress({ textDelta: String(delta.text ?? '') });
      else if (delta.type === 'thinking_delta') this.onProgress({ thinkingDelta: String(delta.thinking ?? '') });
      else if (delta.type === 'input_json_delta')
        this.onProgress({ toolCall: { name: this.toolNames.get(n(d?.index)) ?? '', argsDelta: String(delta.partial_json ?? '') } });
      return;
    }
    if (name === 'ping' || name === 'content_block_stop') return;
    if (name === 'message_start') {
      this.started = true;
      const d = parse(ev.data);
      this.usage = usageFromAnthropic((d?.message as Obj | undefined)?.usage as Obj | undefined, this.usage);
    } else if (name === 'message_delta') {
      const d = parse(ev.data);
      this.usage = usageFromAnthropic(d?.usage as Obj | undefined, this.usage);
    } else if (name === 'message_stop') this.completed = true;
    else if (name === 'error') {
      this.errored = true;
      this.errorMessage = String(((parse(ev.data)?.error as Obj | undefined)?.message as string | undefined) ?? 'upstream stream error');
    } else if (name === 'content_block_start' && this.onProgress) {
      const d = parse(ev.data);
      const block = d?.content_block as Obj | undefined;
      if (block?.type === 'tool_use') {
        this.toolNames.set(n(d?.index), String(block.name));
        this.onProgress({ toolCall: { name: String(block.name) } });
      }
    }
  }

  private chat(ev: SSEEvent): void {
    this.started = true;
    if (ev.data === '[DONE]') {
      this.completed = true;
      return;
    }
    const wantsParse = this.onProgress !== undefined || ev.data.includes('"usage"') || ev.data.includes('"error"');
    if (!wantsParse) return;
    const d = parse(ev.data);
    if (!d) return;
    if (d.error) {
      this.errored = true;
      this.errorMessage = String((d.error as Obj).message ?? 'upstream stream error');
      return;
    }
    if (d.usage) this.usage = usageFromChat(d.usage as Obj) ?? this.usage;
    if (!this.onProgress) return;
    const choice = (d.choices as Obj[] | undefined)?.[0];
    const delta = choice?.delta as Obj | undefined;
    if (!delta) return;
    if (typeof delta.content === 'string' && delta.content) this.onProgress({ textDelta: delta.content });
    const reasoning = delta.reasoning_content ?? delta.reasoning;
    if (typeof reasoning === 'string' && reasoning) this.onProgress({ thinkingDelta: reasoning });
    if (Array.isArray(delta.tool_calls)) {
      for (const tc of delta.tool_calls as Obj[]) {
        const fn = (tc.function ?? {}) as Obj;
        const idx = n(tc.index);
        if (typeof fn.name === 'string') this.toolNames.set(idx, fn.name);
        this.onProgress({
          toolCall: { name: this.toolNames.get(idx) ?? '', argsDelta: typeof fn.arguments === 'string' ? fn.arguments : '' },
        });
      }
    }
  }

  private responses(ev: SSEEvent): void {
    const name = ev.event;
    const isDelta =
      name === 'response.output_text.delta' ||
      name === 'response.reasoning_summary_text.delta' ||
      name === 'response.function_call_arguments.delta';
    if (isDelta && !this.onProgress) {
      // sequence numbers still matter for our own response.failed
      const m = /"sequence_number":(\d+)/.exec(ev.data);
      if (m) this.lastSequence = Number(m[1]);
      return;
    }
    const d = parse(ev.data);
    if (!d) return;
    if (typeof d.sequence_number === 'number') this.lastSequence = d.sequence_number;
    const type = (d.type as string | undefined) ?? name;
    const resp = d.response as Obj | undefined;
    if (type === 'response.created') {
      this.started = true;
      if (resp && typeof resp.id === 'string') this.responseId = resp.id;
    } else if (type === 'response.completed' || type === 'response.incomplete') {
      this.completed = true;
      this.usage = usageFromResponses(resp?.usage as Obj | undefined) ?? this.usage;
    } else if (type === 'response.failed' || type === 'error') {
      this.errored = true;
      const err = (resp?.error ?? d.error ?? d) as Obj;
      this.errorMessage = String(err.message ?? 'upstream stream error');
    } else if (this.onProgress) {
      if (type === 'response.output_text.delta') this.onProgress({ textDelta: String(d.delta ?? '') });
      else if (type === 'response.reasoning_summary_text.delta') this.onProgress({ thinkingDelta: String(d.delta ?? '') });
      else if (type === 'response.function_call_arguments.delta')
        this.onProgress({ toolCall: { name: this.toolNames.get(n(d.output_index)) ?? '', argsDelta: String(d.delta ?? '') } });
      else if (type === 'response.output_item.added') {
        const item = d.item as Obj | undefined;
        if (item?.type === 'function_call') {
          this.toolNames.set(n(d.output_index), String(item.name));
          this.onProgress({ toolCall: { name: String(item.name) } });
        }
      }
    }
  }
}
