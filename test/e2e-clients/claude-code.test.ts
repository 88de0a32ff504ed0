/**
 * The real Claude Code CLI through Switchyard's headless proxy to the scripted upstream:
 * an Anthropic passthrough lane (issue 3) and the two OpenAI lanes (issue 4), each playing a
 * Read tool round trip. Asserts what the user sees (the printed answer), what the provider
 * received (lane key, never the client token; the lane's protocol; the routed model) and what
 * Switchyard recorded (one session keyed by Claude Code's x-claude-code-session-id).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { skipReason } from './clients';
import { createHarness, describeRun, LANE_IDS, LANE_KEYS, UPSTREAM_MODEL } from './harness';
import { estimateTokens, lastToolResult, type RecordedRequest, type WireProtocol } from './scripted-upstream';
import { expectedFinal, markerToolPlan, writeMarker } from './scenario';

const LANE_PATH: Record<WireProtocol, string> = {
  anthropic: '/v1/messages',
  'openai-chat': '/v1/chat/completions',
  'openai-responses': '/v1/responses',
};

/** No header the provider received may carry the client's token. */
function expectNoClientToken(req: RecordedRequest, token: string): void {
  for (const [name, value] of Object.entries(req.headers)) expect(String(value), `header ${name}`).not.toContain(token);
}

function expectLaneKey(req: RecordedRequest, lane: WireProtocol): void {
  if (lane === 'anthropic') expect(req.headers['x-api-key']).toBe(LANE_KEYS.anthropic);
  else expect(req.headers.authorization).toBe(`Bearer ${LANE_KEYS[lane]}`);
}

describe.skipIf(skipReason('claude'))('Claude Code through Switchyard', () => {
  const h = createHarness();
  afterEach(() => h.cleanup());

  async function toolTurnThrough(lane: WireProtocol) {
    const { home, work } = h.home();
    const marker = writeMarker(work);
    const up = await h.upstream({ toolPlan: markerToolPlan(marker) });
    const sy = await h.switchyard({ upstream: up, lane });
    const token = sy.host.ctx.appToken;
    const r = await h.claude(['-p', 'What does marker.txt say?', '--output-format', 'json'], {
      env: h.claudeEnv(home, sy.host.url, token),
      cwd: work,
    });
    const turns = up.turns();
    const context = `${describeRun(r)}\n--- upstream saw ---\n${turns.map((t) => `${t.method} ${t.url}`).join('\n')}`;
    expect(r.code, context).toBe(0);
    const out = JSON.parse(r.stdout) as {
      result: string;
      session_id: string;
      is_error: boolean;
      usage: { input_tokens: number; output_tokens: number; cache_read_input_tokens: number; cache_creation_input_tokens: number };
    };
    expect(out.is_error, context).toBe(false);
    expect(out.result, context).toMatch(expectedFinal(marker));

    // First turn asked for the tool, second carried its result back in the lane's protocol.
    expect(turns, context).toHaveLength(2);
    for (const t of turns) {
      // Anthropic's `?beta=true` belongs to the Messages API: it may pass through, never onto an OpenAI lane.
      if (lane === 'anthropic') expect(t.url.split('?')[0]).toBe(LANE_PATH[lane]);
      else expect.soft(t.url).toBe(LANE_PATH[lane]);
      expect(t.protocol).toBe(lane);
      expect(t.body?.model).toBe(UPSTREAM_MODEL);
      expectLaneKey(t, lane);
      expectNoClientToken(t, token);
    }
    // Nothing the client said is lost in translation: the user's prompt and
    // Claude Code's mid-conversation role:"system" turn (environment block) reach every lane.
    for (const t of turns) {
      const sent = JSON.stringify(t.body);
      expect(sent).toContain('What does marker.txt say?');
      expect(sent).toContain('# Environment');
    }
    // Usage survives translation: the mock reports round(chars/4) input and 7 output tokens
    // per request, and Claude Code sums them over the turn.
    expect(out.usage.output_tokens, context).toBe(14);
    expect(out.usage.input_tokens + out.usage.cache_read_input_tokens + out.usage.cache_creation_input_tokens, context).toBe(
      turns.reduce((sum, t) => sum + estimateTokens(t.rawLength), 0),
    );
    expect(lastToolResult(lane, turns[0]!.body!)).toBeNull();
    expect(lastToolResult(lane, turns[1]!.body!)).toContain(marker.content);
    return { out, turns, sy, token };
  }

  it('anthropic passthrough lane: answer printed, lane key upstream, Anthropic headers verbatim', { timeout: 60_000 }, async () => {
    const { turns } = await toolTurnThrough('anthropic');
    for (const t of turns) {
      expect(t.headers['anthropic-version']).toBe('2023-06-01');
      expect(String(t.headers['anthropic-beta'])).toContain('claude-code-20250219');
      expect(t.headers.authorization).toBeUndefined();
    }
  });

  it('records the turn as one stored session keyed by x-claude-code-session-id', { timeout: 60_000 }, async () => {
    const { out, sy } = await toolTurnThrough('anthropic');
    const store = sy.host.ctx.store;
    expect(store, 'trajectory store did not open (src/main/headless/wire-store.ts returned null)').not.toBeNull();
    await store!.flush();
    const { sessions } = await sy.host.app.handlers['sessions:list']({});
    const session = sessions.find((s) => s.externalId === out.session_id);
    expect(
      session,
      `no session with externalId ${out.session_id}; have ${JSON.stringify(sessions.map((s) => s.externalId))}`,
    ).toBeDefined();
    expect(session!.client).toBe('claude-code');
    expect(session!.exchangeCount).toBe(2);
    expect(session!.providers).toContain(LANE_IDS.anthropic);
  });

  it('openai-chat lane: the Read tool call and its result cross the translation both ways', { timeout: 60_000 }, async () => {
    const { turns } = await toolTurnThrough('openai-chat');
    const second = turns[1]!.body!.messages as Array<{ role: string; tool_calls?: Array<{ function: { name: string } }> }>;
    expect(second.some((m) => m.role === 'assistant' && m.tool_calls?.[0]?.function.name === 'Read')).toBe(true);
  });

  it('openai-responses lane: the Read tool call and its result cross the translation both ways', { timeout: 60_000 }, async () => {
    const { turns } = await toolTurnThrough('openai-responses');
    const input = turns[1]!.body!.input as Array<{ type: string; name?: string }>;
    expect(input.some((i) => i.type === 'function_call' && i.name === 'Read')).toBe(true);
  });

  it('`switchyard serve` as a child process serves a real claude -p turn and stops cleanly on SIGTERM', { timeout: 90_000 }, async () => {
    const { home, work } = h.home();
    const marker = writeMarker(work);
    const up = await h.upstream({ toolPlan: markerToolPlan(marker) });
    const serve = await h.serveProcess({ upstream: up, lane: 'anthropic' });
    const r = await h.claude(['-p', 'What does marker.txt say?', '--output-format', 'json'], {
      env: h.claudeEnv(home, serve.url, serve.token),
      cwd: work,
    });
    expect(r.code, describeRun(r)).toBe(0);
    expect((JSON.parse(r.stdout) as { result: string }).result).toMatch(expectedFinal(marker));
    expect(up.turns().every((t) => t.headers['x-api-key'] === LANE_KEYS.anthropic)).toBe(true);
    const stopped = await serve.stop();
    expect(stopped.code, describeRun(stopped)).toBe(0);
    // One log line per exchange, naming the lane that answered.
    expect(stopped.stdout.match(/mock-anthropic\/mock-upstream-model/g), stopped.stdout).toHaveLength(2);
  });
});
