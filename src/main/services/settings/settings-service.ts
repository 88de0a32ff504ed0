/**
 * Settings behind settings:get / settings:update: port (applies on restart), extra client
 * tokens (shown masked) and recording options, all edited in switchyard.yaml.
 */
import path from 'node:path';
import type { SettingsPatch, SettingsView } from '../../../shared/domain';
import { SwitchyardError } from '../../../shared/errors';
import { appStatus } from '../api/app';
import type { ServiceContext } from '../context';
import { maskSecret } from '../providers/secrets';
import { syncValue } from '../providers/yaml-edit';

// Ports saved during this run: only those make a restart necessary (a --port override at
// start is not a pending change).
const pendingPort = new WeakMap<ServiceContext, number>();

export function settingsView(ctx: ServiceContext): SettingsView {
  const raw = ctx.config.rawConfig();
  const listeningPort = ctx.proxyPort();
  const rec = raw.recording;
  const view: SettingsView = {
    port: raw.server.port,
    host: raw.server.host,
    appToken: ctx.appToken,
    tokens: raw.server.tokens.map((t) => maskSecret(t) ?? ''),
    recording: {
      enabled: rec.enabled,
      paused: ctx.store?.status().paused ?? false,
      trajectoryDir: rec.trajectoryDir,
      ...(rec.retention ? { retention: rec.retention } : {}),
    },
    dataDir: ctx.paths.dataDir,
    configPath: ctx.paths.configPath,
    listeningPort,
    restartRequired: pendingPort.get(ctx) === raw.server.port && raw.server.port !== listeningPort,
  };
  return view;
}

function nextTokens(patch: string[], current: string[]): string[] {
  return patch.map((entry, i) => {
    const t = entry.trim();
    if (t === '')
      throw new SwitchyardError('invalid_request', `tokens[${i}]: a token cannot be empty.`, { hint: 'Remove the empty entry.' });
    // The UI only ever saw masked literals: an unchanged entry keeps the real token.
    return current.find((c) => maskSecret(c) === t) ?? t;
  });
}

export async function updateSettings(ctx: ServiceContext, patch: SettingsPatch): Promise<SettingsView> {
  const raw = ctx.config.rawConfig();
  if (patch.recording?.paused !== undefined && !ctx.store) {
    throw new SwitchyardError('not_available', 'Recording cannot be paused: the trajectory store is not available.');
  }
  if (patch.port !== undefined && (!Number.isInteger(patch.port) || patch.port < 0 || patch.port > 65535)) {
    throw new SwitchyardError('invalid_request', `port: ${String(patch.port)} is not a port number (0–65535).`);
  }
  const tokens = patch.tokens ? nextTokens(patch.tokens, raw.server.tokens) : undefined;
  const rec = patch.recording;
  let trajectoryDir = rec?.trajectoryDir;
  if (typeof trajectoryDir === 'string') {
    trajectoryDir = trajectoryDir.trim();
    if (trajectoryDir === '') trajectoryDir = null;
    else if (!path.isAbsolute(trajectoryDir)) {
      throw new SwitchyardError('invalid_request', `recording.trajectoryDir: "${trajectoryDir}" is not an absolute path.`, {
        hint: 'Use a full path such as /home/me/trajectories, or leave it empty to turn the mirror off.',
      });
    }
  }

  const touchesConfig =
    patch.port !== undefined ||
    tokens !== undefined ||
    rec?.enabled !== undefined ||
    trajectoryDir !== undefined ||
    rec?.retention !== undefined;
  if (touchesConfig)
    await ctx.config.update((doc) => {
      if (patch.port !== undefined) syncValue(doc, ['server', 'port'], patch.port);
      if (tokens !== undefined) syncValue(doc, ['server', 'tokens'], tokens);
      if (rec?.enabled !== undefined) syncValue(doc, ['recording', 'enabled'], rec.enabled);
      if (trajectoryDir !== undefined) syncValue(doc, ['recording', 'trajectoryDir'], trajectoryDir);
      if (rec?.retention !== undefined) {
        const r = Object.fromEntries(Object.entries(rec.retention).filter(([, v]) => v !== undefined && v !== null));
        syncValue(doc, ['recording', 'retention'], Object.keys(r).length > 0 ? r : undefined);
      }
    });
  if (patch.port !== undefined && patch.port !== raw.server.port) pendingPort.set(ctx, patch.port);
  if (rec?.paused !== undefined && ctx.store) {
    ctx.store.setPaused(rec.paused);
    ctx.events.emit('status:changed', appStatus(ctx));
  }
  return settingsView(ctx);
}
