/**
 * Protocol-agnostic text extraction for search, titles and the Live view fallback. Works on
 * the three wire formats without decoding them fully: it walks JSON for text-bearing fields
 * and SSE transcripts for delta fields.
 */
import { str } from '../../../proxy/codecs/shared/json';
import { SSEParser } from '../../../proxy/sse/parser';

const TEXT_KEYS = new Set(['text', 'content', 'output', 'thinking', 'input_text', 'output_text', 'refusal']);
const SKIP_KEYS = new Set(['signature', 'data', 'encrypted_content', 'id', 'type', 'role', 'source', 'image_url', 'cache_control']);

function walk(v: unknown, key: string | undefined, out: string[]): void {
  if (typeof v === 'string') {
    if (key !== undefined && TEXT_KEYS.has(key) && v.trim()) out.push(v);
    return;
  }
  if (Array.isArray(v)) {
    for (const x of v) walk(x, key, out);
    return;
  }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (SKIP_KEYS.has(k)) continue;
      walk(x, k, out);
    }
  }
}

/** Text of one JSON message / item / response body. */
export function textOfJson(json: string): string {
  try {
    const out: string[] = [];
    walk(JSON.parse(json), 'content', out);
    return out.join('\n');
  } catch {
    return '';
  }
}

export interface StreamText {
  text: string;
  thinking: string;
  toolCalls: Array<{ name: string; args: string }>;
  outputTokens?: number;
}

/** Accumulates text, thinking and tool calls from raw SSE chunks of any of the three protocols. */
/**
 * A tool call's key from a stream event's index field, whatever JSON the upstream put there
 * (an object with a "toString" key cannot be turned into a string the usual way).
 */
function slot(prefix: string, index: unknown): string {
  return prefix + (index !== null && typeof index === 'object' ? JSON.stringify(index) : String(index));
}

export class StreamTextAccumulator implements StreamText {
  text = '';
  thinking = '';
  toolCalls: Array<{ name: string; args: string }> = [];
  outputTokens?: number;
  private parser = new SSEParser();
  private byIndex = new Map<string, { name: string; args: string }>();

  push(chunk: string): void {
    for (const ev of this.parser.push(chunk)) this.event(ev.data);
  }

  end(): void {
    for (const ev of this.parser.end()) this.event(ev.data);
  }

  private tool(key: string, name: string | undefined, args: string | undefined): void {
    let t = this.byIndex.get(key);
    if (!t) {
      t = { name: name ?? '', args: '' };
      this.byIndex.set(key, t);
      this.toolCalls.push(t);
    }
    if (name && !t.name) t.name = name;
    if (args) t.args += args;
  }

  private event(data: string): void {
    if (!data || data === '[DONE]') return;
    let j: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    try {
      j = JSON.parse(data);
    } catch {
      return;
    }
    // Recorded streams are upstream bytes: any event may have any shape.
    if (!j || typeof j !== 'object') return;
    // Anthropic
    const blockType = str(j.content_block?.type);
    if (j.type === 'content_block_start' && blockType?.endsWith('tool_use'))
      this.tool(slot('a', j.index), str(j.content_block.name), undefined);
    if (j.type === 'content_block_delta' && j.delta) {
      if (typeof j.delta.text === 'string') this.text += j.delta.text;
      if (typeof j.delta.thinking === 'string') this.thinking += j.delta.thinking;
      if (typeof j.delta.partial_json === 'string') this.tool(slot('a', j.index), undefined, j.delta.partial_json);
    }
    if (j.type === 'message_delta' && typeof j.usage?.output_tokens === 'number') this.outputTokens = j.usage.output_tokens;
    // OpenAI chat
    if (Array.isArray(j.choices)) {
      for (const c of j.choices) {
        const d = c?.delta;
        if (!d) continue;
        if (typeof d.content === 'string') this.text += d.content;
        if (typeof d.reasoning_content === 'string') this.thinking += d.reasoning_content;
        if (typeof d.reasoning === 'string') this.thinking += d.reasoning;
        for (const tc of Array.isArray(d.tool_calls) ? d.tool_calls : [])
          if (tc && typeof tc === 'object') this.tool(slot('c', tc.index ?? 0), str(tc.function?.name), str(tc.function?.arguments));
      }
      if (typeof j.usage?.completion_tokens === 'number') this.outputTokens = j.usage.completion_tokens;
    }
    // OpenAI Responses
    if (typeof j.type === 'string' && j.type.startsWith('response.')) {
      if (j.type === 'response.output_text.delta' && typeof j.delta === 'string') this.text += j.delta;
      if ((j.type === 'response.reasoning_summary_text.delta' || j.type === 'response.reasoning_text.delta') && typeof j.delta === 'string')
        this.thinking += j.delta;
      if (j.type === 'response.output_item.added' && j.item?.type === 'function_call')
        this.tool(slot('r', j.output_index), str(j.item.name), undefined);
      if (j.type === 'response.function_call_arguments.delta') this.tool(slot('r', j.output_index), undefined, str(j.delta));
      if (j.type === 'response.completed' && typeof j.response?.usage?.output_tokens === 'number')
        this.outputTokens = j.response.usage.output_tokens;
    }
  }
}

// Text-bearing string fields of the three protocols' stream events (Anthropic text /
// thinking / partial_json, chat content / reasoning_content / arguments, Responses delta).
const STREAM_TEXT = /"(?:text|thinking|partial_json|content|reasoning_content|arguments|delta)":"((?:[^"\\]|\\.)*)"/g;

/**
 * Text of a stored answer for the search index: JSON body, or the string deltas of an SSE
 * transcript picked out by pattern (one pass, no per-event JSON parsing: this runs for
 * every recorded exchange). Deltas are joined without separators so words split across
 * events stay whole.
 */
export function textOfAnswer(body: string | null | undefined): string {
  if (!body) return '';
  const t = body.trimStart();
  if (t.startsWith('{')) return textOfJson(body);
  let out = '';
  STREAM_TEXT.lastIndex = 0;
  for (let m = STREAM_TEXT.exec(body); m; m = STREAM_TEXT.exec(body)) {
    const raw = m[1];
    if (!raw) continue;
    if (raw.includes('\\')) {
      try {
        out += JSON.parse(`"${raw}"`) as string;
      } catch {
        out += raw;
      }
    } else out += raw;
  }
  return out;
}

const NOISE = /^\s*<(system-reminder|command-|local-command|user-prompt-submit-hook|environment_context|user_instructions)/;

/** First real user text of a request body (skips Claude Code's injected reminders). */
export function firstUserText(requestBody: string): string {
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(requestBody);
  } catch {
    return '';
  }
  // A recorded request is client input: any shape.
  if (!j || typeof j !== 'object') return '';
  const msgs = (
    Array.isArray(j.messages)
      ? j.messages
      : Array.isArray(j.input)
        ? j.input
        : typeof j.input === 'string'
          ? [{ role: 'user', content: j.input }]
          : []
  ) as Array<Record<string, unknown>>;
  for (const m of msgs) {
    if (!m || typeof m !== 'object' || m.role !== 'user') continue;
    const parts: string[] = [];
    if (typeof m.content === 'string') parts.push(m.content);
    else if (Array.isArray(m.content)) {
      for (const b of m.content as Array<Record<string, unknown>>)
        if (typeof b?.text === 'string' && (b.type === 'text' || b.type === 'input_text')) parts.push(b.text);
    }
    for (const p of parts) {
      if (!p.trim() || NOISE.test(p)) continue;
      const line = p.trim().replace(/\s+/g, ' ');
      return line.length > 120 ? `${line.slice(0, 117)}…` : line;
    }
  }
  return '';
}
