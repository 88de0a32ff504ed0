/**
 * The internal representation (IR) every codec decodes into and encodes from.
 *
 * One IR, one codec per wire format: Anthropic Messages, OpenAI Chat Completions and
 * OpenAI Responses never convert pairwise. The IR is Anthropic-shaped (content blocks,
 * tool results inside user turns) because that is the richest of the three; OpenAI
 * specifics that have no Anthropic equivalent are carried in typed optional fields.
 *
 * Types only: this file is imported by the proxy, the services and the renderer.
 */

export type Protocol = 'anthropic' | 'openai-chat' | 'openai-responses';
export const PROTOCOLS: readonly Protocol[] = ['anthropic', 'openai-chat', 'openai-responses'];

export type IRImageSource = { kind: 'base64'; mediaType: string; data: string } | { kind: 'url'; url: string };

export interface IRTextBlock {
  type: 'text';
  text: string;
  /** Anthropic prompt-caching marker, kept only for Anthropic lanes. */
  cacheControl?: unknown;
}

export interface IRImageBlock {
  type: 'image';
  source: IRImageSource;
  /** OpenAI `detail` hint (auto | low | high). */
  detail?: string;
}

/**
 * Model reasoning. `provenance` says which protocol produced it, because reasoning can only
 * be sent back to the protocol that minted it: Anthropic signatures are verified by Anthropic,
 * Responses `encrypted_content` only by Responses lanes. Never invent a signature.
 */
export interface IRThinkingBlock {
  type: 'thinking';
  text: string;
  provenance: Protocol;
  /** Anthropic `signature`, byte for byte. */
  signature?: string;
  /** Responses reasoning item id and `encrypted_content`. */
  itemId?: string;
  encryptedContent?: string;
  /** Responses reasoning summary parts, when the source separated them. */
  summary?: string[];
}

/** Anthropic `redacted_thinking`: opaque, Anthropic lanes only. */
export interface IRRedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}

export interface IRToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  /** Parsed arguments object. */
  input: unknown;
  /** Responses `function_call` item id (fc_…) when distinct from call id. */
  itemId?: string;
  /** Anthropic server tools (web_search, …) are `server_tool_use`. */
  server?: boolean;
  /**
   * Responses `custom_tool_call` (freeform tool such as Codex apply_patch): `input` is then
   * `{ input: string }`, the raw text the model produced.
   */
  custom?: boolean;
}

export interface IRToolResultBlock {
  type: 'tool_result';
  toolUseId: string;
  content: Array<IRTextBlock | IRImageBlock>;
  isError?: boolean;
}

/** Any Anthropic block type the IR does not model (web_search_tool_result, document, …). */
export interface IROpaqueBlock {
  type: 'opaque';
  provenance: Protocol;
  raw: unknown;
}

export type IRContentBlock =
  IRTextBlock | IRImageBlock | IRThinkingBlock | IRRedactedThinkingBlock | IRToolUseBlock | IRToolResultBlock | IROpaqueBlock;

export type IRRole = 'user' | 'assistant';

export interface IRMessage {
  role: IRRole;
  content: IRContentBlock[];
}

export interface IRTool {
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  inputSchema: Record<string, unknown>;
  /** Provider built-in tools (Anthropic `web_search_20250305`, Responses `web_search`). */
  builtin?: { provenance: Protocol; raw: unknown };
  /** Responses `strict`. */
  strict?: boolean;
  /**
   * Responses `custom` (freeform) tool: the model writes raw text instead of JSON arguments.
   * Other protocols see a function with one string argument `input`; `format` is the original
   * grammar/text format, kept for Responses lanes.
   */
  custom?: { format?: unknown };
  cacheControl?: unknown;
}

export type IRToolChoice = { type: 'auto' } | { type: 'any' } | { type: 'none' } | { type: 'tool'; name: string };

export type IRReasoningEffort = 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

export interface IRThinkingConfig {
  /** `adaptive` is Claude Code's default; `enabled` carries a budget. */
  type: 'enabled' | 'adaptive' | 'disabled';
  budgetTokens?: number;
}

export interface IRRequest {
  model: string;
  system: IRTextBlock[];
  messages: IRMessage[];
  tools?: IRTool[];
  toolChoice?: IRToolChoice;
  /** false = the client asked for at most one tool call per turn. */
  parallelToolCalls?: boolean;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  stream: boolean;
  thinking?: IRThinkingConfig;
  reasoningEffort?: IRReasoningEffort;
  /** Anthropic metadata.user_id / OpenAI `user`. */
  user?: string;
  /**
   * Source-protocol fields the IR does not model, by name. Encoders for the same protocol may
   * copy them back; encoders for other protocols ignore them.
   */
  extra?: { provenance: Protocol; fields: Record<string, unknown> };
}

export type IRStopReason = 'end_turn' | 'max_tokens' | 'tool_use' | 'stop_sequence' | 'refusal' | 'pause_turn' | 'error';

/**
 * Token usage in Anthropic's convention: `inputTokens` EXCLUDES cache reads and writes.
 * OpenAI reports prompt tokens including cached ones; codecs convert at the edge.
 */
export interface IRUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens?: number;
}

export interface IRResponse {
  id: string;
  model: string;
  content: IRContentBlock[];
  stopReason: IRStopReason;
  stopSequence?: string | null;
  usage: IRUsage;
}

/** Block kinds that can open in a stream. */
export type IRStreamBlockStart =
  | { type: 'text' }
  | { type: 'thinking'; provenance: Protocol; itemId?: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; itemId?: string; server?: boolean; custom?: boolean }
  | { type: 'opaque'; provenance: Protocol; raw: unknown };

export interface IRErrorInfo {
  /** Anthropic-style error type (overloaded_error, rate_limit_error, invalid_request_error, api_error, …). */
  type: string;
  message: string;
  status?: number;
  /** OpenAI / Responses error code (context_length_exceeded, rate_limit_exceeded, …). */
  code?: string;
}

/**
 * Protocol-neutral stream events. Block indexes are the IR's own (0, 1, 2 … in open order);
 * encoders renumber for their protocol. Decoders must emit a valid order:
 * start → (block_start → deltas* → block_stop)* → usage* → stop → end, or error at any point.
 */
export type IRStreamEvent =
  | { type: 'start'; id: string; model: string; usage?: Partial<IRUsage> }
  | { type: 'block_start'; index: number; block: IRStreamBlockStart }
  | { type: 'text_delta'; index: number; text: string }
  | { type: 'thinking_delta'; index: number; text: string }
  | { type: 'signature_delta'; index: number; signature: string }
  | { type: 'encrypted_reasoning'; index: number; encryptedContent: string }
  | { type: 'tool_input_delta'; index: number; partialJson: string }
  | { type: 'block_stop'; index: number }
  | { type: 'usage'; usage: Partial<IRUsage> }
  | { type: 'stop'; stopReason: IRStopReason; stopSequence?: string | null }
  | { type: 'end' }
  | { type: 'ping' }
  | { type: 'error'; error: IRErrorInfo };
