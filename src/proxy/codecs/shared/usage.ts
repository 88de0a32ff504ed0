/**
 * Usage conversion. IR follows Anthropic: `inputTokens` EXCLUDES cache reads and writes.
 * OpenAI `prompt_tokens` / `input_tokens` INCLUDE cached tokens, so they are split at the edge.
 */
import type { IRUsage } from '../../../shared/ir';

type Obj = Record<string, unknown>;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export const emptyUsage = (): IRUsage => ({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 });

export function mergeUsage(into: Partial<IRUsage>, from: Partial<IRUsage> | undefined): Partial<IRUsage> {
  if (!from) return into;
  for (const k of Object.keys(from) as Array<keyof IRUsage>) {
    const v = from[k];
    if (v !== undefined) into[k] = v;
  }
  return into;
}

export function completeUsage(u: Partial<IRUsage> | undefined): IRUsage {
  const out = emptyUsage();
  if (u) mergeUsage(out, u);
  return out;
}

/** Anthropic usage object (message, message_start or message_delta) → partial IR usage. */
export function anthropicToIRUsage(u: unknown): Partial<IRUsage> {
  if (!u || typeof u !== 'object') return {};
  const o = u as Obj;
  const out: Partial<IRUsage> = {};
  const i = num(o.input_tokens);
  if (i !== undefined) out.inputTokens = i;
  const oT = num(o.output_tokens);
  if (oT !== undefined) out.outputTokens = oT;
  const r = num(o.cache_read_input_tokens);
  if (r !== undefined) out.cacheReadTokens = r;
  const w = num(o.cache_creation_input_tokens);
  if (w !== undefined) out.cacheWriteTokens = w;
  return out;
}

export function irToAnthropicUsage(u: IRUsage): Record<string, number> {
  return {
    input_tokens: u.inputTokens,
    output_tokens: u.outputTokens,
    cache_read_input_tokens: u.cacheReadTokens,
    cache_creation_input_tokens: u.cacheWriteTokens,
  };
}

/** Chat Completions usage (also DeepSeek's prompt_cache_hit_tokens) → IR. */
export function chatToIRUsage(u: unknown): Partial<IRUsage> | undefined {
  if (!u || typeof u !== 'object') return undefined;
  const o = u as Obj;
  const details = (o.prompt_tokens_details ?? {}) as Obj;
  const cDetails = (o.completion_tokens_details ?? {}) as Obj;
  const prompt = num(o.prompt_tokens) ?? 0;
  const cacheRead = num(details.cached_tokens) ?? num(o.prompt_cache_hit_tokens) ?? num(o.cache_read_input_tokens) ?? 0;
  const cacheWrite = num(details.cache_write_tokens) ?? num(o.cache_creation_input_tokens) ?? 0;
  const out: Partial<IRUsage> = {
    inputTokens: Math.max(0, prompt - cacheRead - cacheWrite),
    outputTokens: num(o.completion_tokens) ?? 0,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
  };
  const reasoning = num(cDetails.reasoning_tokens);
  if (reasoning !== undefined) out.reasoningTokens = reasoning;
  return out;
}

export function irToChatUsage(u: IRUsage): Record<string, unknown> {
  const prompt = u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens;
  const out: Record<string, unknown> = {
    prompt_tokens: prompt,
    completion_tokens: u.outputTokens,
    total_tokens: prompt + u.outputTokens,
    // cache_write_tokens is OpenRouter's extension; plain OpenAI clients ignore it.
    prompt_tokens_details:
      u.cacheWriteTokens > 0
        ? { cached_tokens: u.cacheReadTokens, cache_write_tokens: u.cacheWriteTokens }
        : { cached_tokens: u.cacheReadTokens },
  };
  if (u.reasoningTokens !== undefined) out.completion_tokens_details = { reasoning_tokens: u.reasoningTokens };
  return out;
}

/** Responses API usage (input_tokens includes cached) → IR. */
export function responsesToIRUsage(u: unknown): Partial<IRUsage> | undefined {
  if (!u || typeof u !== 'object') return undefined;
  const o = u as Obj;
  const details = (o.input_tokens_details ?? {}) as Obj;
  const oDetails = (o.output_tokens_details ?? {}) as Obj;
  const input = num(o.input_tokens) ?? 0;
  const cacheRead = num(details.cached_tokens) ?? 0;
  const out: Partial<IRUsage> = {
    inputTokens: Math.max(0, input - cacheRead),
    outputTokens: num(o.output_tokens) ?? 0,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: 0,
  };
  const reasoning = num(oDetails.reasoning_tokens);
  if (reasoning !== undefined) out.reasoningTokens = reasoning;
  return out;
}

export function irToResponsesUsage(u: IRUsage): Record<string, unknown> {
  const input = u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: u.cacheReadTokens },
    output_tokens: u.outputTokens,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens ?? 0 },
    total_tokens: input + u.outputTokens,
  };
}
