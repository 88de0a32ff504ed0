import crypto from 'node:crypto';
import type { AppStatus } from '../../../shared/domain';
import type { IpcHandlers } from '../../../shared/ipc-contract';
import type { ServiceContext } from '../context';

type AppChannels = 'app:status' | 'tokens:register' | 'tokens:list' | 'tokens:revoke';

export function appStatus(ctx: ServiceContext): AppStatus {
  const stats = ctx.runtime.stats();
  return {
    version: ctx.version,
    host: ctx.host,
    proxyUrl: ctx.proxyUrl(),
    proxyPort: ctx.proxyPort(),
    dataDir: ctx.paths.dataDir,
    configPath: ctx.paths.configPath,
    startedAt: ctx.startedAt,
    nodeVersion: process.versions.node,
    inFlight: stats.inFlight,
    requestsToday: ctx.store ? ctx.store.requestsToday() : stats.requestsToday,
    configErrors: ctx.config.problems(),
    recording: ctx.store
      ? ctx.store.status()
      : {
          enabled: false,
          paused: false,
          degraded: ctx.storeError ?? 'The trajectory store is not available.',
          queued: 0,
          droppedBodies: 0,
          droppedEvents: 0,
        },
    features: { store: ctx.store !== null, integrations: true, translation: true },
  };
}

export function appHandlers(ctx: ServiceContext): Pick<IpcHandlers, AppChannels> {
  return {
    'app:status': async () => appStatus(ctx),
    'tokens:register': async (input) => {
      const info = {
        token: input.token ?? `sy_sess_${crypto.randomBytes(24).toString('base64url')}`,
        sessionId: `run-${Date.now().toString(36)}-${crypto.randomBytes(4).toString('hex')}`,
        taskName: input.taskName,
        label: input.label,
        providerId: input.providerId,
        createdAt: Date.now(),
      };
      ctx.runtime.registerToken(info);
      return info;
    },
    'tokens:list': async () => ctx.runtime.listTokens(),
    'tokens:revoke': async ({ token }) => {
      ctx.runtime.revokeToken(token);
    },
  };
}
