/**
 * Anthropic passthrough hygiene. After a turn served by another lane, Claude Code's history
 * holds thinking blocks with an empty signature (foreign reasoning shown as thinking). Anthropic
 * rejects those, so a passthrough lane must drop them. Copy-on-write: bodies without such blocks
 * are returned as they are, untouched and unallocated.
 */
import { isObj, type Obj } from '../shared/json';

const unsigned = (b: unknown): boolean => isObj(b) && b.type === 'thinking' && (typeof b.signature !== 'string' || b.signature === '');

export function stripUnsignedThinking(body: Record<string, unknown>): Record<string, unknown> {
  const messages = body.messages;
  if (!Array.isArray(messages)) return body;
  let out: unknown[] | undefined;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i] as unknown;
    if (!isObj(m) || m.role !== 'assistant' || !Array.isArray(m.content) || !m.content.some(unsigned)) continue;
    out ??= messages.slice();
    const content = (m.content as unknown[]).filter((b) => !unsigned(b));
    out[i] = { ...m, content: content.length > 0 ? content : [{ type: 'text', text: '(no content)' }] } satisfies Obj;
  }
  return out ? { ...body, messages: out } : body;
}
