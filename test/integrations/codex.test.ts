import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { diffLines } from 'diff';
import { parse as parseToml } from 'smol-toml';
import { beforeEach, describe, expect, it } from 'vitest';
import { APP_TOKEN, CODEX_CONFIG, CODEX_TABLES_ONLY, PROXY_URL, filesIn, seed, service, snapshot, tempHome } from './fixtures';

let home: string;
let file: string;
beforeEach(async () => {
  home = await tempHome();
  file = path.join(home, '.codex', 'config.toml');
});

const read = () => fs.readFileSync(file, 'utf8');
const backups = () => filesIn(path.dirname(file)).filter((n) => n.includes('.switchyard-backup-'));
type Data = Record<string, unknown>;

function withoutManaged(data: Data): Data {
  const copy = structuredClone(data);
  delete copy.model_provider;
  const providers = copy.model_providers as Data | undefined;
  if (providers) {
    delete providers.switchyard;
    if (Object.keys(providers).length === 0) delete copy.model_providers;
  }
  return copy;
}

describe.each([
  ['a config with comments, MCP servers, projects, profiles and another provider', CODEX_CONFIG],
  ['a config with only tables after a comment', CODEX_TABLES_ONLY],
])('Codex apply/restore on %s', (_name, original) => {
  it('sets model_provider and the switchyard table, keeping every other byte', async () => {
    await seed(file, original);
    const authJson = path.join(home, '.codex', 'auth.json');
    await seed(authJson, '{"OPENAI_API_KEY": null, "tokens": {"id_token": "x"}}\n', 0o600);
    const auth = snapshot(authJson);
    const result = await service().apply('codex', { home });
    expect(result.changed).toBe(true);
    const after = read();
    const before = parseToml(original) as Data;
    const parsed = parseToml(after) as Data;
    expect(withoutManaged(parsed)).toEqual(withoutManaged(before));
    expect(parsed.model_provider).toBe('switchyard');
    expect((parsed.model_providers as Data).switchyard).toEqual({
      name: 'Switchyard',
      base_url: `${PROXY_URL}/v1`,
      wire_api: 'responses',
      experimental_bearer_token: APP_TOKEN,
      env_http_headers: { 'x-switchyard-session-token': 'SWITCHYARD_SESSION_TOKEN' },
    });
    // Text level: the only removed line is the replaced model_provider value; the rest is additions.
    const removed = diffLines(original, after).filter((p) => p.removed);
    expect(removed.map((p) => p.value)).toEqual(before.model_provider ? [`model_provider = "${String(before.model_provider)}"\n`] : []);
    // Top-level keys stay above the first table header (TOML would otherwise file them under it).
    expect(after.indexOf('model_provider = "switchyard"')).toBeLessThan(after.indexOf('\n['));
    expect(snapshot(authJson)).toEqual(auth);
    expect(fs.readFileSync(result.backup!.path, 'utf8')).toBe(original);
  });

  it('re-apply is idempotent and restore (no id) is byte-identical', async () => {
    await seed(file, original);
    const svc = service();
    await svc.apply('codex', { home });
    const once = snapshot(file);
    const again = await svc.apply('codex', { home });
    expect(again.changed).toBe(false);
    expect(snapshot(file)).toEqual(once);
    expect(backups()).toHaveLength(1);
    await svc.restore('codex', { home });
    expect(read()).toBe(original);
  });

  it('restore from a chosen backup is byte-identical even after later edits', async () => {
    await seed(file, original);
    const svc = service();
    const applied = await svc.apply('codex', { home });
    await fsp.appendFile(file, '\n[history]\npersistence = "none"\n');
    await svc.restore('codex', { home, backupId: applied.backup!.id });
    expect(read()).toBe(original);
  });
});

describe('Codex specifics', () => {
  it.each([
    ['replacing the user model', CODEX_CONFIG],
    ['adding a model', CODEX_TABLES_ONLY],
  ])('restore after --model (%s) is byte-identical', async (_name, original) => {
    await seed(file, original);
    const svc = service();
    await svc.apply('codex', { home, model: 'claude-sonnet-4-5-switchyard' });
    expect((parseToml(read()) as Data).model).toBe('claude-sonnet-4-5-switchyard');
    // Choosing another model later keeps the record of the user's own value.
    await svc.apply('codex', { home, model: 'deepseek-chat' });
    await svc.restore('codex', { home });
    expect(read()).toBe(original);
  });

  it('sets model only when chosen, in place', async () => {
    await seed(file, CODEX_CONFIG);
    await service().apply('codex', { home, model: 'gpt-5.5-codex' });
    const after = read();
    expect(after).toContain('model = "gpt-5.5-codex"            # default model # switchyard-previous: "gpt-5.5"\n');
    expect((parseToml(after) as Data).model).toBe('gpt-5.5-codex');
  });

  it('creates a config from nothing and respects CODEX_HOME', async () => {
    const codexHome = path.join(home, 'elsewhere');
    const svc = service({ env: { CODEX_HOME: codexHome, HOME: home } });
    await svc.apply('codex');
    const data = parseToml(fs.readFileSync(path.join(codexHome, 'config.toml'), 'utf8')) as Data;
    expect(data.model_provider).toBe('switchyard');
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses malformed TOML with line and column, leaving bytes and mtime untouched', async () => {
    const broken = 'model = "gpt-5.5"\n\n[mcp_servers.x]\ncommand = = "x"\n';
    await seed(file, broken);
    const before = snapshot(file);
    await expect(service().apply('codex', { home })).rejects.toThrow(/line 4, column \d+/);
    expect(snapshot(file)).toEqual(before);
    expect(backups()).toHaveLength(0);
  });

  it('refuses a switchyard provider defined inline instead of as a table', async () => {
    const inline = 'model_providers = { switchyard = { name = "x", base_url = "http://x/v1" } }\n';
    await seed(file, inline);
    await expect(service().apply('codex', { home })).rejects.toThrow(/inline or with dotted keys/);
    expect(read()).toBe(inline);
  });

  it('dry-run writes nothing and masks the token', async () => {
    await seed(file, CODEX_CONFIG);
    const before = snapshot(file);
    const plan = await service().plan('codex', { home });
    expect(plan.diff).toContain('+model_provider = "switchyard"');
    expect(plan.diff).toContain('+[model_providers.switchyard]');
    expect(plan.diff).not.toContain(APP_TOKEN);
    expect(snapshot(file)).toEqual(before);
  });

  it('status reports drift, an overriding profile and shell conflicts', async () => {
    await seed(file, CODEX_CONFIG);
    const svc = service({ env: { OPENAI_BASE_URL: 'https://api.openai.com/v1', CODEX_HOME: '/somewhere/else' } });
    await svc.apply('codex', { home });
    let [status] = await svc.status('codex', home);
    expect(status!.pointsAtSwitchyard).toBe(true);
    expect(status!.issues.filter((i) => i.kind === 'drift')).toEqual([]);
    expect(status!.issues.some((i) => i.kind === 'conflict' && i.message.includes('OPENAI_BASE_URL'))).toBe(true);
    expect(status!.issues.some((i) => i.kind === 'conflict' && i.message.includes('CODEX_HOME'))).toBe(true);

    await fsp.writeFile(
      file,
      read()
        .replace(`base_url = "${PROXY_URL}/v1"`, 'base_url = "http://127.0.0.1:9999/v1"')
        .replace('# ~/.codex', 'profile = "deep"\n# ~/.codex'),
    );
    await fsp.writeFile(file, read().replace('[profiles.deep]\n', '[profiles.deep]\nmodel_provider = "openrouter"\n'));
    [status] = await svc.status('codex', home);
    expect(status!.pointsAtSwitchyard).toBe(false);
    const drift = status!.issues.find((i) => i.kind === 'drift');
    expect(drift?.message).toContain('base_url');
    expect(drift?.fix).toBe('switchyard integration apply codex');
    expect(status!.issues.some((i) => i.kind === 'override' && i.message.includes('"deep"'))).toBe(true);
  });
});
