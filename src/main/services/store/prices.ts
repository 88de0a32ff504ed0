/**
 * Cost per exchange from an editable price table: config `prices` keyed by "provider/model"
 * or model, then built-in defaults (USD per million tokens, list prices at time of writing).
 */
import type { PriceConfig } from '../../../shared/config-schema';
import type { IRUsage } from '../../../shared/ir';

export const DEFAULT_PRICES: Record<string, PriceConfig> = {
  'claude-opus-4-1': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  'claude-opus-4': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  'claude-opus-4-5': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-sonnet-4-5': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-sonnet-4': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-3-7-sonnet': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-haiku-4-5': { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
  'claude-3-5-haiku': { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 },
  'gpt-5': { input: 1.25, output: 10, cacheRead: 0.125 },
  'gpt-5-codex': { input: 1.25, output: 10, cacheRead: 0.125 },
  'gpt-5-mini': { input: 0.25, output: 2, cacheRead: 0.025 },
  'gpt-5-nano': { input: 0.05, output: 0.4, cacheRead: 0.005 },
  'gpt-4.1': { input: 2, output: 8, cacheRead: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cacheRead: 0.1 },
  'gpt-4o': { input: 2.5, output: 10, cacheRead: 1.25 },
  'gpt-4o-mini': { input: 0.15, output: 0.6, cacheRead: 0.075 },
  o3: { input: 2, output: 8, cacheRead: 0.5 },
  'o4-mini': { input: 1.1, output: 4.4, cacheRead: 0.275 },
  'deepseek-chat': { input: 0.56, output: 1.68, cacheRead: 0.07 },
  'deepseek-reasoner': { input: 0.56, output: 1.68, cacheRead: 0.07 },
};

/** Dated snapshots ("claude-sonnet-4-5-20250929") price like their family name. */
function stripDate(model: string): string {
  return model.replace(/-(\d{8}|\d{4}-\d{2}-\d{2}|latest)$/, '');
}

export function findPrice(
  table: Record<string, PriceConfig> | undefined,
  providerId: string | undefined,
  model: string | undefined,
): PriceConfig | undefined {
  if (!model) return undefined;
  const base = stripDate(model);
  const keys = providerId ? [`${providerId}/${model}`, `${providerId}/${base}`, model, base] : [model, base];
  for (const k of keys) {
    const p = table?.[k];
    if (p) return p;
  }
  for (const k of keys) {
    const p = DEFAULT_PRICES[k] ?? DEFAULT_PRICES[k.split('/').pop() ?? ''];
    if (p) return p;
  }
  return undefined;
}

/** USD; undefined when the model has no known price. */
export function costOf(usage: IRUsage | undefined, price: PriceConfig | undefined): number | undefined {
  if (!usage || !price) return undefined;
  const cacheRead = price.cacheRead ?? price.input * 0.1;
  const cacheWrite = price.cacheWrite ?? price.input * 1.25;
  return (
    (usage.inputTokens * price.input +
      usage.outputTokens * price.output +
      usage.cacheReadTokens * cacheRead +
      usage.cacheWriteTokens * cacheWrite) /
    1e6
  );
}
