/**
 * A cheap local input-token estimate, for message_start when a chat lane reports usage only at
 * the end. One walk over the IR's strings (no stringify, no tokenizer: a 90 KB request must
 * stay well under the 1 ms conversion budget). ~4 characters per token for text; images count
 * a flat 1,600 tokens (Anthropic's cost for a ~1.15 MP image), their base64 is not text.
 */
import type { IRRequest } from '../../shared/ir';

const IMAGE_TOKENS = 1600;

function chars(v: unknown, depth = 0): number {
  if (typeof v === 'string') return v.length;
  if (v === null || typeof v !== 'object' || depth > 32) return typeof v === 'number' ? 4 : 0;
  let n = 0;
  if (Array.isArray(v)) for (const x of v) n += chars(x, depth + 1);
  else for (const k of Object.keys(v)) n += k.length + chars((v as Record<string, unknown>)[k], depth + 1);
  return n;
}

export function estimateInputTokens(ir: IRRequest): number {
  let n = 0;
  let images = 0;
  for (const s of ir.system) n += s.text.length;
  for (const m of ir.messages) {
    for (const b of m.content) {
      switch (b.type) {
        case 'text':
        case 'thinking':
          n += b.text.length;
          break;
        case 'image':
          images++;
          break;
        case 'tool_use':
          n += b.name.length + chars(b.input);
          break;
        case 'tool_result':
          for (const c of b.content) {
            if (c.type === 'text') n += c.text.length;
            else images++;
          }
          break;
        default:
          break;
      }
    }
  }
  for (const t of ir.tools ?? []) n += t.name.length + (t.description?.length ?? 0) + chars(t.inputSchema);
  return Math.ceil(n / 4) + images * IMAGE_TOKENS;
}
