/**
 * A session's conversation for the UI and the HTML export: decode the main thread's last
 * request with its inbound codec (the whole history as the client sent it) and append the
 * answer, decoded from the JSON body or rebuilt from the SSE transcript.
 */
import type { ConversationTurn } from '../../../shared/domain';
import type { IRContentBlock, IRStreamEvent, Protocol } from '../../../shared/ir';
import { getCodec } from '../../../proxy/codecs';
import { SSEParser } from '../../../proxy/sse/parser';

function textTurn(role: ConversationTurn['role'], text: string): ConversationTurn {
  return { role, content: [{ type: 'text', text }] };
}

/** Rebuild answer blocks from IR stream events. */
export function blocksFromStream(events: IRStreamEvent[]): IRContentBlock[] {
  const blocks = new Map<number, IRContentBlock>();
  const json = new Map<number, string>();
  for (const ev of events) {
    switch (ev.type) {
      case 'block_start': {
        const b = ev.block;
        if (b.type === 'text') blocks.set(ev.index, { type: 'text', text: '' });
        else if (b.type === 'thinking') blocks.set(ev.index, { type: 'thinking', text: '', provenance: b.provenance });
        else if (b.type === 'redacted_thinking') blocks.set(ev.index, { type: 'redacted_thinking', data: b.data });
        else if (b.type === 'tool_use') {
          blocks.set(ev.index, { type: 'tool_use', id: b.id, name: b.name, input: {} });
          json.set(ev.index, '');
        } else blocks.set(ev.index, { type: 'opaque', provenance: b.provenance, raw: b.raw });
        break;
      }
      case 'text_delta': {
        const b = blocks.get(ev.index);
        if (b?.type === 'text') b.text += ev.text;
        break;
      }
      case 'thinking_delta': {
        const b = blocks.get(ev.index);
        if (b?.type === 'thinking') b.text += ev.text;
        break;
      }
      case 'tool_input_delta':
        json.set(ev.index, (json.get(ev.index) ?? '') + ev.partialJson);
        break;
      case 'block_stop': {
        const b = blocks.get(ev.index);
        const j = json.get(ev.index);
        if (b?.type === 'tool_use' && j) {
          try {
            b.input = JSON.parse(j);
          } catch {
            b.input = j;
          }
        }
        break;
      }
      default:
        break;
    }
  }
  return [...blocks.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b);
}

export function decodeAnswer(protocol: Protocol, body: string): IRContentBlock[] {
  const codec = getCodec(protocol);
  if (body.trimStart().startsWith('{')) return codec.decodeResponse(JSON.parse(body)).content;
  const parser = new SSEParser();
  const dec = codec.createStreamDecoder();
  const events: IRStreamEvent[] = [];
  for (const ev of parser.push(body)) events.push(...dec.push(ev));
  for (const ev of parser.end()) events.push(...dec.push(ev));
  events.push(...dec.end());
  return blocksFromStream(events);
}

export interface MainExchange {
  id: string;
  protocol: Protocol;
  request: string | null;
  answer: string | null;
}

export function buildConversation(main: MainExchange | undefined): ConversationTurn[] {
  if (!main?.request) return [];
  const turns: ConversationTurn[] = [];
  try {
    const req = getCodec(main.protocol).decodeRequest(JSON.parse(main.request));
    if (req.system.length) turns.push({ role: 'system', content: req.system });
    for (const m of req.messages) turns.push({ role: m.role, content: m.content });
  } catch (e) {
    turns.push(textTurn('system', `(The request could not be decoded: ${(e as Error).message})`));
  }
  if (main.answer) {
    try {
      const content = decodeAnswer(main.protocol, main.answer);
      if (content.length) turns.push({ role: 'assistant', content, exchangeId: main.id });
    } catch (e) {
      turns.push({ ...textTurn('assistant', `(The answer could not be decoded: ${(e as Error).message})`), exchangeId: main.id });
    }
  }
  return turns;
}
