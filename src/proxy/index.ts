/**
 * The proxy's entry points for the hosts (headless, Electron) and the CLI.
 */
export { buildProxy, proxyPlugin, protocolForUrl } from './build-proxy';
export { createProxyRuntime } from './runtime';
export { authenticate, checkHostAndOrigin, clientToken, isHostAllowed, isLoopbackHost, isOriginAllowed } from './guards';
export { renderErrorBody, renderErrorEvent } from './errors/render';
export { listModelIds } from './routing/router';
export type { ConfigSource, ProxyDeps, ProxyLogger, ProxyRuntime } from './types';
