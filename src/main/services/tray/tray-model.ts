/** The tray's view of the running app, read from the services (Electron-free). */
import { CLIENT_KINDS, type ClientKind } from '../../../shared/config-schema';
import { appStatus } from '../api/app';
import type { ServiceContext } from '../context';
import type { TrayModel, TrayProvider } from './tray-menu';

export function trayModelFromContext(ctx: ServiceContext): TrayModel {
  const health = new Map(ctx.runtime.health(ctx.config.current()).map((h) => [h.providerId, h]));
  const providers: TrayProvider[] = ctx.config.rawConfig().providers.map((p) => {
    const h = health.get(p.id);
    const out: TrayProvider = { id: p.id, usable: h?.usable ?? true };
    if (p.name) out.name = p.name;
    if (p.enabled === false) out.disabled = true;
    if (h && !h.usable) out.problem = h.keyMissingEnv ? `${h.keyMissingEnv} not set` : h.circuit === 'open' ? 'failing' : 'unavailable';
    return out;
  });
  const active = {} as Record<ClientKind, string | null>;
  for (const client of CLIENT_KINDS) active[client] = ctx.runtime.getActive(client);
  return { status: appStatus(ctx), providers, active };
}
