/**
 * Domain types carried over the IPC contract. Plain JSON only (no Dates, no Buffers):
 * the same values cross Electron IPC and the headless host's HTTP bridge.
 */
import type { ClientKind, ProviderConfig, SwitchyardConfig } from './config-schema';
import type { IRContentBlock, IRUsage, Protocol } from './ir';
import type { ErrorClass } from './errors';
import type { RoutingDecision, StreamStats } from './recording';

export type HostKind = 'electron' | 'headless';

export interface RecordingStatus {
  enabled: boolean;
  paused: boolean;
  /** Set when writes fail (read-only or full disk): proxying continues. */
  degraded?: string;
  queued: number;
  droppedBodies: number;
  droppedEvents: number;
}

export interface AppStatus {
  version: string;
  host: HostKind;
  proxyUrl: string;
  proxyPort: number;
  dataDir: string;
  configPath: string;
  startedAt: number;
  nodeVersion: string;
  inFlight: number;
  requestsToday: number;
  /** Config problems from the last load (the last good config stays active). */
  configErrors: string[];
  recording: RecordingStatus;
  /** Services that have not landed yet report false (UI shows an honest empty state). */
  features: { store: boolean; integrations: boolean; translation: boolean };
}

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface ProviderHealth {
  providerId: string;
  configured: boolean;
  keyResolved: boolean;
  /** Name of the ENV var that did not resolve. */
  keyMissingEnv?: string;
  lastSuccessAt?: number;
  lastFailureAt?: number;
  lastError?: string;
  circuit: CircuitState;
  usable: boolean;
}

/** A provider as the UI sees it: the key is masked, never sent in clear. */
export interface ProviderView extends Omit<ProviderConfig, 'apiKey'> {
  /** "ENV:NAME" as written, or a masked literal like "sk-…f3a9", or null when none. */
  apiKeyDisplay: string | null;
  apiKeyIsEnv: boolean;
  health?: ProviderHealth;
}

/** Input for add/edit. `apiKey` undefined = keep the current one. */
export interface ProviderInput extends Omit<ProviderConfig, 'apiKey'> {
  apiKey?: string;
  /** When editing, the id being replaced (rename). */
  previousId?: string;
}

export interface ProviderPreset {
  id: string;
  name: string;
  protocol: Protocol;
  baseUrl: string;
  /** Suggested ENV var for the key. */
  apiKeyEnv?: string;
  needsKey: boolean;
  models: string[];
  capabilities?: ProviderConfig['capabilities'];
  docsUrl?: string;
  /** One line shown under the preset (regional endpoints, local setup, passthrough). */
  note?: string;
}

export interface ProviderTestResult {
  ok: boolean;
  providerId: string;
  model: string;
  status?: number;
  latencyMs?: number;
  ttftMs?: number;
  /** Exact upstream error text (secrets redacted). */
  error?: string;
  sample?: string;
}

export interface SlotsView {
  slots: SwitchyardConfig['slots'];
  routing: NonNullable<SwitchyardConfig['routing']>;
  routes: SwitchyardConfig['routes'];
  /** Currently active provider per client (tray switch); null = slots decide. */
  active: Record<ClientKind, string | null>;
}

export interface SessionFilter {
  client?: ClientKind | 'unknown';
  providerId?: string;
  model?: string;
  /** Epoch ms. */
  since?: number;
  until?: number;
  /** Full-text query over message text. */
  text?: string;
  limit?: number;
  offset?: number;
}

export interface UsageTotals {
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number;
}

export interface SessionSummary {
  id: string;
  /** The client-side key (Claude Code session id, Codex thread id, token session). */
  externalId?: string;
  client: ClientKind | 'unknown';
  title: string;
  taskName?: string;
  label?: string;
  firstAt: number;
  lastAt: number;
  providers: string[];
  models: string[];
  totals: UsageTotals;
  exchangeCount: number;
}

export interface ExchangeSummary {
  id: string;
  sessionId: string;
  seq: number;
  receivedAt: number;
  method: string;
  path: string;
  inboundProtocol: Protocol;
  stream: boolean;
  status: number;
  partial: boolean;
  errorClass?: ErrorClass;
  errorMessage?: string;
  routing: RoutingDecision;
  finalProviderId?: string;
  finalModel?: string;
  ttfbMs?: number;
  durationMs?: number;
  overheadMs?: number;
  usage?: IRUsage;
  costUsd?: number;
  streamStats?: StreamStats;
  attempts: number;
}

export interface ExchangeBodies {
  clientRequest: string | null;
  upstreamRequest: string | null;
  upstreamResponse: string | null;
  clientResponse: string | null;
  /** Set when a body was dropped under queue pressure. */
  dropped?: string[];
}

export interface ExchangeDetail extends ExchangeSummary {
  bodies: ExchangeBodies;
}

/** One turn of a rendered conversation (decoded from bodies via the codecs' IR). */
export interface ConversationTurn {
  role: 'system' | 'user' | 'assistant';
  content: IRContentBlock[];
  /** Exchange that produced an assistant turn. */
  exchangeId?: string;
}

export interface SessionDetail extends SessionSummary {
  exchanges: ExchangeSummary[];
  conversation: ConversationTurn[];
}

export interface SearchHit {
  sessionId: string;
  exchangeId: string;
  snippet: string;
  at: number;
}

export type ExportFormat = 'files' | 'jsonl' | 'html';

export interface ExportResult {
  format: ExportFormat;
  /** Where it was written (files/jsonl/html with outDir). */
  path?: string;
  /** Inline content when no outDir was given (web download). */
  content?: string;
  fileName: string;
}

export interface LiveExchange {
  exchangeId: string;
  sessionId?: string;
  client: ClientKind | 'unknown';
  startedAt: number;
  firstByteAt?: number;
  providerId: string;
  model: string;
  requestedModel: string;
  reason: string;
  text: string;
  thinking: string;
  toolCalls: Array<{ name: string; args: string }>;
  outputTokens?: number;
  status: 'waiting' | 'streaming' | 'done' | 'error' | 'cancelled';
  error?: string;
  endedAt?: number;
}

export type UsageGroupBy = 'day' | 'provider' | 'model' | 'client';

export interface UsageQuery {
  since?: number;
  until?: number;
  groupBy: UsageGroupBy;
}

export interface UsageRow extends UsageTotals {
  key: string;
  p50LatencyMs?: number;
  p95LatencyMs?: number;
  p50TtfbMs?: number;
  p95TtfbMs?: number;
  streamEvents?: number;
  streamBytes?: number;
}

export interface ClientIssue {
  kind: 'conflict' | 'drift' | 'not-configured' | 'not-installed' | 'override' | 'info';
  message: string;
  fix?: string;
}

export interface ClientStatus {
  client: ClientKind;
  installed: boolean;
  version?: string;
  configPath: string;
  configExists: boolean;
  pointsAtSwitchyard: boolean;
  issues: ClientIssue[];
}

export interface IntegrationPlan {
  client: ClientKind;
  configPath: string;
  /** Unified diff of the change. Empty when nothing would change. */
  diff: string;
  changed: boolean;
}

export interface IntegrationApplyOptions {
  dryRun?: boolean;
  /** Remove a conflicting ANTHROPIC_API_KEY from settings.json. */
  removeConflictingKey?: boolean;
  /** Codex `model` to set. */
  model?: string;
  home?: string;
}

export interface BackupInfo {
  id: string;
  client: ClientKind;
  path: string;
  createdAt: number;
  bytes: number;
}

/**
 * Header carrying a `switchyard run` session token next to the normal client token. Claude
 * Code's settings.json `env` overrides the environment `run` injects (so the client may
 * authenticate with the app token from settings.json); `run` therefore also sends the session
 * token in this header (ANTHROPIC_CUSTOM_HEADERS for Claude Code, env_http_headers →
 * SWITCHYARD_SESSION_TOKEN for Codex). The proxy binds the request to that session when the
 * token is registered, and never forwards the header upstream.
 */
export const SESSION_TOKEN_HEADER = 'x-switchyard-session-token';
/** Environment variable `run` sets to the session token (read by Codex via env_http_headers). */
export const SESSION_TOKEN_ENV = 'SWITCHYARD_SESSION_TOKEN';

export interface SessionTokenInput {
  taskName?: string;
  label?: string;
  providerId?: string;
  /** Optional fixed token (else one is minted). */
  token?: string;
}

export interface SessionTokenInfo {
  token: string;
  sessionId: string;
  taskName?: string;
  label?: string;
  providerId?: string;
  createdAt: number;
}

export interface SettingsView {
  port: number;
  host: string;
  appToken: string;
  /** Extra accepted tokens as written (ENV: names shown, literals masked). */
  tokens: string[];
  recording: { enabled: boolean; paused: boolean; trajectoryDir: string | null; retention?: { maxBytes?: number; maxAgeDays?: number } };
  dataDir: string;
  configPath: string;
  /** The port the proxy is bound to now (differs from `port` until a restart applies it). */
  listeningPort?: number;
  /** True when a saved setting (the port) only applies after a restart. */
  restartRequired?: boolean;
}

export interface SettingsPatch {
  port?: number;
  /** Replaces server.tokens. An entry equal to a masked display keeps that existing token. */
  tokens?: string[];
  recording?: {
    enabled?: boolean;
    /** Runtime pause (not written to the config), same as recording:setPaused. */
    paused?: boolean;
    trajectoryDir?: string | null;
    retention?: { maxBytes?: number; maxAgeDays?: number };
  };
}

export interface DataBackupResult {
  path: string;
  bytes: number;
  /** File names written into the backup folder (e.g. switchyard.yaml, trajectories.db). */
  includes?: string[];
  /** Why something was left out (e.g. the store cannot make a database backup). */
  note?: string;
}
