/**
 * Thinking budget (Anthropic `budget_tokens`) ↔ reasoning effort (OpenAI `reasoning_effort`,
 * Responses `reasoning.effort`, Anthropic `output_config.effort`). The table holds the upper
 * bound of budget_tokens per effort; config `routing.effortTable` overrides entries.
 */
import type { IRReasoningEffort } from '../../../shared/ir';

export const DEFAULT_EFFORT_TABLE: Readonly<Record<IRReasoningEffort, number>> = {
  minimal: 1024,
  low: 4096,
  medium: 12288,
  high: 32768,
  xhigh: 65536,
};

const ORDER: IRReasoningEffort[] = ['minimal', 'low', 'medium', 'high', 'xhigh'];

export function resolveEffortTable(overrides?: Partial<Record<IRReasoningEffort, number>>): Record<IRReasoningEffort, number> {
  return overrides ? { ...DEFAULT_EFFORT_TABLE, ...overrides } : { ...DEFAULT_EFFORT_TABLE };
}

export function budgetToEffort(budget: number, overrides?: Partial<Record<IRReasoningEffort, number>>): IRReasoningEffort {
  const table = overrides ? resolveEffortTable(overrides) : DEFAULT_EFFORT_TABLE;
  for (const e of ORDER) if (budget <= table[e]) return e;
  return 'xhigh';
}

export function effortToBudget(effort: IRReasoningEffort, overrides?: Partial<Record<IRReasoningEffort, number>>): number {
  const table = overrides ? resolveEffortTable(overrides) : DEFAULT_EFFORT_TABLE;
  return table[effort];
}

/** Parse any protocol's effort string; `max` is Anthropic's top level. */
export function parseEffort(v: unknown): IRReasoningEffort | undefined {
  switch (v) {
    case 'minimal':
    case 'low':
    case 'medium':
    case 'high':
    case 'xhigh':
      return v;
    case 'max':
      return 'xhigh';
    case 'none':
      return 'minimal';
    default:
      return undefined;
  }
}
