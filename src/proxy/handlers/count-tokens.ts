/**
 * POST /v1/messages/count_tokens: Anthropic lanes answer it themselves (model rewritten);
 * other lanes — and Anthropic-protocol lanes that do not implement it (404/405/501) or
 * cannot be reached — get a local o200k_base estimate.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SwitchyardError } from '../../shared/errors';
import { redactSecrets, renderErrorBody } from '../errors/render';
import { AbortFlag } from '../pipeline/abort-flag';
import { extractFeatures } from '../routing/features';
import { route } from '../routing/router';
import { estimateAnthropicTokens } from '../tokens/estimate';
import { forward } from '../upstream/forward';
import { clientResponseHeaders, upstreamHeaders } from '../upstream/lanes';
import { secretsOf, type ProxyCore } from './core';
import { clientKindOf, sessionHintsOf, sessionKeyOf } from './session';

type Obj = Record<string, unknown>;

function timing(req: FastifyRequest): string {
  return `proxy;dur=${(performance.now() - req.syStart).toFixed(3)}`;
}

export async function handleCountTokens(core: ProxyCore, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const cfg = core.config.current();
  const body = req.body as Obj | undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new SwitchyardError('invalid_request', 'The request body must be a JSON object');
  const features = extractFeatures('anthropic', body, req.syRawBody?.length ?? 0);
  const session = sessionHintsOf(req.headers, req.syAuth, features.user);
  const { lanes, decision } = route({
    config: cfg,
    runtime: core.runtime,
    client: clientKindOf('anthropic', req.headers),
    inbound: 'anthropic',
    features,
    agentId: session.agentId,
    sessionId: sessionKeyOf(session),
    tokenProviderId: req.syAuth?.session?.providerId,
    applyRules: false,
  });
  // Only when the primary lane speaks Anthropic: a fallback's count would describe another model.
  const anthropicLanes =
    lanes[0]!.provider.protocol === 'anthropic'
      ? lanes.filter((l) => l.provider.protocol === 'anthropic' && l.provider.apiKeyMissing === undefined)
      : [];
  reply.header('x-switchyard-route', decision.rule);
  if (anthropicLanes.length > 0) {
    const signal = new AbortFlag();
    const secrets = secretsOf(core, req.syAuth?.token);
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) signal.abort();
    });
    try {
      const result = await forward({
        lanes: anthropicLanes,
        endpoint: 'count_tokens',
        pools: core.pools,
        internals: core.internals,
        defaults: core.timeouts,
        retry: { ...core.retry, maxRetries: Math.min(core.retry.maxRetries, 1) },
        signal,
        abortError: () => new SwitchyardError('client_abort', 'The client closed the connection', { status: 499 }),
        secrets,
        prepare: (lane) => ({
          body: lane.model === features.model && req.syRawBody ? req.syRawBody : JSON.stringify({ ...body, model: lane.model }),
          headers: upstreamHeaders(lane.provider, 'anthropic', req.headers, true, core.userAgent),
        }),
      });
      const status = result.kind === 'response' ? result.res.statusCode : result.status;
      if (![404, 405, 501].includes(status)) {
        const text = result.kind === 'response' ? await result.res.body.text() : result.body;
        const headers = result.kind === 'response' ? result.res.headers : result.headers;
        reply
          .code(status)
          .headers(clientResponseHeaders(headers))
          .header('content-type', 'application/json')
          .header('server-timing', timing(req));
        // An upstream error may echo the lane key back.
        return reply.send(redactSecrets(text, secrets));
      }
      if (result.kind === 'response') await result.res.body.dump();
    } catch (e) {
      if (signal.aborted) return;
      core.deps.logger?.warn(`count_tokens upstream failed, estimating locally: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  try {
    const input_tokens = await estimateAnthropicTokens(body);
    reply.header('x-switchyard-estimate', 'o200k_base').header('server-timing', timing(req));
    return reply.send({ input_tokens });
  } catch (e) {
    const err = new SwitchyardError('internal', `Token estimate failed: ${e instanceof Error ? e.message : String(e)}`);
    return reply.code(err.status).send(renderErrorBody('anthropic', err));
  }
}
