/**
 * What a client would make of a stream: concatenated text, reasoning, tool calls (with parsed
 * arguments), stop reason and usage in IR convention. Round-trip tests compare these.
 */
import type { IRStopReason, IRUsage, Protocol } from '../../src/shared/ir';
import { anthropicToIRStop, chatToIRStop } from '../../src/proxy/codecs/shared/stop-reasons';
import { anthropicToIRUsage, chatToIRUsage, completeUsage, responsesToIRUsage } from '../../src/proxy/codecs/shared/usage';
import { sseEvents } from './grammar';

type Obj = Record<string, unknown>;

export interface StreamMeaning {
  text: string;
  thinking: string;
  tools: Array<{ id: string; name: string; args: unknown }>;
  stop?: IRStopReason;
  usage?: IRUsage;
  error?: string;
}

const parse = (s: string): unknown => {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
};

function anthropicMeaning(text: string): StreamMeaning {
  const m: StreamMeaning = { text: '', thinking: '', tools: [] };
  const json: string[] = [];
  let usage: Partial<IRUsage> = {};
  for (const e of sseEvents(text)) {
    const d = JSON.parse(e.data) as Obj;
    if (d.type === 'message_start') usage = { ...usage, ...anthropicToIRUsage((d.message as Obj).usage) };
    else if (d.type === 'content_block_start') {
      const cb = d.content_block as Obj;
      if (cb.type === 'tool_use') {
        m.tools.push({ id: String(cb.id), name: String(cb.name), args: {} });
        json[m.tools.length - 1] = '';
      }
    } else if (d.type === 'content_block_delta') {
      const delta = d.delta as Obj;
      if (delta.type === 'text_delta') m.text += String(delta.text);
      else if (delta.type === 'thinking_delta') m.thinking += String(delta.thinking);
      else if (delta.type === 'input_json_delta') json[m.tools.length - 1] += String(delta.partial_json);
    } else if (d.type === 'message_delta') {
      m.stop = anthropicToIRStop((d.delta as Obj).stop_reason);
      usage = { ...usage, ...anthropicToIRUsage(d.usage) };
      m.usage = completeUsage(usage);
    } else if (d.type === 'error') m.error = String((d.error as Obj).type);
  }
  m.tools.forEach((t, i) => (t.args = json[i] ? parse(json[i]) : {}));
  return m;
}

function chatMeaning(text: string): StreamMeaning {
  const m: StreamMeaning = { text: '', thinking: '', tools: [] };
  const args: string[] = [];
  for (const e of sseEvents(text)) {
    if (e.data === '[DONE]') continue;
    const d = JSON.parse(e.data) as Obj;
    if (d.error) {
      m.error = String((d.error as Obj).type);
      continue;
    }
    if (d.usage) m.usage = completeUsage(chatToIRUsage(d.usage));
    for (const c of (d.choices as Obj[]) ?? []) {
      const delta = (c.delta ?? {}) as Obj;
      if (typeof delta.content === 'string') m.text += delta.content;
      if (typeof delta.reasoning_content === 'string') m.thinking += delta.reasoning_content;
      for (const tc of (delta.tool_calls as Obj[]) ?? []) {
        const i = tc.index as number;
        const fn = (tc.function ?? {}) as Obj;
        if (!m.tools[i]) m.tools[i] = { id: String(tc.id), name: String(fn.name), args: {} };
        args[i] = (args[i] ?? '') + (typeof fn.arguments === 'string' ? fn.arguments : '');
      }
      if (c.finish_reason) m.stop = chatToIRStop(c.finish_reason);
    }
  }
  m.tools.forEach((t, i) => (t.args = args[i] ? parse(args[i]) : {}));
  return m;
}

function responsesMeaning(text: string): StreamMeaning {
  const m: StreamMeaning = { text: '', thinking: '', tools: [] };
  for (const e of sseEvents(text)) {
    const d = JSON.parse(e.data) as Obj;
    if (d.type === 'response.output_item.done') {
      const item = d.item as Obj;
      if (item.type === 'message') {
        for (const p of (item.content as Obj[]) ?? []) if (typeof p.text === 'string') m.text += p.text;
      } else if (item.type === 'reasoning') {
        for (const p of (item.summary as Obj[]) ?? []) if (typeof p.text === 'string') m.thinking += p.text;
        for (const p of (item.content as Obj[]) ?? []) if (typeof p.text === 'string') m.thinking += p.text;
      } else if (item.type === 'function_call') {
        m.tools.push({ id: String(item.call_id), name: String(item.name), args: parse(String(item.arguments ?? '')) });
      }
    } else if (d.type === 'response.completed' || d.type === 'response.incomplete') {
      const r = d.response as Obj;
      m.usage = completeUsage(responsesToIRUsage(r.usage));
      m.stop = d.type === 'response.incomplete' || r.status === 'incomplete' ? 'max_tokens' : m.tools.length > 0 ? 'tool_use' : 'end_turn';
    } else if (d.type === 'response.failed') m.error = String(((d.response as Obj).error as Obj)?.code);
  }
  return m;
}

export function streamMeaning(protocol: Protocol, text: string): StreamMeaning {
  return protocol === 'anthropic' ? anthropicMeaning(text) : protocol === 'openai-chat' ? chatMeaning(text) : responsesMeaning(text);
}
