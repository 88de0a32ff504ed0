/**
 * Protocol-neutral reply planning for the mock upstream: what to answer (text or one tool
 * call) and the token counts, from the request's tools and whether a tool result is present.
 */
import type { Scenario } from './scenario';

export interface RequestFacts {
  tools: Array<{ name: string; schema: Record<string, unknown> }>;
  hasToolResult: boolean;
  lastUserText: string;
  toolResultText: string;
  /** Rough size for the usage numbers. */
  bodyChars: number;
}

export interface ReplyPlan {
  kind: 'text' | 'tool';
  text: string;
  toolName: string;
  toolArgs: string;
  callId: string;
  id: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
}

/** Tools a real client can run harmlessly, in preference order. */
const PREFERRED_TOOLS = ['Glob', 'LS', 'Read', 'list_dir', 'read_file', 'shell', 'Bash', 'exec_command', 'local_shell'];

let seq = 0;
function nextId(): string {
  seq += 1;
  return `${Date.now().toString(36)}${seq.toString(36).padStart(4, '0')}`;
}

function dummyFor(name: string, schema: Record<string, unknown>): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  switch (type) {
    case 'string':
      if (/command|cmd/i.test(name)) return 'echo switchyard-mock';
      if (/pattern|glob/i.test(name)) return '*';
      if (/path|file|dir/i.test(name)) return '.';
      return 'switchyard-mock';
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return false;
    case 'array':
      if (/command|cmd|argv/i.test(name)) return ['echo', 'switchyard-mock'];
      return [];
    case 'object':
      return argsFor(schema);
    default:
      return 'switchyard-mock';
  }
}

function argsFor(schema: Record<string, unknown>): Record<string, unknown> {
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const out: Record<string, unknown> = {};
  for (const key of required) out[key] = dummyFor(key, props[key] ?? {});
  return out;
}

export function estimateTokens(chars: number): number {
  return Math.max(1, Math.ceil(chars / 4));
}

export function planReply(facts: RequestFacts, sc: Scenario): ReplyPlan {
  const id = nextId();
  const base = { id, callId: `call_${id}`, inputTokens: estimateTokens(facts.bodyChars), cacheReadTokens: 0 };
  const wantTool = !sc.text && !sc.echo && facts.tools.length > 0 && (sc.tool !== undefined || !facts.hasToolResult);
  if (wantTool) {
    const byName = new Map(facts.tools.map((t) => [t.name, t]));
    const pick =
      (sc.tool ? byName.get(sc.tool) : undefined) ??
      PREFERRED_TOOLS.map((n) => byName.get(n)).find((t) => t !== undefined) ??
      facts.tools[0]!;
    const args = JSON.stringify(argsFor(pick.schema));
    return { ...base, kind: 'tool', text: '', toolName: pick.name, toolArgs: args, outputTokens: estimateTokens(args.length + 20) };
  }
  let text: string;
  if (sc.size !== undefined) text = 'switchyard mock stream text '.repeat(Math.ceil(sc.size / 28)).slice(0, sc.size);
  else if (sc.reply !== undefined) text = sc.reply;
  else if (sc.echo) text = facts.lastUserText || '(empty)';
  else if (facts.hasToolResult) text = `Done. The tool returned: ${facts.toolResultText.slice(0, 80) || '(no output)'}`;
  else text = 'Hello from the Switchyard mock upstream.';
  return { ...base, kind: 'text', text, toolName: '', toolArgs: '', outputTokens: estimateTokens(text.length) };
}

/** Split text into n roughly equal parts (at least one, never empty parts unless text is). */
export function splitText(text: string, n: number): string[] {
  if (text.length === 0) return [''];
  const parts: string[] = [];
  const size = Math.ceil(text.length / n);
  for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
  return parts;
}

export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((b) => {
      if (typeof b === 'string') return b;
      const block = b as Record<string, unknown>;
      if (typeof block.text === 'string') return block.text;
      if (block.content !== undefined) return textOf(block.content);
      return '';
    })
    .join('');
}
