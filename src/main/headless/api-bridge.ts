/**
 * The typed IPC contract over HTTP for the headless host: `POST /api/<channel>` with JSON
 * args and `GET /api/events` as SSE. Both require the app token and a loopback Host; a
 * browser Origin is accepted only when it is this server's own origin (the web UI).
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CHANNELS, type Channel, type IpcEnvelope, type IpcHandlers } from '../../shared/ipc-contract';
import { SwitchyardError, toSwitchyardError } from '../../shared/errors';
import { isLoopbackHost } from '../../proxy/guards';
import type { EventBus } from '../services/events';

const channelSet = new Set<string>(CHANNELS);

export interface ApiBridgeOptions {
  handlers: IpcHandlers;
  events: EventBus;
  appToken: string;
}

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (typeof h === 'string' && h.toLowerCase().startsWith('bearer ')) return h.slice(7).trim();
  const x = req.headers['x-switchyard-token'];
  return typeof x === 'string' ? x : undefined;
}

/** Same-origin check: the Origin's host must equal the Host header (the UI served here). */
export function isSameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const o = new URL(origin);
    return o.host === req.headers.host && isLoopbackHost(o.host);
  } catch {
    return false;
  }
}

function deny(reply: FastifyReply, err: SwitchyardError): FastifyReply {
  const body: IpcEnvelope<never> = { ok: false, error: err.toJSON() };
  return reply.code(err.status).send(body);
}

export function guardApi(req: FastifyRequest, reply: FastifyReply, appToken: string): boolean {
  if (!isLoopbackHost(req.headers.host ?? '')) {
    deny(
      reply,
      new SwitchyardError('forbidden_host', 'Host header is not a loopback name.', { hint: 'Open Switchyard via http://127.0.0.1.' }),
    );
    return false;
  }
  if (!isSameOrigin(req)) {
    deny(reply, new SwitchyardError('forbidden_origin', 'Cross-origin requests to the Switchyard API are refused.'));
    return false;
  }
  const token = bearer(req);
  if (!token) {
    deny(
      reply,
      new SwitchyardError('auth_missing_token', 'Missing app token.', {
        hint: 'Send "authorization: Bearer <token>" (the token is in <data-dir>/app-token).',
      }),
    );
    return false;
  }
  if (token !== appToken) {
    deny(reply, new SwitchyardError('auth_invalid_token', 'Invalid app token.', { hint: 'Use the token in <data-dir>/app-token.' }));
    return false;
  }
  return true;
}

export async function registerApiBridge(app: FastifyInstance, opts: ApiBridgeOptions): Promise<void> {
  app.post<{ Params: { channel: string } }>('/api/:channel', async (req, reply) => {
    if (!guardApi(req, reply, opts.appToken)) return reply;
    const { channel } = req.params;
    if (!channelSet.has(channel)) {
      return deny(reply, new SwitchyardError('not_found', `Unknown channel "${channel}".`, { hint: `Channels: ${CHANNELS.join(', ')}` }));
    }
    const handler = opts.handlers[channel as Channel] as (args: unknown) => Promise<unknown>;
    try {
      const result = await handler(req.body ?? undefined);
      const body: IpcEnvelope<unknown> = { ok: true, result: result ?? null };
      return reply.send(body);
    } catch (e) {
      const err = toSwitchyardError(e);
      const body: IpcEnvelope<never> = { ok: false, error: err.toJSON() };
      return reply.code(err.status >= 400 && err.status < 600 ? err.status : 500).send(body);
    }
  });

  // Open event streams end as soon as shutdown starts, so an open UI does not hold it up.
  const openStreams = new Set<ServerResponse>();
  app.addHook('preClose', (done) => {
    for (const res of openStreams) res.end();
    openStreams.clear();
    done();
  });

  app.get('/api/events', (req, reply) => {
    if (!guardApi(req, reply, opts.appToken)) return reply;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(': connected\n\n');
    const off = opts.events.onAny((event, payload) => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    });
    // Comments keep proxies and the browser from timing out an idle stream.
    const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
    heartbeat.unref();
    openStreams.add(res);
    const done = () => {
      clearInterval(heartbeat);
      off();
      openStreams.delete(res);
    };
    req.raw.on('close', done);
    res.on('error', done);
  });
}
