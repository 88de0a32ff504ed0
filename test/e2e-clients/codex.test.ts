/**
 * The real Codex CLI (Responses API only) through Switchyard to the scripted upstream over a
 * Responses passthrough lane, a Chat Completions lane and an Anthropic lane (issue 4). Each run
 * plays an exec_command (`cat marker.txt`) round trip in the temp work dir; the random marker
 * in the final answer proves the command ran and its output travelled back through the lane.
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

function expectLaneKeyOnly(req: RecordedRequest, lane: WireProtocol, clientToken: string): void {
  if (lane === 'anthropic') expect(req.headers['x-api-key']).toBe(LANE_KEYS.anthropic);
  else expect(req.headers.authorization).toBe(`Bearer ${LANE_KEYS[lane]}`);
  for (const [name, value] of Object.entries(req.headers)) expect(String(value), `header ${name}`).not.toContain(clientToken);
}

describe.skipIf(skipReason('codex'))('Codex through Switchyard', () => {
  const h = createHarness();
  afterEach(() => h.cleanup());

  async function toolTurnThrough(lane: WireProtocol) {
    const { home, work } = h.home();
    const marker = writeMarker(work);
    const up = await h.upstream({ toolPlan: markerToolPlan(marker) });
    const sy = await h.switchyard({ upstream: up, lane });
    const token = sy.host.ctx.appToken;
    h.writeCodexConfig(home, sy.host.url);
    const r = await h.codex(['exec', '--skip-git-repo-check', 'What does marker.txt say?'], { env: h.codexEnv(home, token), cwd: work });
    const turns = up.turns();
    const context = `${describeRun(r)}\n--- upstream saw ---\n${turns.map((t) => `${t.method} ${t.url}`).join('\n')}`;
    expect(r.code, context).toBe(0);
    expect(r.stdout, context).toMatch(expectedFinal(marker));
    // Codex echoes the command it ran: the tool call crossed the lane intact.
    expect(r.stderr, context).toContain('cat marker.txt');

    expect(turns, context).toHaveLength(2);
    for (const t of turns) {
      expect(t.url.split('?')[0]).toBe(LANE_PATH[lane]);
      expect(t.body?.model).toBe(UPSTREAM_MODEL);
      expectLaneKeyOnly(t, lane, token);
    }
    // Nothing the client said is lost in translation: the user's prompt and
    // Codex's developer-role input messages (its system prompt) reach every lane.
    for (const t of turns) {
      const sent = JSON.stringify(t.body);
      expect(sent).toContain('What does marker.txt say?');
      expect(sent).toContain('<permissions instructions>');
    }
    // Usage survives translation: Codex's "tokens used" is the sum of the upstream's totals
    // (the mock reports round(chars/4) input and 7 output tokens per request).
    const used = Number(/tokens used\s+([\d,]+)/.exec(r.stderr)?.[1]?.replace(/,/g, ''));
    expect(used, context).toBe(turns.reduce((sum, t) => sum + estimateTokens(t.rawLength) + 7, 0));
    expect(lastToolResult(lane, turns[0]!.body!)).toBeNull();
    expect(lastToolResult(lane, turns[1]!.body!)).toContain(marker.content);
    return { r, turns, sy };
  }

  it('responses passthrough lane: exec_command round trip', { timeout: 60_000 }, async () => {
    const { turns } = await toolTurnThrough('openai-responses');
    // Passthrough keeps Codex's request as sent (only the model is rewritten by the route).
    expect(turns[0]!.body).toMatchObject({ stream: true, store: false, include: ['reasoning.encrypted_content'] });
  });

  it('records the turn as one stored session keyed by Codex session id', { timeout: 60_000 }, async () => {
    const { r, sy } = await toolTurnThrough('openai-responses');
    const sessionId = /session id: ([0-9a-f-]{36})/.exec(r.stderr)?.[1];
    expect(sessionId).toBeDefined();
    const store = sy.host.ctx.store;
    expect(store, 'trajectory store did not open (src/main/headless/wire-store.ts returned null)').not.toBeNull();
    await store!.flush();
    const { sessions } = await sy.host.app.handlers['sessions:list']({});
    const session = sessions.find((s) => s.externalId === sessionId);
    expect(session, `no session with externalId ${sessionId}; have ${JSON.stringify(sessions.map((s) => s.externalId))}`).toBeDefined();
    expect(session!.client).toBe('codex');
    expect(session!.exchangeCount).toBe(2);
    expect(session!.providers).toContain(LANE_IDS['openai-responses']);
  });

  it('openai-chat lane: exec_command call and output translated both ways', { timeout: 60_000 }, async () => {
    const { turns } = await toolTurnThrough('openai-chat');
    const msgs = turns[1]!.body!.messages as Array<{
      role: string;
      tool_calls?: Array<{ id: string; function: { name: string } }>;
      tool_call_id?: string;
    }>;
    const call = msgs.find((m) => m.role === 'assistant' && m.tool_calls?.length)?.tool_calls?.[0];
    expect(call?.function.name).toBe('exec_command');
    expect(msgs.find((m) => m.role === 'tool')?.tool_call_id).toBe(call?.id);
  });

  it('anthropic lane: exec_command call and output translated both ways', { timeout: 60_000 }, async () => {
    const { turns } = await toolTurnThrough('anthropic');
    const msgs = turns[1]!.body!.messages as Array<{
      role: string;
      content: Array<{ type: string; name?: string; id?: string; tool_use_id?: string }>;
    }>;
    const use = msgs
      .flatMap((m) => (m.role === 'assistant' && Array.isArray(m.content) ? m.content : []))
      .find((b) => b.type === 'tool_use');
    expect(use?.name).toBe('exec_command');
    const result = msgs
      .flatMap((m) => (m.role === 'user' && Array.isArray(m.content) ? m.content : []))
      .find((b) => b.type === 'tool_result');
    expect(result?.tool_use_id).toBe(use?.id);
  });
});
