/**
 * buildProxy(config, deps): an unstarted fastify instance with the proxy routes registered in
 * an encapsulated plugin, so the proxy's auth, body parser and error rendering do not leak
 * onto routes the hosts add later (/api/*, the web UI). The config is read per request.
 */
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { SwitchyardError, isSwitchyardError } from '../shared/errors';
import type { Protocol } from '../shared/ir';
import { renderErrorBody } from './errors/render';
import { authenticate, checkHostAndOrigin } from './guards';
import type { ProxyCore } from './handlers/core';
import { handleCountTokens } from './handlers/count-tokens';
import { handleGenerate } from './handlers/generate';
import { handleHealth, handleModels, handleReady } from './handlers/info';
import { createProxyRuntime, runtimeInternals, type RuntimeInternals } from './runtime';
import type { ConfigSource, ProxyDeps } from './types';
import { DEFAULT_RETRY } from './upstream/forward';
import { DEFAULT_TIMEOUTS, PoolRegistry } from './upstream/lanes';
import { APP_VERSION } from '../shared/version';

const MB = 1024 * 1024;
/** Invalid UTF-8 is a client error, not something to pass on with U+FFFD substitutions. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** Routes that answer without a client token (liveness probes). */
const OPEN_ROUTES = new Set(['GET /healthz', 'GET /readyz']);
export const DEFAULT_PING_INTERVAL_MS = 15_000;

export function protocolForUrl(url: string): Protocol {
  if (url.startsWith('/v1/chat/') || url.startsWith('/chat/')) return 'openai-chat';
  if (url.startsWith('/v1/responses') || url.startsWith('/responses')) return 'openai-responses';
  return 'anthropic';
}

function fastifyErrorToSwitchyard(e: unknown): SwitchyardError {
  if (isSwitchyardError(e)) return e;
  const code = (e as { code?: string }).code;
  const message = e instanceof Error ? e.message : String(e);
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return new SwitchyardError('body_too_large', 'Request body is larger than server.bodyLimitMb allows', {
      hint: 'Raise server.bodyLimitMb in switchyard.yaml (restart to raise above the start-up value).',
    });
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return new SwitchyardError('invalid_request', 'Unsupported content-type: send application/json', { status: 415 });
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || e instanceof SyntaxError)
    return new SwitchyardError('invalid_json', `Request body is not valid JSON: ${message}`);
  const status = (e as { statusCode?: number }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return new SwitchyardError('invalid_request', message, { status });
  return new SwitchyardError('internal', message);
}

export interface ProxyPluginOptions {
  config: ConfigSource;
  deps: ProxyDeps;
}

/** The proxy routes as an encapsulated plugin (hosts may also register it on their own instance). */
export const proxyPlugin: FastifyPluginAsync<ProxyPluginOptions> = async (app, opts) => {
  const { config, deps } = opts;
  const internals: RuntimeInternals = runtimeInternals(deps.runtime) ?? runtimeInternals(createProxyRuntime())!;
  const core: ProxyCore = {
    config,
    deps,
    runtime: deps.runtime,
    internals,
    pools: new PoolRegistry(),
    timeouts: { ...DEFAULT_TIMEOUTS, ...deps.timeouts },
    retry: { ...DEFAULT_RETRY, ...deps.retry },
    pingIntervalMs: deps.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS,
    userAgent: `switchyard/${APP_VERSION}`,
  };
  const startLimit = Math.max(1, Math.ceil(config.current().server.bodyLimitMb * MB));

  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: startLimit }, (req, body, done) => {
    const buf = body as Buffer;
    req.syRawBody = buf;
    if (buf.length === 0) return done(null, undefined);
    let text: string;
    try {
      text = strictUtf8.decode(buf);
    } catch {
      return done(new SwitchyardError('invalid_json', 'Request body is not valid UTF-8'), undefined);
    }
    // Kept for the recording (one decode per request); a BOM, which TextDecoder drops, is rare
    // enough to decode again from the bytes.
    if (buf[0] !== 0xef) req.syRawText = text;
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      done(e as Error, undefined);
    }
  });

  if (!app.hasRequestDecorator('syStart')) decorateRequests(app);
  app.addHook('onRequest', async (req) => {
    if (!req.syStart) req.syStart = performance.now();
    const cfg = config.current();
    checkHostAndOrigin(req.headers, cfg);
    const len = Number(req.headers['content-length']);
    if (Number.isFinite(len) && len > cfg.server.bodyLimitMb * MB)
      throw fastifyErrorToSwitchyard(Object.assign(new Error('too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE' }));
    const routeKey = `${req.method} ${req.url.split('?')[0]}`;
    if (OPEN_ROUTES.has(routeKey)) return;
    req.syAuth = authenticate(req.headers, deps.appToken, cfg, deps.runtime);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (!reply.hasHeader('server-timing'))
      reply.header('server-timing', `proxy;dur=${(performance.now() - (req.syStart ?? performance.now())).toFixed(3)}`);
    return payload;
  });

  app.setErrorHandler((e, req: FastifyRequest, reply) => {
    const err = fastifyErrorToSwitchyard(e);
    const protocol: Protocol =
      req.url.startsWith('/v1/models') && req.headers['anthropic-version'] === undefined && req.headers.originator !== undefined
        ? 'openai-chat'
        : protocolForUrl(req.url);
    if (err.status >= 500 && err.code === 'internal') deps.logger?.error(`proxy: ${req.method} ${req.url}: ${err.message}`);
    if (reply.sent || reply.raw.headersSent) return;
    return reply.code(err.status).header('content-type', 'application/json').send(renderErrorBody(protocol, err));
  });

  // Graceful shutdown: in-flight exchanges get a grace period to finish, then are cancelled
  // (their clients get the protocol's error event), then the upstream pools close.
  // preClose runs before the server stops (new requests already get 503 while closing).
  app.addHook('preClose', async () => {
    const wait = async (ms: number): Promise<void> => {
      const deadline = Date.now() + ms;
      while (internals.inFlightCount() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    };
    await wait(deps.shutdownGraceMs ?? 5_000);
    internals.cancelAll();
    await wait(1_000);
  });
  app.addHook('onClose', async () => {
    await core.pools.close();
  });

  app.get('/healthz', (req, reply) => handleHealth(core, req, reply));
  app.get('/readyz', (req, reply) => handleReady(core, req, reply));
  app.get('/v1/models', (req, reply) => handleModels(core, req, reply));

  for (const url of ['/v1/messages', '/v1/message']) app.post(url, (req, reply) => handleGenerate(core, req, reply, 'anthropic'));
  app.post('/v1/messages/count_tokens', (req, reply) => handleCountTokens(core, req, reply));
  for (const url of ['/v1/chat/completions', '/chat/completions'])
    app.post(url, (req, reply) => handleGenerate(core, req, reply, 'openai-chat'));
  for (const url of ['/v1/responses', '/responses']) app.post(url, (req, reply) => handleGenerate(core, req, reply, 'openai-responses'));
};

/** Fixed request shape (fast property access): arrival time, auth result, raw body. */
function decorateRequests(app: FastifyInstance): void {
  app.decorateRequest('syStart', 0);
  app.decorateRequest('syAuth', undefined);
  app.decorateRequest('syRawBody', undefined);
  app.decorateRequest('syRawText', undefined);
}

/**
 * Fastify's JSON-schema compilers (ajv, fast-json-stringify) are loaded when an instance is
 * created, ~20 ms of the headless start. No route here declares a fastify schema (bodies are
 * checked by the handlers and zod); one that does fails at registration, not silently.
 */
type SchemaCompilers = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
const schemasRefused = (route: unknown): never => {
  // Fastify passes { schema, method, url, httpPart } (its compiler typings say only the schema).
  const { method = '?', url = '?' } = (route ?? {}) as { method?: string; url?: string };
  throw new Error(`${method} ${url}: fastify schemas are not compiled in Switchyard (no ajv); validate in the handler with zod`);
};
const noFastifySchemas: Required<SchemaCompilers> = {
  buildValidator: () => schemasRefused,
  buildSerializer: () => schemasRefused,
};

export function buildProxy(config: ConfigSource, deps: ProxyDeps): FastifyInstance {
  const app = Fastify({
    logger: false,
    schemaController: { compilersFactory: noFastifySchemas },
    bodyLimit: Math.max(1, Math.ceil(config.current().server.bodyLimitMb * MB)),
    // Long agent turns: no server-side request timeout; upstream timeouts govern.
    requestTimeout: 0,
    keepAliveTimeout: 72_000,
    // After the preClose grace every exchange is done: drop kept-alive sockets so close() returns.
    forceCloseConnections: true,
  });
  // HEAD / and HEAD /api/hello (Claude Code probes HEAD / first) are answered from a root
  // hook rather than routes: the host's GET / (the UI) brings its own automatic HEAD route,
  // which would collide with ours. Guards still apply; no token needed.
  decorateRequests(app);
  // Server-Timing on every response of the instance (host routes included); the proxy's
  // hijacked streaming routes set it themselves.
  app.addHook('onSend', async (req, reply, payload) => {
    if (!reply.hasHeader('server-timing'))
      reply.header('server-timing', `proxy;dur=${(performance.now() - (req.syStart ?? performance.now())).toFixed(3)}`);
    return payload;
  });
  app.addHook('onRequest', async (req, reply) => {
    req.syStart = performance.now();
    if (req.method !== 'HEAD') return;
    const path = req.url.split('?')[0];
    if (path !== '/' && path !== '/api/hello') return;
    const start = performance.now();
    try {
      checkHostAndOrigin(req.headers, config.current());
    } catch (e) {
      const err = e as SwitchyardError;
      return reply
        .code(err.status)
        .header('server-timing', `proxy;dur=${(performance.now() - start).toFixed(3)}`)
        .send();
    }
    return reply
      .code(200)
      .header('server-timing', `proxy;dur=${(performance.now() - start).toFixed(3)}`)
      .send();
  });
  app.register(proxyPlugin, { config, deps });
  return app;
}
