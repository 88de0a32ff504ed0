/**
 * Model slots, routing rules, routes and the per-client provider switch. Edits go through the
 * YAML document (comments kept) and are checked against the configured providers first, so a
 * slot can never point at a lane that does not exist.
 */
import { CLIENT_KINDS, type ClientKind, type SwitchyardConfig } from '../../../shared/config-schema';
import type { SlotsView } from '../../../shared/domain';
import type { IpcChannels } from '../../../shared/ipc-contract';
import { SwitchyardError } from '../../../shared/errors';
import type { ServiceContext } from '../context';
import { targetProvider } from '../providers/references';
import { pruneEmptyMap, syncValue } from '../providers/yaml-edit';

export type SlotsPatch = IpcChannels['slots:set']['args'];

export function slotsView(ctx: ServiceContext): SlotsView {
  const raw = ctx.config.rawConfig();
  const active = {} as Record<ClientKind, string | null>;
  for (const client of CLIENT_KINDS) active[client] = ctx.runtime.getActive(client);
  return { slots: raw.slots, routing: raw.routing ?? {}, routes: raw.routes, active };
}

/** Every "provider/model" target in the patch must name a configured provider. */
function checkTargets(patch: SlotsPatch, providerIds: Set<string>): void {
  const problems: string[] = [];
  const check = (where: string, target: string | null | undefined): void => {
    if (typeof target === 'string' && !providerIds.has(targetProvider(target)))
      problems.push(`${where}: unknown provider "${targetProvider(target)}"`);
  };
  for (const [client, slots] of Object.entries(patch.slots ?? {})) {
    for (const [slot, target] of Object.entries(slots ?? {})) check(`slots.${client}.${slot}`, target);
  }
  const r = patch.routing;
  if (r) {
    check('routing.background', r.background);
    check('routing.think', r.think);
    check('routing.image', r.image);
    check('routing.webSearch', r.webSearch);
    check('routing.longContext.target', r.longContext?.target);
    for (const [client, id] of Object.entries(r.active ?? {})) check(`routing.active.${client}`, id);
  }
  patch.routes?.forEach((route, i) => {
    check(`routes[${i}].provider`, route.provider);
    route.fallback?.forEach((f, j) => check(`routes[${i}].fallback[${j}]`, f));
  });
  const names = new Set<string>();
  patch.routes?.forEach((route, i) => {
    if (names.has(route.name)) problems.push(`routes[${i}].name: duplicate route "${route.name}"`);
    names.add(route.name);
  });
  if (problems.length > 0) {
    const known = [...providerIds].join(', ') || '(no providers configured)';
    throw new SwitchyardError('invalid_request', problems.join('; '), { hint: `Configured providers: ${known}. Nothing was changed.` });
  }
}

/** Drop undefined / empty-string values so the file does not collect `key: ""` noise. */
function clean<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clean) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || v === '') continue;
      out[k] = clean(v);
    }
    return out as T;
  }
  return value;
}

export async function setSlots(ctx: ServiceContext, patch: SlotsPatch): Promise<SlotsView> {
  const raw = ctx.config.rawConfig();
  const next: SlotsPatch = clean(patch);
  // The tray switch owns routing.active: keep it unless the caller sets it explicitly.
  if (next.routing && next.routing.active === undefined && raw.routing?.active)
    next.routing = { ...next.routing, active: raw.routing.active };
  checkTargets(next, new Set(raw.providers.map((p) => p.id)));
  await ctx.config.update((doc) => {
    if (next.slots !== undefined) syncValue(doc, ['slots'], dropEmptyClients(next.slots));
    if (next.routing !== undefined) {
      if (Object.keys(next.routing).length === 0) syncValue(doc, ['routing'], undefined);
      else syncValue(doc, ['routing'], next.routing);
    }
    if (next.routes !== undefined) syncValue(doc, ['routes'], next.routes);
  });
  return slotsView(ctx);
}

function dropEmptyClients(slots: SwitchyardConfig['slots']): SwitchyardConfig['slots'] {
  const out: SwitchyardConfig['slots'] = {};
  for (const [client, map] of Object.entries(slots) as Array<[keyof SwitchyardConfig['slots'], Record<string, string> | undefined]>) {
    if (map && Object.keys(map).length > 0) (out as Record<string, unknown>)[client] = map;
  }
  return out;
}

/**
 * The tray / UI provider switch: applies to the next request at once (runtime) and is
 * persisted to routing.active.<client> so it survives a restart.
 */
export async function switchProvider(ctx: ServiceContext, client: ClientKind, providerId: string | null): Promise<SlotsView> {
  if (!CLIENT_KINDS.includes(client))
    throw new SwitchyardError('invalid_request', `Unknown client "${String(client)}".`, {
      hint: `Use one of: ${CLIENT_KINDS.join(', ')}.`,
    });
  const raw = ctx.config.rawConfig();
  if (providerId !== null && !raw.providers.some((p) => p.id === providerId)) {
    throw new SwitchyardError('provider_not_found', `No provider "${providerId}".`, {
      hint: 'Add the provider first or pick another one.',
    });
  }
  await ctx.config.update((doc) => {
    if (providerId === null) {
      if (doc.hasIn(['routing', 'active', client])) doc.deleteIn(['routing', 'active', client]);
      pruneEmptyMap(doc, ['routing', 'active']);
    } else {
      syncValue(doc, ['routing', 'active', client], providerId);
    }
  });
  ctx.runtime.setActive(client, providerId);
  return slotsView(ctx);
}

export function pinSession(ctx: ServiceContext, sessionId: string, providerId: string | null): void {
  if (!sessionId) throw new SwitchyardError('invalid_request', 'A session id is required to pin a provider.');
  if (providerId !== null && !ctx.config.rawConfig().providers.some((p) => p.id === providerId)) {
    throw new SwitchyardError('provider_not_found', `No provider "${providerId}".`, {
      hint: 'Add the provider first or pick another one.',
    });
  }
  ctx.runtime.pinSession(sessionId, providerId);
}
