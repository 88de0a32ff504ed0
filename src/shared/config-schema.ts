/**
 * The config file's shape (switchyard.yaml). DESIGN.md "Public interface" is the contract:
 * extend it, never break it. Objects are strict so an unknown key is an error naming its path.
 *
 * Two layers: `SwitchyardConfig` is what the file says (values may be `ENV:NAME`);
 * `ResolvedConfig` is the same with every `ENV:` value read from the environment, which is
 * what the proxy runs on.
 */
import * as z from 'zod';
import type { Protocol } from './ir';

export const CLIENT_KINDS = ['claude-code', 'codex'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

export const CLAUDE_CODE_SLOTS = ['opus', 'sonnet', 'haiku', 'subagent', 'default'] as const;
export const CODEX_SLOTS = ['default'] as const;
export type SlotName = (typeof CLAUDE_CODE_SLOTS)[number];

const protocol = z.enum(['anthropic', 'openai-chat', 'openai-responses']) satisfies z.ZodType<Protocol>;

/** "provider/model" or "provider" (model then defaults to the requested one). */
const target = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9._-]+(\/.+)?$/, 'expected "provider/model" or "provider"');

const timeouts = z.strictObject({
  connectMs: z.number().int().positive().optional(),
  firstByteMs: z.number().int().positive().optional(),
  idleMs: z.number().int().positive().optional(),
  totalMs: z.number().int().positive().optional(),
});

export const providerSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash, underscore'),
  name: z.string().optional(),
  protocol,
  /** anthropic: no /v1 ; openai-*: include /v1 */
  baseUrl: z.url(),
  apiKey: z.string().optional(),
  /** Extra headers sent to this lane only. Values may be ENV:NAME. */
  headers: z.record(z.string(), z.string()).optional(),
  /** Models this provider offers (informational; shown in the UI and /v1/models). */
  models: z.array(z.string()).optional(),
  capabilities: z
    .strictObject({
      images: z.boolean().optional(),
      webSearch: z.boolean().optional(),
      thinking: z.boolean().optional(),
      /** Chat lanes that need reasoning_content sent back on tool-call turns (DeepSeek). */
      reasoningContentOnToolTurns: z.boolean().optional(),
      /** Strip $schema / additionalProperties / const from tool schemas. */
      cleanToolSchemas: z.boolean().optional(),
      /** Largest max_tokens this lane accepts (DeepSeek: 8192); larger client values are clamped. */
      maxOutputTokens: z.number().int().positive().optional(),
    })
    .optional(),
  timeouts: timeouts.optional(),
  enabled: z.boolean().optional(),
  /** Preset this provider was created from (UI only). */
  preset: z.string().optional(),
});

export const routeSchema = z.strictObject({
  name: z.string().min(1),
  provider: z.string().min(1),
  model: z.string().optional(),
  fallback: z.array(target).optional(),
});

const claudeSlots = z.strictObject({
  opus: target.optional(),
  sonnet: target.optional(),
  haiku: target.optional(),
  subagent: target.optional(),
  default: target.optional(),
});

const codexSlots = z.strictObject({ default: target.optional() });

export const routingSchema = z.strictObject({
  /** Background / haiku-class requests. */
  background: target.optional(),
  think: target.optional(),
  longContext: z.strictObject({ target, thresholdTokens: z.number().int().positive().default(60000) }).optional(),
  image: target.optional(),
  webSearch: target.optional(),
  /** Active provider per client, as switched from the tray (null/absent = use slots). */
  active: z.strictObject({ 'claude-code': z.string().nullable().optional(), codex: z.string().nullable().optional() }).optional(),
  /** Thinking budget ↔ reasoning effort table (upper bounds of budget_tokens per effort). */
  effortTable: z
    .strictObject({
      minimal: z.number().int().optional(),
      low: z.number().int().optional(),
      medium: z.number().int().optional(),
      high: z.number().int().optional(),
    })
    .optional(),
});

export const recordingSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** When set: <dir>/<session>/query|answer/<ts>.json mirror. */
  trajectoryDir: z.string().nullable().default(null),
  retention: z
    .strictObject({
      maxBytes: z.number().int().positive().optional(),
      maxAgeDays: z.number().positive().optional(),
    })
    .optional(),
  /** Bounded write queue size in events before bodies are dropped. */
  queueLimit: z.number().int().positive().optional(),
});

export const priceSchema = z.strictObject({
  /** USD per million tokens. */
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cacheRead: z.number().nonnegative().optional(),
  cacheWrite: z.number().nonnegative().optional(),
});

export const serverSchema = z.strictObject({
  port: z.number().int().min(0).max(65535).default(18080),
  host: z.string().default('127.0.0.1'),
  /** Accepted client tokens (plus per-session tokens). Values may be ENV:NAME. */
  tokens: z.array(z.string()).default([]),
  /** Browser origins allowed to call the proxy (none by default). */
  allowedOrigins: z.array(z.string()).default([]),
  bodyLimitMb: z.number().positive().default(32),
});

export const configSchema = z.strictObject({
  server: serverSchema.default({ port: 18080, host: '127.0.0.1', tokens: [], allowedOrigins: [], bodyLimitMb: 32 }),
  providers: z.array(providerSchema).default([]),
  routes: z.array(routeSchema).default([]),
  slots: z.strictObject({ 'claude-code': claudeSlots.optional(), codex: codexSlots.optional() }).default({}),
  routing: routingSchema.optional(),
  recording: recordingSchema.default({ enabled: true, trajectoryDir: null }),
  /** Price table keyed by upstream model name (exact) or "provider/model". */
  prices: z.record(z.string(), priceSchema).optional(),
});

export type SwitchyardConfig = z.infer<typeof configSchema>;
export type ProviderConfig = z.infer<typeof providerSchema>;
export type RouteConfig = z.infer<typeof routeSchema>;
export type RoutingConfig = z.infer<typeof routingSchema>;
export type RecordingConfig = z.infer<typeof recordingSchema>;
export type PriceConfig = z.infer<typeof priceSchema>;
export type ProviderTimeouts = z.infer<typeof timeouts>;

/** A provider with its secrets resolved. `apiKey` is undefined when the ENV var is missing. */
export interface ResolvedProvider extends Omit<ProviderConfig, 'apiKey' | 'headers'> {
  apiKey?: string;
  /** Set when `apiKey` was an ENV: reference that did not resolve. */
  apiKeyMissing?: string;
  headers: Record<string, string>;
  /** Names of headers whose value came from ENV: (secrets; literal headers are not). */
  secretHeaders: string[];
}

/** What the proxy runs on: every ENV: value read, defaults applied. */
export interface ResolvedConfig extends Omit<SwitchyardConfig, 'providers' | 'server'> {
  server: Omit<SwitchyardConfig['server'], 'tokens'> & { tokens: string[] };
  providers: ResolvedProvider[];
  /** Monotonic version; bumps on every applied reload. */
  version: number;
}

export const DEFAULT_PORT = 18080;
