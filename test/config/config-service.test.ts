import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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
    await expect(svc.update((doc) => doc.setIn(['server', 'port'], 'not-a-port'))).rejects.toMatchObject({ code: 'config_invalid' });
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('keeps the last good config when the file turns invalid, and reports it', async () => {
    const file = path.join(tmp(), 'switchyard.yaml');
    fs.writeFileSync(file, VALID);
    const svc = new ConfigService(file, {});
    services.push(svc);
    await svc.init();
    const v1 = svc.current().version;
    fs.writeFileSync(file, VALID.replace('port: 18080', 'port: [oops'));
    const change = await svc.reload();
    expect(svc.current().version).toBe(v1);
    expect(svc.current().server.port).toBe(18080);
    expect(change.errors.join('\n')).toMatch(/last good config/);
    fs.writeFileSync(file, VALID.replace('port: 18080', 'port: 18181'));
    await svc.reload();
    expect(svc.current().server.port).toBe(18181);
    expect(svc.current().version).toBeGreaterThan(v1);
  });

  it('picks up a valid change on disk through the watcher', async () => {
    const file = path.join(tmp(), 'switchyard.yaml');
    fs.writeFileSync(file, VALID);
    const svc = new ConfigService(file, {});
    services.push(svc);
    await svc.init();
    svc.watch();
    const changed = new Promise<number>((resolve) => svc.onChange((c) => resolve(c.version)));
    // Editors often replace the file by rename; the directory watch catches both.
    const tmpFile = `${file}.tmp`;
    fs.writeFileSync(tmpFile, VALID.replace('port: 18080', 'port: 18282'));
    fs.renameSync(tmpFile, file);
    await changed;
    expect(svc.current().server.port).toBe(18282);
  });
});
