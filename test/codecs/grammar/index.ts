/**
 * One interface over the per-protocol stream grammars: a checker takes parsed SSE events and
 * returns violations (empty = valid); `completed` says whether the stream got its proper end
 * (as opposed to ending in the protocol's error event).
 */
import type { Protocol } from '../../../src/shared/ir';
import { SSEParser, type SSEEvent } from '../../../src/proxy/sse/parser';
import { anthropicCompleted, checkAnthropicStream } from './anthropic';
import { chatCompleted, checkChatStream } from './openai-chat';
import { checkResponsesStream } from './responses';

export interface StreamGrammar {
  check(events: ReadonlyArray<SSEEvent>): string[];
  completed(events: ReadonlyArray<SSEEvent>): boolean;
}

const responsesCompleted = (events: ReadonlyArray<SSEEvent>): boolean => {
  const last = events[events.length - 1];
  if (!last) return false;
  try {
    return (JSON.parse(last.data) as { type?: string }).type === 'response.completed';
  } catch {
    return false;
  }
};

export const GRAMMARS: Record<Protocol, StreamGrammar> = {
  anthropic: { check: checkAnthropicStream, completed: anthropicCompleted },
  'openai-chat': { check: checkChatStream, completed: chatCompleted },
  'openai-responses': { check: checkResponsesStream, completed: responsesCompleted },
};

export function sseEvents(text: string): SSEEvent[] {
  const p = new SSEParser();
  return [...p.push(text), ...p.end()];
}

/** Violations of `protocol`'s grammar in SSE `text`. */
export function checkStream(protocol: Protocol, text: string): string[] {
  return GRAMMARS[protocol].check(sseEvents(text));
}
