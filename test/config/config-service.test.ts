import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigService } from '../../src/main/services/config/config-service';
import { parseConfigText, resolveConfig } from '../../src/main/services/config/load';
import { defaultConfigText } from '../../src/main/services/config/default-config';
import { type SwitchyardError } from '../../src/shared/errors';

const dirs: string[] = [];
const services: ConfigService[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sy-cfg-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const s of services.splice(0)) s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const VALID = `# my comment about providers
server:
  port: 18080
providers:
  - id: anthropic   # the real one
    protocol: anthropic
    baseUrl: https://api.anthropic.com
    apiKey: ENV:SY_TEST_ANTHROPIC_KEY
routes:
  - { name: claude-sonnet-4-5, provider: anthropic }
slots:
  claude-code: { sonnet: anthropic/claude-sonnet-4-5 }
`;

const withPort = (port: number | string): string => VALID.replace('port: 18080', `port: ${port}`);

/** A service over a fresh file holding VALID, loaded (not yet watching). */
async function loadedService(): Promise<{ svc: ConfigService; file: string; dir: string }> {
  const dir = tmp();
  const file = path.join(dir, 'switchyard.yaml');
  fs.writeFileSync(file, VALID);
  const svc = new ConfigService(file, {});
  services.push(svc);
  await svc.init();
  return { svc, file, dir };
}

function catchErr(fn: () => unknown): SwitchyardError {
  try {
    fn();
  } catch (e) {
    return e as SwitchyardError;
  }
  throw new Error('expected an error');
}

describe('parseConfigText', () => {
  it('accepts the DESIGN.md shape and applies defaults', () => {
    const { config } = parseConfigText(VALID);
    expect(config.providers[0]!.id).toBe('anthropic');
    expect(config.recording.enabled).toBe(true);
    expect(config.server.host).toBe('127.0.0.1');
    expect(config.server.bodyLimitMb).toBe(32);
  });

  it('accepts the commented default config', () => {
    const { config } = parseConfigText(defaultConfigText(18080));
    expect(config.server.port).toBe(18080);
    expect(config.providers).toEqual([]);
  });

  it('names the path of an unknown key', () => {
    const err = catchErr(() =>
      parseConfigText(VALID.replace('    protocol: anthropic', '    protocol: anthropic\n    baseURL: https://x')),
    );
    expect(err.code).toBe('config_invalid');
    expect(err.message).toContain('providers[0].baseURL: unknown key');
  });

  it('names the path of an invalid value', () => {
    const err = catchErr(() => parseConfigText(VALID.replace('protocol: anthropic', 'protocol: grpc')));
    expect(err.message).toContain('providers[0].protocol');
  });

  it('reports YAML syntax errors with line and column', () => {
    const err = catchErr(() => parseConfigText('server:\n  port: [1, 2\n', 'cfg.yaml'));
    expect(err.message).toMatch(/cfg\.yaml:\d+:\d+/);
  });
});

describe('resolveConfig', () => {
  it('reads ENV: values and reports missing ones with the key path and the fix', () => {
    const { config } = parseConfigText(VALID);
    const ok = resolveConfig(config, { SY_TEST_ANTHROPIC_KEY: 'sk-ant-xyz' }, 1);
    expect(ok.resolved.providers[0]!.apiKey).toBe('sk-ant-xyz');
    expect(ok.warnings).toEqual([]);
    const missing = resolveConfig(config, {}, 1);
    expect(missing.resolved.providers[0]!.apiKey).toBeUndefined();
    expect(missing.resolved.providers[0]!.apiKeyMissing).toBe('SY_TEST_ANTHROPIC_KEY');
    expect(missing.warnings[0]).toContain('providers[0].apiKey');
    expect(missing.warnings[0]).toContain('export SY_TEST_ANTHROPIC_KEY=');
  });

  it('marks only ENV-sourced headers as secret', () => {
    const { config } = parseConfigText(
      VALID.replace(
        '    apiKey: ENV:SY_TEST_ANTHROPIC_KEY',
        '    apiKey: ENV:SY_TEST_ANTHROPIC_KEY\n    headers: { anthropic-version: "2023-06-01", x-org: ENV:SY_TEST_ORG }',
      ),
    );
    const { resolved } = resolveConfig(config, { SY_TEST_ORG: 'org-secret-123' }, 1);
    expect(resolved.providers[0]!.headers).toEqual({ 'anthropic-version': '2023-06-01', 'x-org': 'org-secret-123' });
    expect(resolved.providers[0]!.secretHeaders).toEqual(['x-org']);
  });

  it('rejects routes to unknown providers', () => {
    const { config } = parseConfigText(VALID.replace('provider: anthropic }', 'provider: nope }'));
    const err = catchErr(() => resolveConfig(config, {}, 1));
    expect(err.message).toContain('routes[0].provider');
    expect(err.hint).toContain('anthropic');
  });
});

describe('ConfigService', () => {
  it('writes the default on first run and loads it', async () => {
    const file = path.join(tmp(), 'switchyard.yaml');
    const svc = new ConfigService(file, {});
    services.push(svc);
    await svc.init({ defaultPort: 19999 });
    expect(fs.readFileSync(file, 'utf8')).toContain('port: 19999');
    expect(svc.current().server.port).toBe(19999);
  });

  it('keeps comments through an edit and validates before writing', async () => {
    const file = path.join(tmp(), 'switchyard.yaml');
    fs.writeFileSync(file, VALID);
    const svc = new ConfigService(file, { SY_TEST_ANTHROPIC_KEY: 'k' });
    services.push(svc);
    await svc.init();
    await svc.update((doc) => {
      doc.setIn(['slots', 'claude-code', 'haiku'], 'anthropic/claude-haiku-4-5');
    });
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('# my comment about providers');
    expect(text).toContain('# the real one');
    expect(svc.current().slots['claude-code']?.haiku).toBe('anthropic/claude-haiku-4-5');

    const before = fs.readFileSync(file, 'utf8');
    await expect(svc.update((doc) => doc.setIn(['server', 'port'], 'not-a-port'))).rejects.toMatchObject({
      code: 'config_edit_invalid',
      status: 400,
      message: expect.stringContaining('nothing was changed'),
    });
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('keeps the last good config when the file turns invalid, and reports it', async () => {
    const file = path.join(tmp(), 'switchyard.yaml');
    fs.writeFileSync(file, VALID);
    const svc = new ConfigService(file, {});
    services.push(svc);
    await svc.init();
    const v1 = svc.current().version;
    fs.writeFileSync(file, withPort('[oops'));
    const change = await svc.reload();
    expect(svc.current().version).toBe(v1);
    expect(svc.current().server.port).toBe(18080);
    expect(change.errors.join('\n')).toMatch(/last good config/);
    fs.writeFileSync(file, withPort(18181));
    await svc.reload();
    expect(svc.current().server.port).toBe(18181);
    expect(svc.current().version).toBeGreaterThan(v1);
  });

  it('picks up a valid change on disk through the watcher', async () => {
    const { svc, file } = await loadedService();
    svc.watch();
    const changed = new Promise<number>((resolve) => svc.onChange((c) => resolve(c.version)));
    // Editors often replace the file by rename.
    const tmpFile = `${file}.tmp`;
    fs.writeFileSync(tmpFile, withPort(18282));
    fs.renameSync(tmpFile, file);
    await changed;
    expect(svc.current().server.port).toBe(18282);
  });

  it('keeps watching after each replace by rename, in-place write and delete-then-create', async () => {
    const { svc, file } = await loadedService();
    svc.watch();
    const ports: number[] = [];
    svc.onChange(() => ports.push(svc.current().server.port));
    const until = async (port: number) => {
      const deadline = Date.now() + 5000;
      while (!ports.includes(port)) {
        if (Date.now() > deadline) throw new Error(`port ${port} never applied (saw ${ports.join(', ')})`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    for (const port of [18301, 18302]) {
      fs.writeFileSync(`${file}.tmp`, withPort(port));
      fs.renameSync(`${file}.tmp`, file);
      await until(port);
    }
    fs.writeFileSync(file, withPort(18303));
    await until(18303);
    fs.rmSync(file);
    await new Promise((r) => setTimeout(r, 300));
    fs.writeFileSync(file, withPort(18304));
    await until(18304);
    fs.appendFileSync(file, '# a comment added in place\n');
    fs.writeFileSync(file, withPort(18305));
    await until(18305);
    expect(svc.current().server.port).toBe(18305);
  });

  it('does not wake for other files in the same directory (the trajectory DB lives there)', async () => {
    const { svc, file, dir } = await loadedService();
    // Count the events the real watcher delivers to the service.
    const realWatch = fs.watch.bind(fs) as (p: string, l: (e: string, n: string | null) => void) => fs.FSWatcher;
    let delivered = 0;
    const watchSpy = vi.spyOn(fs, 'watch').mockImplementation(((p: string, listener: (e: string, n: string | null) => void) =>
      realWatch(p, (e, n) => {
        delivered++;
        listener(e, n);
      })) as unknown as typeof fs.watch);
    try {
      svc.watch();
      for (let i = 0; i < 20; i++) fs.appendFileSync(path.join(dir, 'trajectories.db-wal'), 'x'.repeat(4096));
      await new Promise((r) => setTimeout(r, 300));
      expect(delivered).toBe(0);
      fs.writeFileSync(file, withPort(18306));
      await vi.waitFor(() => expect(svc.current().server.port).toBe(18306), { timeout: 5000 });
      expect(delivered).toBeGreaterThan(0);
    } finally {
      watchSpy.mockRestore();
    }
  });
});
