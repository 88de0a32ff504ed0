/**
 * The real clients straight against the scripted upstream (no proxy): pins the protocol facts
 * the proxy is built on (DESIGN.md "Protocol facts") for the installed client versions, so a
 * client upgrade that changes them fails here first, and proves the harness itself works.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startMockUpstream } from '../support/mock-upstream';
import { skipReason } from './clients';
import { createHarness, describeRun } from './harness';
import { lastToolResult } from './scripted-upstream';
import { expectedFinal, markerToolPlan, writeMarker } from './scenario';

const CLIENT_TOKEN = 'client-token-direct-e2e';

describe.skipIf(skipReason('claude'))('Claude Code wire format (direct to mock)', () => {
  const h = createHarness();
  afterEach(() => h.cleanup());

  it('sends Messages requests with its session id and completes a Read tool round trip', { timeout: 60_000 }, async () => {
    const { home, work } = h.home();
    const marker = writeMarker(work);
    const up = await h.upstream({ toolPlan: markerToolPlan(marker) });
    const r = await h.claude(['-p', 'What does marker.txt say?', '--output-format', 'json'], {
      env: h.claudeEnv(home, up.url, CLIENT_TOKEN),
      cwd: work,
    });
    expect(r.code, describeRun(r)).toBe(0);
    const out = JSON.parse(r.stdout) as { result: string; session_id: string; num_turns: number };
    expect(out.result).toMatch(expectedFinal(marker));

    const turns = up.turns();
    expect(turns).toHaveLength(2);
    for (const t of turns) {
      expect(t.url).toBe('/v1/messages?beta=true');
      expect(t.headers.authorization).toBe(`Bearer ${CLIENT_TOKEN}`);
      expect(t.headers['x-claude-code-session-id']).toBe(out.session_id);
      expect(t.headers['anthropic-version']).toBe('2023-06-01');
      expect(String(t.headers['anthropic-beta'])).toContain('claude-code-20250219');
      expect(t.headers['x-app']).toBe('cli');
      expect(t.body?.stream).toBe(true);
      const userId = JSON.parse(String((t.body?.metadata as { user_id: string }).user_id)) as { session_id: string };
      expect(userId.session_id).toBe(out.session_id);
      expect(Array.isArray(t.body?.tools) && (t.body.tools as unknown[]).length).toBeGreaterThan(5);
    }
    // Claude Code 2.1.3xx puts a role:"system" turn (with its own output_config) into messages:
    // codecs must accept it.
    const roles = (turns[0]!.body!.messages as Array<{ role: string }>).map((m) => m.role);
    expect(roles).toContain('system');
    const second = turns[1]!.body!.messages as Array<{ role: string; content: Array<{ type: string }> }>;
    expect(second.some((m) => m.role === 'user' && m.content.some((b) => b.type === 'tool_result'))).toBe(true);
  });
});

describe.skipIf(skipReason('codex'))('Codex wire format (direct to mock)', () => {
  const h = createHarness();
  afterEach(() => h.cleanup());

  it('sends Responses requests with session headers and completes an exec_command round trip', { timeout: 60_000 }, async () => {
    const { home, work } = h.home();
    const marker = writeMarker(work);
    const up = await h.upstream({ toolPlan: markerToolPlan(marker) });
    h.writeCodexConfig(home, up.url);
    const r = await h.codex(['exec', '--skip-git-repo-check', 'What does marker.txt say?'], {
      env: h.codexEnv(home, CLIENT_TOKEN),
      cwd: work,
    });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toMatch(expectedFinal(marker));

    const turns = up.turns();
    expect(turns).toHaveLength(2);
    const sessionId = turns[0]!.headers['session-id'];
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.stderr).toContain(`session id: ${String(sessionId)}`);
    for (const t of turns) {
      expect(t.url).toBe('/v1/responses');
      expect(t.headers.authorization).toBe(`Bearer ${CLIENT_TOKEN}`);
      expect(t.headers['session-id']).toBe(sessionId);
      expect(t.headers['thread-id']).toBe(sessionId);
      expect(t.headers['x-client-request-id']).toBeTruthy();
      expect(t.headers.originator).toBe('codex_exec');
      expect(t.body).toMatchObject({ stream: true, store: false, include: ['reasoning.encrypted_content'] });
    }
    // No `instructions`: the system prompt arrives as developer-role input messages.
    expect(turns[0]!.body!.instructions).toBeUndefined();
    const input = turns[1]!.body!.input as Array<{ type: string; role?: string }>;
    expect(input.some((i) => i.type === 'message' && i.role === 'developer')).toBe(true);
    expect(input.map((i) => i.type)).toEqual(expect.arrayContaining(['function_call', 'function_call_output']));
  });
});

// The repo's shared mock upstream (test/support/mock-upstream) is also used by the benchmark
// and others with real clients: check its default tool loop works with both real CLIs.
describe.skipIf(skipReason('claude') ?? skipReason('codex'))('repo mock upstream with the real clients', () => {
  const h = createHarness();
  afterEach(() => h.cleanup());

  it('Claude Code and Codex each complete the mock’s default tool loop', { timeout: 60_000 }, async () => {
    const mock = await startMockUpstream();
    try {
      const a = h.home();
      const rc = await h.claude(['-p', 'hello', '--output-format', 'json'], {
        env: h.claudeEnv(a.home, mock.url, CLIENT_TOKEN),
        cwd: a.work,
      });
      expect(rc.code, describeRun(rc)).toBe(0);
      expect((JSON.parse(rc.stdout) as { result: string }).result).toContain('Done. The tool returned:');

      const b = h.home();
      h.writeCodexConfig(b.home, mock.url);
      const rx = await h.codex(['exec', '--skip-git-repo-check', 'hello'], { env: h.codexEnv(b.home, CLIENT_TOKEN), cwd: b.work });
      expect(rx.code, describeRun(rx)).toBe(0);
      expect(rx.stdout).toContain('Done. The tool returned:');
      const posts = mock.requests.filter((r) => r.method === 'POST');
      expect(posts.map((r) => r.protocol)).toEqual(['anthropic', 'anthropic', 'openai-responses', 'openai-responses']);
      // exec_command `echo switchyard-mock` really ran: its output went back to the mock.
      expect(lastToolResult('openai-responses', posts[3]!.body!)).toContain('Output:\nswitchyard-mock');
    } finally {
      await mock.close();
    }
  });
});
