/**
 * Local token estimate for count_tokens on non-Anthropic lanes: o200k_base (js-tiktoken,
 * loaded lazily on first use, never at import time) over the system prompt, message text,
 * thinking, tool_use names + JSON input, tool_result content and tool definitions.
 * Fixed costs (documented, approximate): IMAGE_TOKENS per image (Anthropic's figure for a
 * ~1.15 MP image), MESSAGE_OVERHEAD per message, TOOL_OVERHEAD per tool definition.
 */
import type { Tiktoken } from 'js-tiktoken/lite';

export const IMAGE_TOKENS = 1600;
export const MESSAGE_OVERHEAD = 4;
export const TOOL_OVERHEAD = 8;

let encoderPromise: Promise<Tiktoken> | undefined;

function encoder(): Promise<Tiktoken> {
  encoderPromise ??= (async () => {
    const [{ Tiktoken: Ctor }, ranks] = await Promise.all([import('js-tiktoken/lite'), import('js-tiktoken/ranks/o200k_base')]);
    return new Ctor(ranks.default);
  })();
  return encoderPromise;
}

type Obj = Record<string, unknown>;

interface Collected {
  parts: string[];
  images: number;
  messages: number;
  tools: number;
}

function collectContent(content: unknown, c: Collected): void {
  if (typeof content === 'string') {
    c.parts.push(content);
    return;
  }
  if (!Array.isArray(content)) return;
  for (const block of content as Obj[]) {
    if (!block || typeof block !== 'object') continue;
    switch (block.type) {
      case 'text':
      case 'input_text':
      case 'output_text':
        c.parts.push(String(block.text ?? ''));
        break;
      case 'thinking':
        c.parts.push(String(block.thinking ?? ''));
        break;
      case 'image':
      case 'image_url':
      case 'input_image':
        c.images += 1;
        break;
      case 'tool_use':
      case 'server_tool_use':
        c.parts.push(String(block.name ?? ''), JSON.stringify(block.input ?? {}));
        break;
      case 'tool_result':
        collectContent(block.content, c);
        break;
      case 'document':
        c.parts.push(JSON.stringify(block.source ?? ''));
        break;
      default:
        if (typeof block.text === 'string') c.parts.push(block.text);
    }
  }
}

/** Anthropic Messages count_tokens body → estimated input tokens. */
export async function estimateAnthropicTokens(body: Obj): Promise<number> {
  const c: Collected = { parts: [], images: 0, messages: 0, tools: 0 };
  collectContent(body.system, c);
  if (Array.isArray(body.messages)) {
    for (const m of body.messages as Obj[]) {
      c.messages += 1;
      collectContent(m?.content, c);
    }
  }
  if (Array.isArray(body.tools)) {
    for (const t of body.tools as unknown[]) {
      if (!t || typeof t !== 'object') continue; // not a tool definition (client input of any shape)
      c.tools += 1;
      const tool = t as Obj;
      c.parts.push(String(tool.name ?? ''), String(tool.description ?? ''), JSON.stringify(tool.input_schema ?? {}));
    }
  }
  const enc = await encoder();
  // One encode over the joined text: far cheaper than encoding each part.
  const tokens = enc.encode(c.parts.join('\n'), 'all').length;
  return tokens + c.images * IMAGE_TOKENS + c.messages * MESSAGE_OVERHEAD + c.tools * TOOL_OVERHEAD;
}
