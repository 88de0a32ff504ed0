/**
 * Event grammar of a Chat Completions stream as the OpenAI SDKs consume it.
 * `checkChatStream(events)` returns human-readable violations (empty = valid). Rules:
 * - every event is `data: [DONE]` or a JSON chunk (object chat.completion.chunk, choices[]);
 *   an `{"error": …}` chunk is terminal;
 * - the first chunk's delta has role "assistant";
 * - tool_calls indexes appear in order 0, 1, 2 …; the first fragment of each carries id,
 *   type "function" and function.name; each call's concatenated arguments parse as JSON;
 * - exactly one finish_reason (valid value), after which only usage chunks; then [DONE] last.
 */
import type { SSEEvent } from '../../../src/proxy/sse/parser';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const FINISH = new Set(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']);

export function checkChatStream(events: ReadonlyArray<SSEEvent>): string[] {
  const v: string[] = [];
  let first = true;
  let finished = false;
  let ended: 'done' | 'error' | undefined;
  const args: string[] = [];
  events.forEach((ev, i) => {
    const at = `event ${i}`;
    if (ended) return void v.push(`${at}: data after ${ended === 'done' ? '[DONE]' : 'the error chunk'}`);
    if (ev.event !== undefined && ev.event !== 'message') v.push(`${at}: chat streams use unnamed events, got ${ev.event}`);
    if (ev.data === '[DONE]') {
      if (!finished) v.push(`${at}: [DONE] before any finish_reason`);
      ended = 'done';
      return;
    }
    let d: unknown;
    try {
      d = JSON.parse(ev.data);
    } catch {
      return void v.push(`${at}: data is not JSON`);
    }
    if (!isObj(d)) return void v.push(`${at}: data is not an object`);
    if (d.error !== undefined) {
      if (!isObj(d.error) || typeof d.error.message !== 'string') v.push(`${at}: error chunk without message`);
      ended = 'error';
      return;
    }
    if (d.object !== 'chat.completion.chunk') v.push(`${at}: object is ${String(d.object)}`);
    if (typeof d.id !== 'string' || typeof d.model !== 'string') v.push(`${at}: chunk without id/model`);
    if (!Array.isArray(d.choices)) return void v.push(`${at}: chunk without choices`);
    if (finished && d.choices.length > 0) {
      const c0 = d.choices[0] as Obj;
      const delta = isObj(c0?.delta) ? c0.delta : {};
      if (Object.keys(delta).length > 0 || c0?.finish_reason) v.push(`${at}: content after finish_reason`);
    }
    for (const c of d.choices) {
      if (!isObj(c)) continue;
      const delta = isObj(c.delta) ? c.delta : undefined;
      if (!delta) v.push(`${at}: choice without delta`);
      if (first && delta?.role !== 'assistant') v.push(`${at}: first chunk without role assistant`);
      if (delta && Array.isArray(delta.tool_calls)) {
        for (const tc of delta.tool_calls) {
          if (!isObj(tc) || typeof tc.index !== 'number') {
            v.push(`${at}: tool call without index`);
            continue;
          }
          const fn = isObj(tc.function) ? tc.function : {};
          if (tc.index === args.length) {
            if (typeof tc.id !== 'string' || !tc.id || tc.type !== 'function' || typeof fn.name !== 'string' || !fn.name) {
              v.push(`${at}: first fragment of tool call ${tc.index} lacks id/type/name`);
            }
            args.push('');
          } else if (tc.index > args.length) v.push(`${at}: tool call index ${tc.index} skips ahead`);
          else if (tc.index < args.length - 1) v.push(`${at}: fragment for earlier tool call ${tc.index}`);
          if (typeof fn.arguments === 'string' && tc.index < args.length) args[tc.index] += fn.arguments;
        }
      }
      if (c.finish_reason !== null && c.finish_reason !== undefined) {
        if (finished) v.push(`${at}: second finish_reason`);
        if (!FINISH.has(String(c.finish_reason))) v.push(`${at}: bad finish_reason ${String(c.finish_reason)}`);
        finished = true;
      }
    }
    if (d.choices.length > 0) first = false;
  });
  // A stream that ended in an error chunk may hold a cut-off call: only complete ones must parse.
  if (ended === 'done')
    args.forEach((a, i) => {
      try {
        JSON.parse(a);
      } catch {
        v.push(`tool call ${i}: arguments do not parse as JSON: ${a.slice(0, 80)}`);
      }
    });
  if (!ended) v.push('stream ended without [DONE] or an error chunk');
  return v;
}

export function chatCompleted(events: ReadonlyArray<SSEEvent>): boolean {
  return events[events.length - 1]?.data === '[DONE]';
}
