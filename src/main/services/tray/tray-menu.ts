/**
 * The tray menu as plain data, built from status + config. Electron-free so it is unit
 * tested under Node; src/main/electron/tray.ts turns it into a Menu and runs the actions.
 */
import { CLIENT_KINDS, type ClientKind } from '../../../shared/config-schema';
import type { AppStatus } from '../../../shared/domain';

export type TrayAction =
  | { type: 'switch'; client: ClientKind; providerId: string | null }
  | { type: 'setRecordingPaused'; paused: boolean }
  | { type: 'configure'; client: ClientKind }
  | { type: 'open'; page?: string }
  | { type: 'quit' };

export interface TrayMenuItem {
  id?: string;
  label?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'radio' | 'checkbox';
  enabled?: boolean;
  checked?: boolean;
  toolTip?: string;
  submenu?: TrayMenuItem[];
  action?: TrayAction;
}

export interface TrayProvider {
  id: string;
  name?: string;
  /** False when the lane cannot take traffic (key missing, circuit open). */
  usable: boolean;
  /** Why it is not usable, shown in the label. */
  problem?: string;
  disabled?: boolean;
}

export interface TrayModel {
  status: Pick<AppStatus, 'proxyPort' | 'inFlight' | 'requestsToday' | 'recording' | 'configErrors' | 'features'>;
  providers: TrayProvider[];
  active: Record<ClientKind, string | null>;
}

export const CLIENT_LABELS: Record<ClientKind, string> = { 'claude-code': 'Claude Code', codex: 'Codex' };

/** 950 → "950", 1234 → "1.2k", 1_250_000 → "1.3M". */
export function compactNumber(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0).replace(/\.0$/, '')}k`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}

function plural(n: number, one: string, many: string): string {
  return `${compactNumber(n)} ${n === 1 ? one : many}`;
}

function providerLabel(p: TrayProvider): string {
  const name = p.name && p.name !== p.id ? `${p.name} (${p.id})` : p.id;
  return p.usable ? name : `${name} — ${p.problem ?? 'unavailable'}`;
}

function switchSubmenu(model: TrayModel, client: ClientKind): TrayMenuItem {
  const active = model.active[client];
  const current = model.providers.find((p) => p.id === active);
  const items: TrayMenuItem[] = [
    {
      id: `switch:${client}:slots`,
      label: 'Use model slots',
      type: 'radio',
      checked: active === null || current === undefined,
      action: { type: 'switch', client, providerId: null },
    },
  ];
  if (model.providers.length > 0) items.push({ type: 'separator' });
  for (const p of model.providers) {
    items.push({
      id: `switch:${client}:${p.id}`,
      label: providerLabel(p),
      type: 'radio',
      checked: p.id === active,
      enabled: !p.disabled,
      action: { type: 'switch', client, providerId: p.id },
    });
  }
  if (model.providers.length === 0) items.push({ label: 'No providers yet — add one in Switchyard', enabled: false });
  return {
    id: `switch:${client}`,
    label: `${CLIENT_LABELS[client]}: ${current ? current.id : 'model slots'}`,
    type: 'submenu',
    submenu: items,
  };
}

function recordingItem(status: TrayModel['status']): TrayMenuItem {
  const rec = status.recording;
  if (!status.features.store) return { id: 'recording', label: 'Recording unavailable', enabled: false, toolTip: rec.degraded };
  if (!rec.enabled) return { id: 'recording', label: 'Recording is off (Settings)', action: { type: 'open', page: 'settings' } };
  return rec.paused
    ? { id: 'recording', label: 'Resume recording', action: { type: 'setRecordingPaused', paused: false } }
    : { id: 'recording', label: 'Pause recording', action: { type: 'setRecordingPaused', paused: true } };
}

export function buildTrayMenu(model: TrayModel): TrayMenuItem[] {
  const s = model.status;
  const items: TrayMenuItem[] = [
    { id: 'status:proxy', label: s.proxyPort > 0 ? `Proxy on 127.0.0.1:${s.proxyPort}` : 'Proxy not listening', enabled: false },
    {
      id: 'status:traffic',
      label: `${plural(s.inFlight, 'stream', 'streams')} in flight · ${plural(s.requestsToday, 'request', 'requests')} today`,
      enabled: false,
    },
  ];
  if (s.recording.paused && s.features.store) items.push({ id: 'status:paused', label: 'Recording paused', enabled: false });
  if (s.recording.degraded && s.features.store)
    items.push({ id: 'status:degraded', label: `Recording degraded: ${truncate(s.recording.degraded, 60)}`, enabled: false });
  if (s.configErrors.length > 0) {
    items.push({
      id: 'status:config',
      label: `⚠ ${truncate(s.configErrors[0]!, 60)}`,
      toolTip: s.configErrors.join('\n'),
      action: { type: 'open', page: 'settings' },
    });
  }
  items.push({ type: 'separator' });
  for (const client of CLIENT_KINDS) items.push(switchSubmenu(model, client));
  items.push({ type: 'separator' }, recordingItem(s), { type: 'separator' });
  for (const client of CLIENT_KINDS) {
    items.push({ id: `configure:${client}`, label: `Configure ${CLIENT_LABELS[client]}…`, action: { type: 'configure', client } });
  }
  items.push(
    { type: 'separator' },
    { id: 'open', label: 'Open Switchyard', action: { type: 'open' } },
    { id: 'quit', label: 'Quit Switchyard', action: { type: 'quit' } },
  );
  return items;
}

export function trayTooltip(model: TrayModel): string {
  const s = model.status;
  const parts = [`Switchyard — 127.0.0.1:${s.proxyPort}`];
  if (s.inFlight > 0) parts.push(`${plural(s.inFlight, 'stream', 'streams')} in flight`);
  for (const client of CLIENT_KINDS) {
    const a = model.active[client];
    if (a) parts.push(`${CLIENT_LABELS[client]} → ${a}`);
  }
  if (s.configErrors.length > 0) parts.push('config problem');
  return parts.join('\n');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
