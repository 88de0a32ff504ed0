/**
 * Small helpers shared by the Responses codec parts: loose JSON access (wire bodies are
 * untrusted), ids, usage conversion and data-URL handling.
 */
import { randomBytes } from 'node:crypto';
import type { IRImageBlock, IRUsage } from '../../../shared/ir';
import { isObj, str, type Obj } from '../shared/json';

// The codecs' shared loose-JSON helpers, used throughout the Responses codec through here.
export { isObj, str, type Obj };

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Random id with an OpenAI-style prefix (resp_, msg_, fc_, rs_ …). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

/** Responses usage (input INCLUDES cached tokens) → IR (input EXCLUDES cache). */
export function usageFromResponses(u: unknown): IRUsage | undefined {
  if (!isObj(u)) return undefined;
  const input = num(u.input_tokens) ?? 0;
  const cached = (isObj(u.input_tokens_details) ? num(u.input_tokens_details.cached_tokens) : undefined) ?? 0;
  const out: IRUsage = {
    inputTokens: Math.max(0, input - cached),
    outputTokens: num(u.output_tokens) ?? 0,
    cacheReadTokens: cached,
    cacheWriteTokens: 0,
  };
  const reasoning = isObj(u.output_tokens_details) ? num(u.output_tokens_details.reasoning_tokens) : undefined;
  if (reasoning !== undefined) out.reasoningTokens = reasoning;
  return out;
}

/** IR usage → Responses usage. Cache writes are billed input too, so they count as input. */
export function usageToResponses(u: Partial<IRUsage> | undefined): Obj {
  const cacheRead = u?.cacheReadTokens ?? 0;
  const input = (u?.inputTokens ?? 0) + cacheRead + (u?.cacheWriteTokens ?? 0);
  const output = u?.outputTokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: cacheRead },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: u?.reasoningTokens ?? 0 },
    total_tokens: input + output,
  };
}

export function mergeUsage(into: Partial<IRUsage>, add: Partial<IRUsage>): void {
  // Later reports are cumulative in every protocol we decode, so later values win.
  if (add.inputTokens !== undefined) into.inputTokens = add.inputTokens;
  if (add.outputTokens !== undefined) into.outputTokens = add.outputTokens;
  if (add.cacheReadTokens !== undefined) into.cacheReadTokens = add.cacheReadTokens;
  if (add.cacheWriteTokens !== undefined) into.cacheWriteTokens = add.cacheWriteTokens;
  if (add.reasoningTokens !== undefined) into.reasoningTokens = add.reasoningTokens;
}

const DATA_URL = /^data:([^;,]+)?(?:;[^,]*)?;base64,/;

/** `image_url` string (data URL or http URL) → IR image block. */
export function imageFromUrl(url: string, detail?: string): IRImageBlock {
  const m = DATA_URL.exec(url);
  const block: IRImageBlock = m
    ? { type: 'image', source: { kind: 'base64', mediaType: m[1] ?? 'image/png', data: url.slice(m[0].length) } }
    : { type: 'image', source: { kind: 'url', url } };
  if (detail !== undefined) block.detail = detail;
  return block;
}

/** IR image → Responses `input_image` part. */
export function imageToPart(img: IRImageBlock): Obj {
  const url = img.source.kind === 'base64' ? `data:${img.source.mediaType};base64,${img.source.data}` : img.source.url;
  // Codex omits `detail` (the server defaults to auto); keep it only when the source had one.
  return img.detail === undefined ? { type: 'input_image', image_url: url } : { type: 'input_image', image_url: url, detail: img.detail };
}

/** Parse tool arguments; unparseable text is kept as the raw string rather than lost. */
export function parseArgs(s: string): unknown {
  if (s.trim() === '') return {};
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return s;
  }
}

export function stringifyArgs(input: unknown): string {
  if (typeof input === 'string') return input;
  return JSON.stringify(input ?? {});
}

/** The raw text of a custom (freeform) tool call from its IR input `{ input: string }`. */
export function customInput(input: unknown): string {
  if (isObj(input) && typeof input.input === 'string') return input.input;
  if (typeof input === 'string') return input;
  return JSON.stringify(input ?? {});
}

/** Parse partial JSON arguments accumulated for a custom tool into its raw text. */
export function customInputFromJson(json: string): string {
  return customInput(parseArgs(json));
}
