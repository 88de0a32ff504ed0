/**
 * Issue 6 end to end: the real clients configured only by Switchyard's own commands.
 * `switchyard integration apply <client> --home <tmp>` writes the client's config, then the
 * plain client (HOME=<tmp>, no Switchyard env) completes a turn through the proxy; and
 * `switchyard run --task t1 -- claude -p …` yields a stored session carrying the task name.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claudePath, skipReason } from './clients';
import { createHarness, describeRun, getFreePort, LANE_KEYS } from './harness';

const REPLY = 'HELLO-THROUGH-SWITCHYARD';

describe('switchyard integration apply → plain client', () => {
  const h = createHarness();
  afterEach(() => h.cleanup());

  async function setup() {
    const { home, work } = h.home();
    const up = await h.upstream({ reply: REPLY });
    const port = await getFreePort();
    const sy = await h.switchyard({ upstream: up, lane: 'anthropic', port });
    // The CLI finds the data dir (config, app token) the way a user's shell would.
    const cliEnv = h.baseEnv(home, { SWITCHYARD_HOME: sy.dataDir });
    return { home, work, up, sy, port, cliEnv };
  }

  it.skipIf(skipReason('claude'))(
    'claude-code: apply, then `claude -p hi` with no extra env answers through the proxy',
    { timeout: 90_000 },
    async () => {
      const { home, work, up, sy, port, cliEnv } = await setup();
      const applied = await h.switchyardCli(['integration', 'apply', 'claude-code', '--home', home], { env: cliEnv, cwd: work });
      expect(applied.code, describeRun(applied)).toBe(0);
      const settingsFile = path.join(home, '.claude', 'settings.json');
      expect(existsSync(settingsFile)).toBe(true);
      const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as { env?: Record<string, string> };
      expect(settings.env?.ANTHROPIC_BASE_URL).toBe(`http://127.0.0.1:${port}`);

      const r = await h.claude(['-p', 'hi'], { env: h.baseEnv(home), cwd: work });
      expect(r.code, describeRun(r)).toBe(0);
      expect(r.stdout).toContain(REPLY);
      const turns = up.turns();
      expect(turns.length).toBeGreaterThanOrEqual(1);
      expect(turns.every((t) => t.headers['x-api-key'] === LANE_KEYS.anthropic)).toBe(true);
      expect(turns.every((t) => !JSON.stringify(t.headers).includes(sy.host.ctx.appToken))).toBe(true);
    },
  );

  it.skipIf(skipReason('codex'))('codex: apply, then plain `codex exec` answers through the proxy', { timeout: 90_000 }, async () => {
    const { home, work, up, sy, cliEnv } = await setup();
    const applied = await h.switchyardCli(['integration', 'apply', 'codex', '--home', home], { env: cliEnv, cwd: work });
    expect(applied.code, describeRun(applied)).toBe(0);
    const toml = readFileSync(path.join(home, '.codex', 'config.toml'), 'utf8');
    expect(toml).toMatch(/model_provider\s*=\s*"switchyard"/);

    const r = await h.codex(['exec', '--skip-git-repo-check', 'hi'], { env: h.baseEnv(home), cwd: work });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain(REPLY);
    const turns = up.turns();
    expect(turns.length).toBeGreaterThanOrEqual(1);
    expect(turns.every((t) => !JSON.stringify(t.headers).includes(sy.host.ctx.appToken))).toBe(true);
  });
});

describe.skipIf(skipReason('claude'))('switchyard run --task', () => {
  const h = createHarness();
  afterEach(() => h.cleanup());

  it('`switchyard run --task t1 -- claude -p …` records a session carrying the task name', { timeout: 90_000 }, async () => {
    const { home, work } = h.home();
    const up = await h.upstream({ reply: REPLY });
    const port = await getFreePort();
    const sy = await h.switchyard({ upstream: up, lane: 'anthropic', port });
    const env = h.baseEnv(home, { SWITCHYARD_HOME: sy.dataDir, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' });
    const r = await h.switchyardCli(['run', '--task', 't1', '--', claudePath(), '-p', 'hi'], { env, cwd: work });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain(REPLY);
    expect(up.turns().length).toBeGreaterThanOrEqual(1);

    const store = sy.host.ctx.store;
    expect(store, 'trajectory store did not open (src/main/headless/wire-store.ts returned null)').not.toBeNull();
    await store!.flush();
    const { sessions } = await sy.host.app.handlers['sessions:list']({});
    const tagged = sessions.filter((s) => s.taskName === 't1');
    expect(tagged, JSON.stringify(sessions.map((s) => ({ id: s.id, task: s.taskName, n: s.exchangeCount })))).toHaveLength(1);
    expect(tagged[0]!.exchangeCount).toBeGreaterThanOrEqual(1);
  });
});
