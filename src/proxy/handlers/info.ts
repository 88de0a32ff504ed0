/**
 * GET /v1/models, /healthz, /readyz.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ResolvedConfig } from '../../shared/config-schema';
import { listModelIds } from '../routing/router';
import type { ProxyCore } from './core';

/** OpenAI-shaped list for callers that look like OpenAI clients (no anthropic-version, Codex UA). */
function looksOpenAI(req: FastifyRequest): boolean {
  if (req.headers['anthropic-version'] !== undefined) return false;
  const ua = String(req.headers['user-agent'] ?? '').toLowerCase();
  return req.headers.originator !== undefined || ua.includes('codex') || ua.includes('openai');
}

export function handleModels(core: ProxyCore, req: FastifyRequest, reply: FastifyReply): unknown {
  const ids = listModelIds(core.config.current());
  if (looksOpenAI(req)) {
    return reply.send({ object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'switchyard' })) });
  }
  const data = ids.map((id) => ({ type: 'model', id, display_name: id, created_at: '1970-01-01T00:00:00Z' }));
  return reply.send({ data, has_more: false, first_id: data[0]?.id ?? null, last_id: data[data.length - 1]?.id ?? null });
}

/** Providers any slot points at. */
export function slotProviders(config: ResolvedConfig): Set<string> {
  const ids = new Set<string>();
  for (const slots of Object.values(config.slots)) {
    for (const target of Object.values(slots ?? {})) {
      if (typeof target !== 'string' || !target) continue;
      const slash = target.indexOf('/');
      ids.add(slash === -1 ? target : target.slice(0, slash));
    }
  }
  return ids;
}

export function handleReady(core: ProxyCore, _req: FastifyRequest, reply: FastifyReply): unknown {
  const cfg = core.config.current();
  const health = core.runtime.health(cfg);
  const byId = new Map(health.map((h) => [h.providerId, h]));
  const needed = [...slotProviders(cfg)];
  const problems: string[] = [];
  for (const id of needed) {
    const h = byId.get(id);
    if (!h) problems.push(`${id}: not configured`);
    else if (!h.usable)
      problems.push(`${id}: ${!h.configured ? 'disabled' : !h.keyResolved ? `key missing (${h.keyMissingEnv})` : `circuit ${h.circuit}`}`);
  }
  const ready = problems.length === 0;
  return reply.code(ready ? 200 : 503).send({ ready, configVersion: cfg.version, slotProviders: needed, problems, providers: health });
}

export function handleHealth(core: ProxyCore, _req: FastifyRequest, reply: FastifyReply): unknown {
  return reply.send({ ok: true, configVersion: core.config.current().version, ...core.runtime.stats() });
}
