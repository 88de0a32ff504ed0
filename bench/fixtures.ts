/**
 * Claude-Code-shaped request bodies for the benchmark: a long system prompt, ~25 tools with
 * JSON schemas and a growing history, ~90 KB on the first turn like the real client.
 * Text is deterministic pseudo-English so compression ratios resemble real prompts.
 */

const WORDS =
  'the a to of and in is for that you with on use when file tool this be are code it as not or if your by should can an read edit run command user task agent output must only any from all will do test when before after each new line path search result message context project directory function error change'.split(
    ' ',
  );

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

export function prose(bytes: number, seed: number): string {
  const r = rng(seed);
  let out = '';
  while (out.length < bytes) {
    const n = 6 + Math.floor(r() * 14);
    const words = Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]!);
    out += words.join(' ') + '. ';
    if (r() < 0.1) out += '\n\n';
  }
  return out.slice(0, bytes);
}

const TOOL_NAMES = [
  'Task',
  'Bash',
  'Glob',
  'Grep',
  'LS',
  'ExitPlanMode',
  'Read',
  'Edit',
  'MultiEdit',
  'Write',
  'NotebookEdit',
  'WebFetch',
  'TodoWrite',
  'WebSearch',
  'BashOutput',
  'KillShell',
  'SlashCommand',
  'mcp__github__create_issue',
  'mcp__github__list_pulls',
  'mcp__fs__tree',
  'mcp__db__query',
  'mcp__browser__open',
  'mcp__browser__click',
  'mcp__browser__screenshot',
  'AskUserQuestion',
];

export function tools(): Array<Record<string, unknown>> {
  return TOOL_NAMES.map((name, i) => ({
    name,
    description: prose(1200 + (i % 5) * 250, 100 + i),
    input_schema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      additionalProperties: false,
      required: ['path'],
      properties: {
        path: { type: 'string', description: prose(160, 200 + i) },
        limit: { type: 'number', description: prose(80, 300 + i) },
        mode: { type: 'string', enum: ['fast', 'full', 'diff'], description: prose(60, 400 + i) },
      },
    },
  }));
}

export interface CcRequestOptions {
  model?: string;
  stream?: boolean;
  /** Completed turns of history before the new user message. */
  turns?: number;
  sessionSeed?: number;
}

/** A Claude Code /v1/messages body (~90 KB at turns=4). */
export function claudeCodeRequest(opts: CcRequestOptions = {}): Record<string, unknown> {
  const turns = opts.turns ?? 4;
  const seed = opts.sessionSeed ?? 1;
  const messages: Array<Record<string, unknown>> = [];
  for (let t = 0; t < turns; t++) {
    messages.push({ role: 'user', content: [{ type: 'text', text: prose(600, seed * 1000 + t) }] });
    messages.push({
      role: 'assistant',
      content: [
        { type: 'text', text: prose(300, seed * 2000 + t) },
        { type: 'tool_use', id: `toolu_${seed}_${t}`, name: 'Read', input: { path: `/repo/src/file-${t}.ts` } },
      ],
    });
    messages.push({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: `toolu_${seed}_${t}`, content: prose(2400, seed * 3000 + t) }],
    });
  }
  messages.push({ role: 'user', content: [{ type: 'text', text: `Now do step ${turns + 1}: ${prose(200, seed * 4000 + turns)}` }] });
  return {
    model: opts.model ?? 'claude-sonnet-4-5',
    max_tokens: 32000,
    stream: opts.stream ?? false,
    system: [
      { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude." },
      { type: 'text', text: prose(18_000, 7), cache_control: { type: 'ephemeral' } },
    ],
    tools: tools(),
    messages,
    thinking: { type: 'adaptive' },
    metadata: { user_id: JSON.stringify({ device_id: 'bench', session_id: `00000000-0000-4000-8000-${String(seed).padStart(12, '0')}` }) },
  };
}

export function smallRequest(model = 'claude-sonnet-4-5', stream = false): Record<string, unknown> {
  return { model, max_tokens: 64, stream, messages: [{ role: 'user', content: 'Say hi' }] };
}

/**
 * The same request in OpenAI Chat shape, for the direct-to-mock baseline of the conversion
 * arm (so "added latency" compares like with like: the mock answers the same protocol the
 * conversion lane sends it).
 */
export function asChatBody(anthropic: Record<string, unknown>, model = 'gpt-bench'): Record<string, unknown> {
  const messages: Array<Record<string, unknown>> = [];
  const system = anthropic.system as Array<{ text: string }> | undefined;
  if (system) messages.push({ role: 'system', content: system.map((s) => s.text).join('\n') });
  for (const m of anthropic.messages as Array<{ role: string; content: unknown }>) {
    if (typeof m.content === 'string') {
      messages.push({ role: m.role, content: m.content });
      continue;
    }
    const blocks = m.content as Array<Record<string, unknown>>;
    const text = blocks
      .filter((b) => b.type === 'text')
      .map((b) => b.text as string)
      .join('\n');
    const calls = blocks.filter((b) => b.type === 'tool_use');
    const results = blocks.filter((b) => b.type === 'tool_result');
    for (const r of results) messages.push({ role: 'tool', tool_call_id: r.tool_use_id, content: r.content });
    if (m.role === 'assistant') {
      messages.push({
        role: 'assistant',
        content: text || null,
        ...(calls.length
          ? {
              tool_calls: calls.map((c) => ({
                id: c.id,
                type: 'function',
                function: { name: c.name, arguments: JSON.stringify(c.input) },
              })),
            }
          : {}),
      });
    } else if (text) messages.push({ role: 'user', content: text });
  }
  const tools = anthropic.tools as Array<{ name: string; description: string; input_schema: unknown }> | undefined;
  return {
    model,
    messages,
    max_tokens: anthropic.max_tokens,
    stream: anthropic.stream,
    ...(anthropic.stream ? { stream_options: { include_usage: true } } : {}),
    ...(tools
      ? {
          tools: tools.map((t) => ({
            type: 'function',
            function: { name: t.name, description: t.description, parameters: t.input_schema },
          })),
        }
      : {}),
  };
}
