/**
 * The one typed IPC contract. Electron main implements it with ipcMain.handle, the preload
 * exposes it through contextBridge, the headless host serves it as `POST /api/<channel>`
 * (JSON args in, `{ok:true,result}` | `{ok:false,error}` out) and events over SSE
 * (`GET /api/events`), both behind the app token. The renderer only ever sees `SwitchyardApi`.
 */
import type { ClientKind, SwitchyardConfig } from './config-schema';
import type {
  AppStatus,
  BackupInfo,
  ClientStatus,
  DataBackupResult,
  ExchangeDetail,
  ExportFormat,
  ExportResult,
  IntegrationApplyOptions,
  IntegrationPlan,
  LiveExchange,
  ProviderHealth,
  ProviderInput,
  ProviderPreset,
  ProviderTestResult,
  ProviderView,
  SearchHit,
  SessionDetail,
  SessionFilter,
  SessionSummary,
  SessionTokenInfo,
  SessionTokenInput,
  SettingsPatch,
  SettingsView,
  SlotsView,
  UsageQuery,
  UsageRow,
} from './domain';
import type { SwitchyardErrorJSON } from './errors';

type Ch<A, R> = { args: A; result: R };

export interface IpcChannels {
  // app
  'app:status': Ch<void, AppStatus>;
  // providers
  'providers:list': Ch<void, ProviderView[]>;
  'providers:presets': Ch<void, ProviderPreset[]>;
  'providers:upsert': Ch<ProviderInput, ProviderView>;
  'providers:remove': Ch<{ id: string }, void>;
  'providers:test': Ch<{ id: string; model?: string } | { provider: ProviderInput; model?: string }, ProviderTestResult>;
  'providers:health': Ch<void, ProviderHealth[]>;
  // slots and routing
  'slots:get': Ch<void, SlotsView>;
  'slots:set': Ch<
    { slots?: SwitchyardConfig['slots']; routing?: SwitchyardConfig['routing']; routes?: SwitchyardConfig['routes'] },
    SlotsView
  >;
  'routing:switch': Ch<{ client: ClientKind; providerId: string | null }, SlotsView>;
  'routing:pin': Ch<{ sessionId: string; providerId: string | null }, void>;
  // session tokens (switchyard run)
  'tokens:register': Ch<SessionTokenInput, SessionTokenInfo>;
  'tokens:list': Ch<void, SessionTokenInfo[]>;
  'tokens:revoke': Ch<{ token: string }, void>;
  // recording
  'recording:setPaused': Ch<{ paused: boolean }, AppStatus['recording']>;
  // sessions and exchanges
  'sessions:list': Ch<SessionFilter, { sessions: SessionSummary[]; total: number }>;
  'sessions:get': Ch<{ id: string }, SessionDetail>;
  'sessions:search': Ch<{ text: string; limit?: number }, SearchHit[]>;
  'sessions:export': Ch<{ id: string; format: ExportFormat; outDir?: string }, ExportResult>;
  'sessions:delete': Ch<{ id: string }, void>;
  'exchanges:get': Ch<{ id: string }, ExchangeDetail>;
  // live
  'live:list': Ch<void, LiveExchange[]>;
  'live:cancel': Ch<{ exchangeId: string }, { cancelled: boolean }>;
  // usage
  'usage:query': Ch<UsageQuery, UsageRow[]>;
  // client integrations
  'integrations:status': Ch<{ client?: ClientKind }, ClientStatus[]>;
  'integrations:plan': Ch<{ client: ClientKind; options?: IntegrationApplyOptions }, IntegrationPlan>;
  'integrations:apply': Ch<{ client: ClientKind; options?: IntegrationApplyOptions }, IntegrationPlan & { backup?: BackupInfo }>;
  'integrations:restore': Ch<{ client: ClientKind; backupId?: string; home?: string }, { restored: string }>;
  'integrations:backups': Ch<{ client: ClientKind; home?: string }, BackupInfo[]>;
  // settings
  'settings:get': Ch<void, SettingsView>;
  'settings:update': Ch<SettingsPatch, SettingsView>;
  'settings:backupData': Ch<{ outDir?: string }, DataBackupResult>;
  'settings:restoreData': Ch<{ path: string }, { restored: string }>;
}

export interface IpcEvents {
  'status:changed': AppStatus;
  'config:changed': { version: number; errors: string[] };
  'live:update': LiveExchange;
  'live:removed': { exchangeId: string };
  'providers:health': ProviderHealth[];
  'sessions:changed': { sessionId: string };
}

export type Channel = keyof IpcChannels;
export type EventName = keyof IpcEvents;
export type ArgsOf<C extends Channel> = IpcChannels[C]['args'];
export type ResultOf<C extends Channel> = IpcChannels[C]['result'];

/** What the renderer talks to, whatever the host. */
export interface SwitchyardApi {
  invoke<C extends Channel>(channel: C, ...args: ArgsOf<C> extends void ? [] : [ArgsOf<C>]): Promise<ResultOf<C>>;
  on<E extends EventName>(event: E, listener: (payload: IpcEvents[E]) => void): () => void;
}

/** Main-side implementation: one async handler per channel. */
export type IpcHandlers = { [C in Channel]: (args: ArgsOf<C>) => Promise<ResultOf<C>> };

/** Wire envelope for results across IPC and HTTP (errors are values, not rejections). */
export type IpcEnvelope<R> = { ok: true; result: R } | { ok: false; error: SwitchyardErrorJSON };

/** Every channel name, for hosts that register handlers in a loop. */
export const CHANNELS = [
  'app:status',
  'providers:list',
  'providers:presets',
  'providers:upsert',
  'providers:remove',
  'providers:test',
  'providers:health',
  'slots:get',
  'slots:set',
  'routing:switch',
  'routing:pin',
  'tokens:register',
  'tokens:list',
  'tokens:revoke',
  'recording:setPaused',
  'sessions:list',
  'sessions:get',
  'sessions:search',
  'sessions:export',
  'sessions:delete',
  'exchanges:get',
  'live:list',
  'live:cancel',
  'usage:query',
  'integrations:status',
  'integrations:plan',
  'integrations:apply',
  'integrations:restore',
  'integrations:backups',
  'settings:get',
  'settings:update',
  'settings:backupData',
  'settings:restoreData',
] as const satisfies readonly Channel[];

// Compile-time check that CHANNELS lists every channel exactly.
type Missing = Exclude<Channel, (typeof CHANNELS)[number]>;
const _allChannelsListed: Missing extends never ? true : Missing = true;
void _allChannelsListed;

export const EVENTS = [
  'status:changed',
  'config:changed',
  'live:update',
  'live:removed',
  'providers:health',
  'sessions:changed',
] as const satisfies readonly EventName[];
