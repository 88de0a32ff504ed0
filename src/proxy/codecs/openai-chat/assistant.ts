import type { IRContentBlock } from '../../../shared/ir';
import { stringifyToolInput, type Obj } from '../shared/json';

/**
 * An assistant turn's parts in Chat shape: concatenated text and reasoning, and the
 * function calls (names mapped by the caller: up to a lane, or back to a client). Server
 * tools (Anthropic web_search) ran upstream and have no tool message to pair with.
 */
export function chatAssistantParts(
  content: IRContentBlock[],
  mapName: (name: string) => string,
): { text: string; reasoning: string; calls: Obj[] } {
  let text = '';
  let reasoning = '';
  const calls: Obj[] = [];
  for (const b of content) {
    if (b.type === 'text') text += b.text;
    else if (b.type === 'thinking') reasoning += b.text;
    else if (b.type === 'tool_use' && !b.server) {
      calls.push({ id: b.id, type: 'function', function: { name: mapName(b.name), arguments: stringifyToolInput(b.input) } });
    }
  }
  return { text, reasoning, calls };
}
