import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { probeClientVersion } from '../../src/main/services/integrations/client-version';
import { formatDoctorReport, runDoctor } from '../../src/main/services/integrations/doctor';
import { CLAUDE_SETTINGS_2, seed, service, tempHome } from './fixtures';

let home: string;
beforeEach(async () => {
  home = await tempHome();
});

/** A fake client binary on a temp PATH, printing a version like the real ones. */
async function fakeBin(name: string, output: string): Promise<string> {
  const bin = path.join(home, 'bin');
  await fsp.mkdir(bin, { recursive: true });
  await fsp.writeFile(path.join(bin, name), `#!/bin/sh\necho "${output}"\n`, { mode: 0o755 });
  return bin;
}

describe('client version probe', () => {
  it('reads the version from the PATH and reports a missing binary as not installed', async () => {
    const bin = await fakeBin('claude', '2.1.3 (Claude Code)');
    expect(await probeClientVersion('claude-code', { PATH: bin })).toEqual({ installed: true, version: '2.1.3' });
    expect(await probeClientVersion('codex', { PATH: bin })).toEqual({ installed: false });
  });
});

describe('Claude Code status', () => {
  it('not installed and not configured are findings with fixes, not errors', async () => {
    const [s] = await service({ probeVersion: async () => ({ installed: false }) }).status('claude-code', home);
    expect(s).toMatchObject({ client: 'claude-code', installed: false, configExists: false, pointsAtSwitchyard: false });
    expect(s!.issues.map((i) => i.kind)).toEqual(['not-installed', 'not-configured']);
    expect(s!.issues[0]!.fix).toContain('@anthropic-ai/claude-code');
  });

  it('detects drift of managed keys after a hand edit', async () => {
    const file = path.join(home, '.claude', 'settings.json');
    await seed(file, CLAUDE_SETTINGS_2);
    const svc = service();
    await svc.apply('claude-code', { home });
    await fsp.writeFile(file, fs.readFileSync(file, 'utf8').replace('"claude-haiku-4-5-switchyard"', '"glm-4.5-air"'));
    const [s] = await svc.status('claude-code', home);
    expect(s!.pointsAtSwitchyard).toBe(true);
    const drift = s!.issues.find((i) => i.kind === 'drift');
    expect(drift?.message).toContain('ANTHROPIC_DEFAULT_HAIKU_MODEL="glm-4.5-air"');
    expect(drift?.fix).toBe('switchyard integration apply claude-code');
  });

  it('reports shell variables and managed/project settings that override the user file', async () => {
    const managed = path.join(home, 'etc', 'managed-settings.json');
    await seed(managed, '{ "env": { "ANTHROPIC_BASE_URL": "https://gateway.corp.example" } }\n');
    const project = path.join(home, 'proj');
    await seed(path.join(project, '.claude', 'settings.local.json'), '{ "env": { "ANTHROPIC_MODEL": "claude-opus-4-1" } }\n');
    const svc = service({
      env: { ANTHROPIC_API_KEY: 'sk-ant-shell', ANTHROPIC_BASE_URL: 'https://api.anthropic.com' },
      managedSettingsPaths: [managed],
      cwd: project,
    });
    await svc.apply('claude-code', { home });
    const [s] = await svc.status('claude-code', home);
    const text = s!.issues.map((i) => `${i.kind}: ${i.message} | ${i.fix ?? ''}`).join('\n');
    expect(text).toMatch(/conflict: ANTHROPIC_API_KEY is set in your shell.*\| unset ANTHROPIC_API_KEY/);
    expect(text).toMatch(/conflict: ANTHROPIC_BASE_URL is set in your shell to https:\/\/api\.anthropic\.com/);
    expect(text).toContain(`override: ${managed} sets ANTHROPIC_BASE_URL`);
    expect(text).toContain('settings.local.json sets ANTHROPIC_MODEL');
  });
});

describe('switchyard doctor', () => {
  it('reports each check with fixes and fails when a configured client has no server', async () => {
    const dataDir = path.join(home, 'data');
    await seed(path.join(dataDir, 'app-token'), 'sy_doctor_token_000000000000\n', 0o600);
    // A closed port: nothing answers there.
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    await seed(
      path.join(dataDir, 'switchyard.yaml'),
      `server:\n  port: ${port}\nproviders:\n  - id: deepseek\n    protocol: openai-chat\n    baseUrl: https://api.deepseek.com/v1\n    apiKey: ENV:SY_TEST_MISSING_KEY\n`,
    );
    const svc = service({ proxyUrl: `http://127.0.0.1:${port}`, appToken: async () => 'sy_doctor_token_000000000000' });
    await svc.apply('claude-code', { home });

    const report = await runDoctor({
      dataDir,
      home,
      env: {},
      managedSettingsPaths: [],
      probeVersion: async (c) => (c === 'codex' ? { installed: false } : { installed: true, version: '2.1.3' }),
    });
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(report.ok).toBe(false);
    expect(byId['data-dir']!.status).toBe('ok');
    expect(byId['config']!.status).toBe('ok');
    expect(byId['app-token']!.status).toBe('ok');
    expect(byId['provider:deepseek']).toMatchObject({ status: 'fail', fix: 'export SY_TEST_MISSING_KEY=… before starting Switchyard' });
    expect(byId['server']!.status).toBe('fail');
    expect(byId['claude-code:points']!.status).toBe('ok');
    expect(byId['codex:installed']!.status).toBe('warn');
    const text = formatDoctorReport(report);
    expect(text).toMatch(/^✓ Claude Code installed: 2\.1\.3$/m);
    expect(text).toMatch(/^✗ Switchyard server answering: nothing answers/m);
    expect(text).toContain('fix: Start it: `switchyard serve`');
  });

  it('passes when the server answers /healthz and nothing is broken', async () => {
    const dataDir = path.join(home, 'data');
    const server = http.createServer((req, res) => res.end(req.url === '/healthz' ? '{"ok":true}' : ''));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      await seed(path.join(dataDir, 'switchyard.yaml'), `server:\n  port: ${port}\n`);
      await seed(path.join(dataDir, 'app-token'), 'sy_doctor_token_111111111111\n', 0o600);
      const report = await runDoctor({
        dataDir,
        home,
        env: {},
        managedSettingsPaths: [],
        probeVersion: async () => ({ installed: true, version: '1.0.0' }),
      });
      expect(report.checks.find((c) => c.id === 'server')!.status).toBe('ok');
      expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
      expect(report.ok).toBe(true);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('fails on an invalid config, naming the key', async () => {
    const dataDir = path.join(home, 'data');
    await seed(path.join(dataDir, 'switchyard.yaml'), 'server:\n  prot: 1\n');
    const report = await runDoctor({
      dataDir,
      home,
      port: 1,
      env: {},
      managedSettingsPaths: [],
      probeVersion: async () => ({ installed: false }),
    });
    const config = report.checks.find((c) => c.id === 'config')!;
    expect(config.status).toBe('fail');
    expect(config.detail).toContain('server.prot');
  });
});
