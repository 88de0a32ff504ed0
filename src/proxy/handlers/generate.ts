/**
 * POST /v1/messages, /v1/chat/completions, /v1/responses: auth already passed (plugin hook);
 * route on the raw JSON, then passthrough or convert, with failover, timeouts and recording.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SwitchyardError, toSwitchyardError } from '../../shared/errors';
import type { Protocol } from '../../shared/ir';
import type { BodyEdit, RoutingDecision } from '../../shared/recording';
import type { ClientContext, ToolNameMap } from '../codecs/codec';
import { redactSecrets } from '../errors/render';
import { Exchange } from '../pipeline/exchange';
import { relayConverted, relayConvertedError } from '../pipeline/convert';
import { relayPassthrough } from '../pipeline/passthrough';
import { Recorder, recordableHeaders } from '../recording/recorder';
import { extractFeatures } from '../routing/features';
import { route, type LaneTarget } from '../routing/router';
import { createToolNameMap, decodeRequest, encodeRequest, stripUnsignedThinking } from '../translate/index';
import { modelEditOf, rewriteModel } from '../pipeline/model-rewrite';
import { stringifyBody } from '../pipeline/json-out';
import { forward, type PreparedRequest } from '../upstream/forward';
import { clientResponseHeaders, laneTimeouts, upstreamHeaders } from '../upstream/lanes';
import type { IRRequest } from '../../shared/ir';
import { secretsOf, type ProxyCore } from './core';
import { clientKindOf, sessionHintsOf, sessionKeyOf } from './session';

type Obj = Record<string, unknown>;
/** The client's request as parsed JSON and as received. */
interface Bodies {
  body: Obj | undefined;
  raw: Buffer | undefined;
  /** `raw` decoded, when the JSON parser kept it. */
  text: string | undefined;
}

function placeholderDecision(model: string, inbound: Protocol, reason: string): RoutingDecision {
  return {
    rule: 'none',
    reason,
    requestedModel: model,
    providerId: '',
    upstreamModel: '',
    upstreamProtocol: inbound,
    passthrough: false,
    fallbacks: [],
  };
}

export async function handleGenerate(core: ProxyCore, req: FastifyRequest, reply: FastifyReply, inbound: Protocol): Promise<void> {
  reply.hijack();
  const cfg = core.config.current();
  // The bodies move into `run`, which lets go of them once they are upstream: with 256
  // streams in flight, each holding its ~90 KB request (bytes, text and parsed object)
  // for the whole answer is most of the proxy's memory.
  const bodies: Bodies = { body: req.body as Obj | undefined, raw: req.syRawBody, text: req.syRawText };
  req.body = undefined;
  req.syRawBody = req.syRawText = undefined;
  const id = randomUUID();
  const sink = core.deps.sink;
  // Held until the request is on its way upstream (see run), released at the latest here.
  const rec =
    sink && cfg.recording.enabled
      ? new Recorder(sink, id, (e) => core.deps.logger?.warn(`recording sink threw: ${String(e)}`), { hold: true })
      : null;
  const auth = req.syAuth;
  const client = clientKindOf(inbound, req.headers);
  const model = bodies.body && typeof bodies.body.model === 'string' ? bodies.body.model : '';
  const x = new Exchange(
    id,
    reply.raw,
    inbound,
    client,
    req.syStart,
    rec,
    secretsOf(core, auth?.token),
    placeholderDecision(model, inbound, 'not routed'),
  );
  core.internals.beginExchange(id, (reason) => x.abort(reason ?? 'cancel'));
  try {
    await run(core, req, x, inbound, bodies);
  } catch (e) {
    x.fail(e);
  } finally {
    rec?.release();
    core.internals.endExchange(id);
  }
}

async function run(core: ProxyCore, req: FastifyRequest, x: Exchange, inbound: Protocol, bodies: Bodies): Promise<void> {
  // `requestBody` is the only reference to the parsed body kept across awaits (no const copy):
  // it is let go before the request goes upstream when no lane needs it (see below).
  let { body: requestBody, raw } = bodies;
  // Decoded once (by the JSON parser) for recording: start and an untouched passthrough
  // upstream body share it.
  let rawText = bodies.text;
  bodies.body = bodies.raw = bodies.text = undefined;
  const cfg = core.config.current();
  const rawLength = raw?.length ?? 0;
  const features = extractFeatures(inbound, requestBody && typeof requestBody === 'object' ? requestBody : {}, rawLength);
  const session = sessionHintsOf(req.headers, req.syAuth, features.user);
  const rawString = (): string => (rawText ??= raw ? raw.toString('utf8') : '');
  const startEvent = (routing: RoutingDecision): void => {
    x.rec?.emit({
      type: 'start',
      client: x.client,
      inboundProtocol: inbound,
      method: req.method,
      path: req.url,
      headers: recordableHeaders(req.headers),
      clientRequestBody: rawString(),
      stream: features.stream,
      session,
      routing,
    });
  };

  let lanes: LaneTarget[];
  try {
    checkBody(requestBody);
    const r = route({
      config: cfg,
      runtime: core.runtime,
      client: x.client,
      inbound,
      features,
      agentId: session.agentId,
      sessionId: sessionKeyOf(session),
      tokenProviderId: req.syAuth?.session?.providerId,
      applyRules: true,
    });
    lanes = r.lanes;
    x.routing = r.decision;
    startEvent(r.decision);
  } catch (e) {
    const err = toSwitchyardError(e);
    startEvent(placeholderDecision(features.model, inbound, err.message));
    throw err;
  }

  x.startTotalTimer(laneTimeouts(lanes[0]!.provider, core.timeouts).totalMs);
  const query = inbound === 'anthropic' ? queryOf(req.url) : '';
  let toolNames: ToolNameMap | undefined;
  let ir: IRRequest | undefined;
  const getToolNames = (): ToolNameMap => (toolNames ??= createToolNameMap(64));

  // Upstream bodies that are the client's with only the model changed, recorded as that edit.
  const edits = new WeakMap<Buffer, BodyEdit>();
  const upstreamBody = (b: string | Buffer): { upstreamRequestBody: string; upstreamRequestEdit?: BodyEdit } => {
    if (typeof b === 'string') return { upstreamRequestBody: b };
    if (b === raw) return { upstreamRequestBody: rawString() };
    const edit = edits.get(b);
    return edit && rawText !== undefined
      ? { upstreamRequestBody: '', upstreamRequestEdit: edit }
      : { upstreamRequestBody: b.toString('utf8') };
  };

  // History from turns another lane answered carries unsigned thinking, which Anthropic
  // rejects; it is stripped (the same object comes back when there is none, the usual case).
  const { rawIsClean, cleaned } = strippedBody(inbound, requestBody, raw);
  // Passthrough lanes send the client's bytes as they are: when every lane is one and no
  // thinking needs stripping, the parsed body is let go now. With 256 requests waiting for
  // their upstream's first byte, their parsed ~90 KB bodies were most of the proxy's heap.
  if (rawIsClean && lanes.every((l) => l.provider.protocol === inbound)) requestBody = undefined;

  const prepare = (lane: LaneTarget): PreparedRequest => {
    const passthrough = lane.provider.protocol === inbound;
    const headers = upstreamHeaders(lane.provider, inbound, req.headers, passthrough, core.userAgent);
    if (passthrough) {
      // Untouched bytes when nothing changed; a mapped model is rewritten in the raw bytes;
      // only stray thinking forces a re-serialization.
      let bytes: Buffer | string | undefined;
      if (rawIsClean && raw) {
        if (lane.model === features.model) bytes = raw;
        else {
          const r = rewriteModel(raw, lane.model);
          if (r) {
            bytes = r.body;
            const edit = x.rec ? modelEditOf(raw, r) : undefined;
            if (edit) edits.set(bytes, edit);
          }
        }
      }
      // (The model field could not be rewritten in place: the parsed body, parsed again if let go.)
      bytes ??= JSON.stringify({ ...(cleaned ?? requestBody ?? (JSON.parse(rawString()) as Obj)), model: lane.model });
      return { body: bytes, headers };
    }
    // Validated above; kept whenever a lane converts, released once forward() is done.
    const body = requestBody;
    if (!body) throw new SwitchyardError('internal', 'the request body was released before it was sent');
    ir ??= decodeRequest(inbound, body);
    const encoded = encodeRequest(
      lane.provider.protocol,
      { ...ir, model: lane.model },
      {
        upstreamModel: lane.model,
        provider: lane.provider,
        toolNames: getToolNames(),
        effortTable: cfg.routing?.effortTable,
      },
    );
    return { body: stringifyBody(encoded), headers };
  };

  const forwarding = forward({
    lanes,
    endpoint: 'messages',
    query,
    pools: core.pools,
    internals: core.internals,
    defaults: core.timeouts,
    retry: core.retry,
    signal: x.signal,
    abortError: () => x.abortError(),
    prepare,
    secrets: x.secrets,
    onAttempt: (info) => {
      x.dispatchedAt ??= performance.now();
      x.attempts = info.attempt;
      x.rec?.emit({
        type: 'upstream_request',
        attempt: info.attempt,
        providerId: info.lane.provider.id,
        upstreamProtocol: info.lane.provider.protocol,
        url: info.url,
        ...upstreamBody(info.body),
        routing: x.routing,
      });
    },
    onResponse: (info, status, headers) => {
      x.rec?.emit({ type: 'upstream_response', attempt: info.attempt, status, headers: clientResponseHeadersAll(headers) });
    },
  });
  // The recording's first events wait for this immediate: undici writes a request on a kept-alive
  // socket in an immediate queued by the call above, so this one runs once the request is out.
  if (x.rec) {
    const rec = x.rec;
    setImmediate(() => rec.release());
  }
  const result = await forwarding;
  // Sent (retries and fallbacks are over): only the answer matters from here on.
  const tools = ir?.tools;
  requestBody = raw = ir = rawText = undefined;
  result.info.body = '';
  x.upstreamHeadAt = result.headAt;
  x.attempts = result.attempts;
  const lane = result.info.lane;
  const passthrough = lane.provider.protocol === inbound;

  if (result.kind === 'error-response') {
    if (passthrough) {
      x.writeHead(
        result.status,
        { ...clientResponseHeaders(result.headers), 'content-type': String(result.headers['content-type'] ?? 'application/json') },
        false,
      );
      // Upstream error text can echo the lane key: the client gets it scrubbed, the recording raw.
      x.end(redactSecrets(result.body, x.secrets));
      x.finish({
        status: result.status,
        partial: false,
        errorClass: 'upstream_error',
        errorMessage: `${lane.provider.id}: HTTP ${result.status}`,
        upstreamResponseBody: result.body,
        finalProviderId: lane.provider.id,
        finalModel: lane.model,
      });
    } else relayConvertedError(x, lane, result.status, result.headers, result.body);
    return;
  }
  if (passthrough) {
    await relayPassthrough(x, result.res, lane, { internals: core.internals, pingIntervalMs: core.pingIntervalMs });
    return;
  }
  const ctx: ClientContext = { requestedModel: features.model, toolNames: getToolNames(), estimatedInputTokens: features.estimatedTokens };
  if (tools) ctx.tools = tools;
  await relayConverted(x, result.res, lane, {
    internals: core.internals,
    pingIntervalMs: core.pingIntervalMs,
    ctx,
    stream: features.stream,
  });
}

/** Fields the proxy itself interprets are checked here; the rest is the upstream's to validate. */
function checkBody(body: unknown): asserts body is Obj {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new SwitchyardError('invalid_request', 'The request body must be a JSON object');
  const b = body as Obj;
  if (b.model !== undefined && typeof b.model !== 'string') throw new SwitchyardError('invalid_request', '"model" must be a string');
  if (b.stream !== undefined && b.stream !== null && typeof b.stream !== 'boolean')
    throw new SwitchyardError('invalid_request', '"stream" must be true or false');
}

/**
 * Whether the client's bytes can go to a passthrough lane as they are, else the body with
 * unsigned thinking stripped. (A function of its own: run() holds no extra reference to the
 * parsed body across its awaits.)
 */
function strippedBody(inbound: Protocol, body: Obj | undefined, raw: Buffer | undefined): { rawIsClean: boolean; cleaned?: Obj } {
  const stripped = inbound === 'anthropic' && body ? stripUnsignedThinking(body) : body;
  return stripped === body && raw !== undefined ? { rawIsClean: true } : { rawIsClean: false, cleaned: stripped };
}

function queryOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? '' : url.slice(q);
}

function clientResponseHeadersAll(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
