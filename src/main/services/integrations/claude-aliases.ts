// Constants `switchyard run` needs without loading the settings.json editor in claude-code.ts.

/**
 * Stable slot aliases. Each contains its family word ("opus", "sonnet", "haiku") so the
 * proxy's family routing sends it to that slot; switching providers behind a slot then never
 * needs a Claude Code restart, and the names never collide with a real Anthropic model id
 * (an exact route for claude-sonnet-4-5 would otherwise bypass the slot). They start with a
 * model id Claude Code knows: a bare `claude-opus-switchyard` makes it print an
 * `unrecognized_model` notice on every `claude -p` run (seen with 2.1.330).
 */
export const CLAUDE_SLOT_ALIASES = {
  opus: 'claude-opus-4-5-switchyard',
  sonnet: 'claude-sonnet-4-5-switchyard',
  haiku: 'claude-haiku-4-5-switchyard',
} as const;

/** Claude Code's default is 10 minutes; slow lanes (long thinking, local models) need more. */
export const CLAUDE_API_TIMEOUT_MS = '3000000';
