/**
 * Cheap routing features read straight from the raw inbound JSON (no codec, no copy): model,
 * stream flag, thinking, images, web search tools and a rough token estimate.
 */
import type { Protocol } from '../../shared/ir';

export interface RequestFeatures {
  model: string;
  stream: boolean;
  thinking: boolean;
  hasImage: boolean;
  webSearch: boolean;
  /** ~chars/4 of the body, excluding inline image data. */
  estimatedTokens: number;
  /** Anthropic metadata.user_id or OpenAI `user`. */
  user?: string;
}

type Obj = Record<string, unknown>;

/** Walks content arrays for image blocks; returns the base64 chars seen (excluded from the estimate). */
function scanImages(content: unknown, found: { image: boolean; dataChars: number }): void {
  if (!Array.isArray(content)) return;
  for (const b of content as Obj[]) {
    if (!b || typeof b !== 'object') continue;
    const t = b.type;
    if (t === 'image' || t === 'image_url' || t === 'input_image') {
      found.image = true;
      const src = (b.source ?? b.image_url ?? b) as Obj;
      const data =
        typeof src.data === 'string'
          ? src.data
          : typeof src.url === 'string'
            ? src.url
            : typeof b.image_url === 'string'
              ? b.image_url
              : '';
      found.dataChars += (data as string).length;
    } else if (t === 'tool_result' && Array.isArray(b.content)) scanImages(b.content, found);
  }
}

/** A tools entry of a web search kind (entries of any shape are looked at: this is client input). */
function isWebSearchTool(t: unknown): boolean {
  const type = t && typeof t === 'object' ? (t as Obj).type : undefined;
  return typeof type === 'string' && type.startsWith('web_search');
}

export function extractFeatures(protocol: Protocol, body: Obj, rawLength: number): RequestFeatures {
  const found = { image: false, dataChars: 0 };
  let thinking = false;
  let webSearch = false;
  const tools: unknown[] = Array.isArray(body.tools) ? body.tools : [];
  let user: string | undefined;
  if (protocol === 'anthropic') {
    const th = body.thinking as Obj | undefined;
    thinking = !!th && typeof th === 'object' && th.type !== 'disabled';
    for (const t of tools) if (isWebSearchTool(t)) webSearch = true;
    if (Array.isArray(body.messages)) for (const m of body.messages as Obj[]) scanImages(m?.content, found);
    const meta = body.metadata as Obj | undefined;
    if (meta && typeof meta.user_id === 'string') user = meta.user_id;
  } else {
    const reasoning = body.reasoning as Obj | undefined;
    thinking = (!!reasoning && typeof reasoning === 'object' && reasoning.effort !== 'none') || typeof body.reasoning_effort === 'string';
    for (const t of tools) if (isWebSearchTool(t)) webSearch = true;
    if (typeof body.web_search_options === 'object' && body.web_search_options !== null) webSearch = true;
    const items = protocol === 'openai-chat' ? body.messages : body.input;
    if (Array.isArray(items)) for (const m of items as Obj[]) scanImages(m?.content, found);
    if (typeof body.user === 'string') user = body.user;
  }
  const out: RequestFeatures = {
    model: typeof body.model === 'string' ? body.model : '',
    stream: body.stream === true,
    thinking,
    hasImage: found.image,
    webSearch,
    estimatedTokens: Math.ceil(Math.max(0, rawLength - found.dataChars) / 4),
  };
  if (user !== undefined) out.user = user;
  return out;
}
