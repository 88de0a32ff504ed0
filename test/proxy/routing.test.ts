import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { extractFeatures } from '../../src/proxy/routing/features';
import { route } from '../../src/proxy/routing/router';
import { createProxyRuntime } from '../../src/proxy/runtime';
import type { ClientKind } from '../../src/shared/config-schema';
import type { Protocol } from '../../src/shared/ir';
import { configYaml, messagesBody, post, resolve, startHarness, type Harness } from './harness';

const RULES = `routing:
  background: oai/bg-model
  think: oai/think-model
  longContext: { target: oai/long-model, thresholdTokens: 1000 }
  image: oai/vision-model
  webSearch: oai/search-model
`;

function decide(
  body: Record<string, unknown>,
  opts: {
    yaml?: string;
    client?: ClientKind;
    inbound?: Protocol;
    agentId?: string;
    sessionId?: string;
    runtime?: ReturnType<typeof createProxyRuntime>;
  } = {},
) {
  const config = resolve(opts.yaml ?? configYaml('http://127.0.0.1:9', RULES));
  const inbound = opts.inbound ?? 'anthropic';
  const raw = JSON.stringify(body);
  return route({
    config,
    runtime: opts.runtime ?? createProxyRuntime(),
    client: opts.client ?? 'claude-code',
    inbound,
    features: extractFeatures(inbound, body, raw.length),
    agentId: opts.agentId,
    sessionId: opts.sessionId,
    applyRules: true,
  });
}

describe('routing decisions', () => {
  it('exact route names win and keep their fallbacks', () => {
    const r = decide(messagesBody('with-fallback', { thinking: { type: 'adaptive' } }));
    expect(r.decision).toMatchObject({
      rule: 'route:with-fallback',
      providerId: 'anthropic',
      upstreamModel: 'primary-model',
      passthrough: true,
      fallbacks: ['backup/backup-model'],
    });
    expect(r.lanes.map((l) => l.provider.id)).toEqual(['anthropic', 'backup']);
  });

  it('maps Claude families to slots, with a readable reason', () => {
    const r = decide(messagesBody('claude-opus-4-1-20250805'));
    expect(r.decision).toMatchObject({ rule: 'slot:opus', providerId: 'anthropic', upstreamModel: 'claude-opus-4-1' });
    expect(r.decision.reason).toContain('opus slot');
    expect(decide(messagesBody('sonnet')).decision.rule).toBe('slot:sonnet');
  });

  it('applies routing rules to slot-routed requests in priority order', () => {
    expect(decide(messagesBody('claude-3-5-haiku-20241022')).decision).toMatchObject({
      rule: 'rule:background',
      providerId: 'oai',
      upstreamModel: 'bg-model',
      passthrough: false,
    });
    expect(decide(messagesBody('claude-sonnet-4-6', { thinking: { type: 'enabled', budget_tokens: 1000 } })).decision.rule).toBe(
      'rule:think',
    );
    expect(decide(messagesBody('claude-sonnet-4-6', { thinking: { type: 'disabled' } })).decision.rule).toBe('slot:sonnet');
    const img = {
      role: 'user',
      content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'A'.repeat(50_000) } }],
    };
    // inline image data does not count toward long context
    expect(decide(messagesBody('claude-sonnet-4-6', { messages: [img] })).decision.rule).toBe('rule:image');
    expect(decide(messagesBody('claude-sonnet-4-6', { tools: [{ type: 'web_search_20250305', name: 'web_search' }] })).decision.rule).toBe(
      'rule:web-search',
    );
    const long = decide(
      messagesBody('claude-sonnet-4-6', { thinking: { type: 'adaptive' }, messages: [{ role: 'user', content: 'x'.repeat(8000) }] }),
    );
    expect(long.decision).toMatchObject({ rule: 'rule:long-context', upstreamModel: 'long-model' });
    expect(long.decision.reason).toMatch(/tokens > 1000/);
  });

  it('does not apply rules to explicit routes', () => {
    expect(decide(messagesBody('claude-sonnet-4-5', { thinking: { type: 'enabled' } })).decision.rule).toBe('route:claude-sonnet-4-5');
  });

  it('routes subagent requests to the subagent slot', () => {
    const yaml = configYaml('http://127.0.0.1:9').replace(
      'haiku: anthropic/haiku-upstream }',
      'haiku: anthropic/haiku-upstream, subagent: oai/sub-model }',
    );
    expect(decide(messagesBody('claude-sonnet-4-6'), { yaml, agentId: 'agent-1' }).decision).toMatchObject({
      rule: 'slot:subagent',
      upstreamModel: 'sub-model',
    });
  });

  it('routes Codex models through the codex default slot and explicit provider/model names directly', () => {
    const body = { model: 'o3', input: 'hi' };
    expect(decide(body, { client: 'codex', inbound: 'openai-responses' }).decision).toMatchObject({
      rule: 'slot:default',
      providerId: 'resp',
      upstreamModel: 'gpt-5',
      passthrough: true,
    });
    expect(decide(messagesBody('oai/some-model')).decision).toMatchObject({
      rule: 'explicit',
      providerId: 'oai',
      upstreamModel: 'some-model',
    });
  });

  it('throws model_not_found listing the known names', () => {
    expect(() => decide(messagesBody('llama-3'))).toThrow(/Unknown model "llama-3".*claude-sonnet-4-5/);
  });

  it('lets the active provider override slots, picking a sensible model', () => {
    const runtime = createProxyRuntime();
    runtime.setActive('claude-code', 'oai');
    const r = decide(messagesBody('claude-sonnet-4-6'), { runtime });
    // oai is not the slot's provider: its first models entry is used
    expect(r.decision).toMatchObject({ rule: 'active:claude-code', providerId: 'oai', upstreamModel: 'gpt-mock-1' });
    runtime.setActive('claude-code', 'anthropic');
    // slot already on anthropic: keep the slot's model
    expect(decide(messagesBody('claude-sonnet-4-6'), { runtime }).decision).toMatchObject({
      providerId: 'anthropic',
      upstreamModel: 'sonnet-upstream',
      rule: 'active:claude-code',
    });
    runtime.setActive('claude-code', 'backup');
    // no models listed: the requested model goes through
    expect(decide(messagesBody('claude-sonnet-4-6'), { runtime }).decision).toMatchObject({
      providerId: 'backup',
      upstreamModel: 'claude-sonnet-4-6',
    });
  });

  it('lets a session pin beat the active provider', () => {
    const runtime = createProxyRuntime();
    runtime.setActive('claude-code', 'oai');
    runtime.pinSession('sess-1', 'backup');
    expect(decide(messagesBody('claude-sonnet-4-6'), { runtime, sessionId: 'sess-1' }).decision).toMatchObject({
      rule: 'pin:session',
      providerId: 'backup',
    });
    expect(decide(messagesBody('claude-sonnet-4-6'), { runtime, sessionId: 'other' }).decision.providerId).toBe('oai');
  });
});

describe('routing through the running proxy', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());
  beforeEach(() => h.mock.reset());

  it('applies a runtime switch and a session pin (x-claude-code-session-id) to the next request', async () => {
    await post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-6'));
    expect(h.mock.requests[0]!.body?.model).toBe('sonnet-upstream');
    h.runtime.pinSession('cc-session-9', 'backup');
    await post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-6'), {
      authorization: 'Bearer sy-app-token-1234567890',
      'content-type': 'application/json',
      'x-claude-code-session-id': 'cc-session-9',
    });
    expect(h.mock.requests[1]!.path).toBe('/backup/v1/messages');
    const start = h.events.filter((e) => e.type === 'start').pop();
    expect(start?.type === 'start' && start.routing.rule).toBe('pin:session');
    h.runtime.pinSession('cc-session-9', null);
  });

  it('applies a config reload to the next request without dropping an in-flight stream', async () => {
    h.mock.enqueue('gap:100,deltas:5');
    const inflight = post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-6', { stream: true }));
    await h.mock.waitForRequests(1);
    h.source.set(configYaml(h.mock.url).replace('sonnet: anthropic/sonnet-upstream', 'sonnet: backup/reloaded-model'));
    const next = await post(`${h.url}/v1/messages`, messagesBody('claude-sonnet-4-6'));
    expect(next.status).toBe(200);
    expect(h.mock.requests[1]!.body?.model).toBe('reloaded-model');
    expect(h.mock.requests[1]!.path).toBe('/backup/v1/messages');
    const first = await inflight;
    expect(first.text).toContain('message_stop');
    expect(h.mock.requests[0]!.body?.model).toBe('sonnet-upstream');
  });
});
