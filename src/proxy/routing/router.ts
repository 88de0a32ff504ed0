/**
 * Routing: requested model → lane (provider + upstream model) with a recorded reason.
 *
 * Order (first match decides the base target):
 *  1. an exact route name (`routes[].name`)                       rule "route:<name>"
 *  2. an explicit "provider/model" naming a configured provider    rule "explicit"
 *  3. a client slot: bare slot names ("sonnet"), Claude families
 *     (claude-*-opus-* → opus …), a subagent request (x-claude-code-agent-id) → subagent,
 *     else the client's `default` slot                             rule "slot:<name>"
 *     — a model matching none of these is a 404 listing what exists.
 *  4. only for slot-routed requests, `routing.*` rules in this priority: longContext
 *     (estimate over threshold), background (haiku-class), webSearch, image, think.
 *  5. runtime overrides: a session pin (runtime.pinSession, or the session token's provider)
 *     beats the client's active provider (tray switch; runtime.setActive, else
 *     config routing.active). The override keeps the provider's model choice sane: the
 *     base target's model when it is already on that provider, else the provider's first
 *     `models` entry, else the requested model.
 * Fallbacks: the route's `fallback` list (also used when a slot/rule target names a route's
 * upstream model on the same provider). A target without "/model" uses the requested model.
 */
import { CLAUDE_CODE_SLOTS, type ClientKind, type ResolvedConfig, type ResolvedProvider, type SlotName } from '../../shared/config-schema';
import { SwitchyardError } from '../../shared/errors';
import type { Protocol } from '../../shared/ir';
import type { RoutingDecision } from '../../shared/recording';
import type { ProxyRuntime } from '../types';
import type { RequestFeatures } from './features';

export interface LaneTarget {
  provider: ResolvedProvider;
  model: string;
}

export interface RouteInput {
  config: ResolvedConfig;
  runtime: ProxyRuntime;
  client: ClientKind;
  inbound: Protocol;
  features: RequestFeatures;
  agentId?: string;
  /** Session key for pins (token session, Claude Code session id, Codex session/thread id). */
  sessionId?: string;
  /** Provider pinned by the session token. */
  tokenProviderId?: string;
  /** false for count_tokens: rules about thinking/images do not apply to counting. */
  applyRules: boolean;
}

export interface RouteResult {
  decision: RoutingDecision;
  lanes: LaneTarget[];
}

interface Target {
  providerId: string;
  model: string;
}

function parseTarget(target: string, requested: string): Target {
  const slash = target.indexOf('/');
  if (slash === -1) return { providerId: target, model: requested };
  return { providerId: target.slice(0, slash), model: target.slice(slash + 1) };
}

function findProvider(config: ResolvedConfig, id: string): ResolvedProvider | undefined {
  for (const p of config.providers) if (p.id === id) return p;
  return undefined;
}

function claudeFamily(model: string): SlotName | undefined {
  const m = model.toLowerCase();
  if (m === 'opus' || m === 'sonnet' || m === 'haiku') return m;
  if (!m.includes('claude')) return undefined;
  if (m.includes('opus')) return 'opus';
  if (m.includes('sonnet')) return 'sonnet';
  if (m.includes('haiku')) return 'haiku';
  return undefined;
}

/** Model ids a client can ask for: route names, bare slot names and slot targets. */
export function listModelIds(config: ResolvedConfig, client?: ClientKind): string[] {
  const ids = new Set<string>();
  for (const r of config.routes) ids.add(r.name);
  for (const [kind, slots] of Object.entries(config.slots)) {
    if (client && kind !== client) continue;
    for (const [slot, target] of Object.entries(slots ?? {})) {
      if (!target) continue;
      ids.add(slot);
      ids.add(target);
    }
  }
  return [...ids];
}

function notFound(config: ResolvedConfig, client: ClientKind, model: string): SwitchyardError {
  const ids = listModelIds(config, client);
  return new SwitchyardError(
    'model_not_found',
    `Unknown model "${model}". Available: ${ids.length ? ids.join(', ') : '(none configured)'}`,
    {
      hint: 'Add a route or a slot for it in switchyard.yaml.',
    },
  );
}

function resolveTarget(config: ResolvedConfig, t: Target, where: string): LaneTarget {
  const provider = findProvider(config, t.providerId);
  if (!provider) {
    throw new SwitchyardError('provider_not_found', `${where} names provider "${t.providerId}", which is not configured`, {
      hint: `Use one of: ${config.providers.map((p) => p.id).join(', ') || '(no providers)'}.`,
    });
  }
  return { provider, model: t.model };
}

export function route(input: RouteInput): RouteResult {
  const { config, client, features } = input;
  const requested = features.model;
  if (!requested) throw new SwitchyardError('invalid_request', 'The request has no "model"', { hint: 'Send a model name.' });

  let base: Target | undefined;
  let rule = '';
  let reason = '';
  let fallbacks: string[] = [];
  let viaSlot = false;
  let family: SlotName | undefined;

  const exact = config.routes.find((r) => r.name === requested);
  if (exact) {
    base = { providerId: exact.provider, model: exact.model ?? exact.name };
    rule = `route:${exact.name}`;
    reason = `${requested} → route ${exact.name} → ${base.providerId}/${base.model}`;
    fallbacks = exact.fallback ?? [];
  } else if (requested.includes('/') && findProvider(config, requested.slice(0, requested.indexOf('/')))) {
    base = parseTarget(requested, requested);
    rule = 'explicit';
    reason = `${requested} names a configured provider directly`;
  } else {
    const slots = (config.slots[client] ?? {}) as Partial<Record<SlotName, string>>;
    family = client === 'claude-code' ? claudeFamily(requested) : undefined;
    let slot: SlotName | undefined;
    if ((CLAUDE_CODE_SLOTS as readonly string[]).includes(requested) && slots[requested as SlotName]) slot = requested as SlotName;
    else if (input.agentId && slots.subagent) slot = 'subagent';
    else if (family && slots[family]) slot = family;
    else if (slots.default) slot = 'default';
    if (!slot) throw notFound(config, client, requested);
    base = parseTarget(slots[slot]!, requested);
    rule = `slot:${slot}`;
    const why = slot === 'subagent' ? 'subagent request' : slot === family || slot === requested ? `${slot} slot` : 'default slot';
    reason = `${requested} → ${why} → ${base.providerId}/${base.model}`;
    viaSlot = true;
  }

  // routing.* rules refine slot-routed requests only: an explicit route is the user's choice.
  const rules = config.routing;
  if (viaSlot && input.applyRules && rules) {
    let hit: { target: string; rule: string; why: string } | undefined;
    if (rules.longContext && features.estimatedTokens > rules.longContext.thresholdTokens)
      hit = {
        target: rules.longContext.target,
        rule: 'rule:long-context',
        why: `~${features.estimatedTokens} tokens > ${rules.longContext.thresholdTokens}`,
      };
    else if (rules.background && family === 'haiku')
      hit = { target: rules.background, rule: 'rule:background', why: 'haiku-class background request' };
    else if (rules.webSearch && features.webSearch)
      hit = { target: rules.webSearch, rule: 'rule:web-search', why: 'web_search tool present' };
    else if (rules.image && features.hasImage) hit = { target: rules.image, rule: 'rule:image', why: 'request contains images' };
    else if (rules.think && features.thinking) hit = { target: rules.think, rule: 'rule:think', why: 'thinking requested' };
    if (hit) {
      base = parseTarget(hit.target, requested);
      rule = hit.rule;
      reason = `${requested} → ${hit.why} → ${base.providerId}/${base.model}`;
    }
  }

  // Runtime overrides: session pin > active provider per client.
  const pin = (input.sessionId ? input.runtime.getPin(input.sessionId) : undefined) ?? input.tokenProviderId;
  const active = input.runtime.getActive(client) ?? config.routing?.active?.[client] ?? null;
  const override = pin
    ? { id: pin, rule: 'pin:session', why: 'session pinned to' }
    : active
      ? { id: active, rule: `active:${client}`, why: `${client} switched to` }
      : undefined;
  if (override && override.id !== base.providerId) {
    const p = findProvider(config, override.id);
    const model = p?.models?.[0] ?? requested;
    base = { providerId: override.id, model };
    rule = override.rule;
    reason = `${requested} → ${override.why} ${override.id} → ${override.id}/${model}`;
    fallbacks = [];
  } else if (override) {
    rule = override.rule;
    reason = `${requested} → ${override.why} ${override.id} → ${base.providerId}/${base.model}`;
  }

  const primary = resolveTarget(config, base, rule);
  if (!exact && fallbacks.length === 0) {
    const r = config.routes.find((x) => x.provider === base!.providerId && (x.model ?? x.name) === base!.model);
    if (r?.fallback) fallbacks = r.fallback;
  }
  const lanes: LaneTarget[] = [primary];
  for (const f of fallbacks) {
    const t = parseTarget(f, requested);
    const lane = resolveTarget(config, t, `${rule} fallback`);
    if (!lanes.some((l) => l.provider.id === lane.provider.id && l.model === lane.model)) lanes.push(lane);
  }

  return {
    decision: {
      rule,
      reason,
      requestedModel: requested,
      providerId: primary.provider.id,
      upstreamModel: primary.model,
      upstreamProtocol: primary.provider.protocol,
      passthrough: primary.provider.protocol === input.inbound,
      fallbacks: lanes.slice(1).map((l) => `${l.provider.id}/${l.model}`),
    },
    lanes,
  };
}
