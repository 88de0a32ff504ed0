/**
 * `switchyard run` in a HOME where `integration apply claude-code` already wrote the app token
 * into settings.json: Claude Code's settings `env` beats the injected environment, so the
 * session is bound through the x-switchyard-session-token header instead (real Claude Code
 * against the mock upstream, via the e2e-clients harness).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SESSION_TOKEN_HEADER } from '../../src/shared/domain';
import { claudePath, skipReason } from '../e2e-clients/clients';
import { createHarness, describeRun, getFreePort } from '../e2e-clients/harness';

describe.skipIf(skipReason('claude'))('switchyard run after integration apply', () => {
  const h = createHarness();
  afterEach(() => h.cleanup());

  it('the session still carries the task name', { timeout: 90_000 }, async () => {
    const { home, work } = h.home();
    const up = await h.upstream({ reply: 'HELLO-AFTER-APPLY' });
    const port = await getFreePort();
    const sy = await h.switchyard({ upstream: up, lane: 'anthropic', port });
    const env = h.baseEnv(home, { SWITCHYARD_HOME: sy.dataDir });
    const applied = await h.switchyardCli(['integration', 'apply', 'claude-code', '--home', home], { env, cwd: work });
    expect(applied.code, describeRun(applied)).toBe(0);

    const r = await h.switchyardCli(['run', '--task', 't2', '--', claudePath(), '-p', 'hi'], { env, cwd: work });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain('HELLO-AFTER-APPLY');
    // The header is ours: it never reaches the upstream.
    expect(up.turns().every((t) => t.headers[SESSION_TOKEN_HEADER] === undefined)).toBe(true);
    await sy.host.ctx.store!.flush();
    const { sessions } = await sy.host.app.handlers['sessions:list']({});
    expect(sessions.filter((s) => s.taskName === 't2')).toHaveLength(1);
  });
});
