import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { diffLines } from 'diff';
import { beforeEach, describe, expect, it } from 'vitest';
import { CLAUDE_MANAGED_KEYS } from '../../src/main/services/integrations/claude-code';
import { APP_TOKEN, CLAUDE_SETTINGS_2, CLAUDE_SETTINGS_4, PROXY_URL, filesIn, seed, service, snapshot, tempHome } from './fixtures';

let home: string;
let file: string;
beforeEach(async () => {
  home = await tempHome();
  file = path.join(home, '.claude', 'settings.json');
});

const read = () => fs.readFileSync(file, 'utf8');
const backups = () => filesIn(path.dirname(file)).filter((n) => n.includes('.switchyard-backup-'));

function withoutManaged(settings: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(settings);
  const env = copy.env as Record<string, unknown> | undefined;
  if (env) {
    for (const k of CLAUDE_MANAGED_KEYS) delete env[k];
    if (Object.keys(env).length === 0) delete copy.env;
  }
  return copy;
}

/** Every line the edit removed must come back with only a trailing comma added (the append point). */
function assertOnlyAdditions(before: string, after: string): string[] {
  const parts = diffLines(before, after);
  const removed = parts.filter((p) => p.removed).flatMap((p) => p.value.split('\n').filter(Boolean));
  const added = parts.filter((p) => p.added).flatMap((p) => p.value.split('\n').filter(Boolean));
  for (const line of removed) expect(added).toContain(`${line},`);
  return added;
}

describe.each([
  ['2-space settings with env, hooks, statusLine, plugins', CLAUDE_SETTINGS_2],
  ['4-space settings without env and without a trailing newline', CLAUDE_SETTINGS_4],
])('Claude Code apply/restore on %s', (_name, original) => {
  it('sets only the managed env keys, keeps every other byte, order and indentation', async () => {
    await seed(file, original);
    const svc = service();
    const result = await svc.apply('claude-code', { home });
    expect(result.changed).toBe(true);
    const after = read();
    const before = JSON.parse(original) as Record<string, unknown>;
    const parsed = JSON.parse(after) as { env: Record<string, string> };
    expect(withoutManaged(parsed)).toEqual(before);
    expect(Object.keys(parsed)).toEqual([...Object.keys(before), ...(before.env ? [] : ['env'])]);
    expect(parsed.env).toMatchObject({
      ANTHROPIC_BASE_URL: PROXY_URL,
      ANTHROPIC_AUTH_TOKEN: APP_TOKEN,
      ANTHROPIC_DEFAULT_OPUS_MODEL: 'claude-opus-4-5-switchyard',
      ANTHROPIC_DEFAULT_SONNET_MODEL: 'claude-sonnet-4-5-switchyard',
      ANTHROPIC_DEFAULT_HAIKU_MODEL: 'claude-haiku-4-5-switchyard',
      API_TIMEOUT_MS: '3000000',
    });
    const added = assertOnlyAdditions(original, after);
    // New lines use the file's own indentation.
    const indent = original.includes('\n    "hooks"') ? '    ' : '  ';
    expect(added.some((l) => l.startsWith(`${indent}${indent}"ANTHROPIC_BASE_URL"`))).toBe(true);
    expect(after.endsWith('\n')).toBe(original.endsWith('\n'));
    // One backup, byte-identical to the original.
    expect(result.backup).toBeDefined();
    expect(fs.readFileSync(result.backup!.path, 'utf8')).toBe(original);
    expect(backups()).toHaveLength(1);
  });

  it('re-apply is idempotent: no change, no extra backup', async () => {
    await seed(file, original);
    const svc = service();
    await svc.apply('claude-code', { home });
    const once = snapshot(file);
    const again = await svc.apply('claude-code', { home });
    expect(again.changed).toBe(false);
    expect(again.backup).toBeUndefined();
    expect(snapshot(file)).toEqual(once);
    expect(backups()).toHaveLength(1);
  });

  it('restore without a backup id removes exactly the managed keys (byte-identical here)', async () => {
    await seed(file, original);
    const svc = service();
    await svc.apply('claude-code', { home });
    await svc.restore('claude-code', { home });
    expect(read()).toBe(original);
  });

  it('restore from a chosen backup puts the bytes back exactly', async () => {
    await seed(file, original);
    const svc = service();
    const applied = await svc.apply('claude-code', { home });
    // The user edits the file afterwards; restoring the backup still gives the original bytes.
    await fsp.writeFile(file, read().replace('"statusLine"', '"statusLineX"'));
    const list = await svc.backups('claude-code', home);
    expect(list.map((b) => b.id)).toContain(applied.backup!.id);
    await svc.restore('claude-code', { home, backupId: applied.backup!.id });
    expect(read()).toBe(original);
  });
});

describe('Claude Code safety', () => {
  it('refuses malformed JSON with line and column, leaving bytes and mtime untouched', async () => {
    const broken = '{\n  "env": {\n    "A": "1",\n  },\n  "hooks": {}\n}\n';
    await seed(file, broken);
    const before = snapshot(file);
    await new Promise((r) => setTimeout(r, 20));
    await expect(service().apply('claude-code', { home })).rejects.toThrow(/line 4, column 3/);
    expect(snapshot(file)).toEqual(before);
    expect(backups()).toHaveLength(0);
  });

  it('dry-run returns a unified diff with the token masked and writes nothing', async () => {
    await seed(file, CLAUDE_SETTINGS_2);
    const before = snapshot(file);
    const plan = await service().apply('claude-code', { home, dryRun: true });
    expect(plan.changed).toBe(true);
    expect(plan.diff).toContain('+++ ');
    expect(plan.diff).toMatch(/^\+\s+"ANTHROPIC_BASE_URL": "http:\/\/127\.0\.0\.1:18080",?$/m);
    expect(plan.diff).not.toContain(APP_TOKEN);
    expect(snapshot(file)).toEqual(before);
    expect(backups()).toHaveLength(0);
  });

  it('dry-run on a missing file creates nothing; apply then creates it private (0600)', async () => {
    const svc = service();
    const plan = await svc.plan('claude-code', { home });
    expect(plan.changed).toBe(true);
    expect(fs.existsSync(file)).toBe(false);
    await svc.apply('claude-code', { home });
    expect(JSON.parse(read()).env.ANTHROPIC_AUTH_TOKEN).toBe(APP_TOKEN);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('keeps the permissions of an existing file and its backup', async () => {
    await seed(file, CLAUDE_SETTINGS_2, 0o640);
    const r = await service().apply('claude-code', { home });
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(fs.statSync(r.backup!.path).mode & 0o777).toBe(0o640);
  });

  it('respects CLAUDE_CONFIG_DIR when no --home is given', async () => {
    const dir = path.join(home, 'custom-claude');
    const svc = service({ env: { CLAUDE_CONFIG_DIR: dir, HOME: home } });
    await svc.apply('claude-code');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'settings.json'), 'utf8')).env.ANTHROPIC_BASE_URL).toBe(PROXY_URL);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('reports a conflicting ANTHROPIC_API_KEY and removes it only with the explicit option', async () => {
    const withKey = CLAUDE_SETTINGS_2.replace(
      '"DISABLE_TELEMETRY": "1"',
      '"DISABLE_TELEMETRY": "1",\n    "ANTHROPIC_API_KEY": "sk-ant-real"',
    );
    await seed(file, withKey);
    const svc = service();
    await svc.apply('claude-code', { home });
    expect(JSON.parse(read()).env.ANTHROPIC_API_KEY).toBe('sk-ant-real');
    const [status] = await svc.status('claude-code', home);
    const conflict = status!.issues.find((i) => i.kind === 'conflict' && i.message.includes('ANTHROPIC_API_KEY'));
    expect(conflict?.fix).toContain('--remove-api-key');

    await svc.apply('claude-code', { home, removeConflictingKey: true });
    const env = JSON.parse(read()).env as Record<string, string>;
    expect(env.ANTHROPIC_API_KEY).toBeUndefined();
    expect(env.DISABLE_TELEMETRY).toBe('1');
    const [after] = await svc.status('claude-code', home);
    expect(after!.issues.filter((i) => i.kind === 'conflict')).toEqual([]);
    expect(after!.pointsAtSwitchyard).toBe(true);
  });
});

describe('Claude Code restore of values the user had before Switchyard', () => {
  it('puts back an overwritten base URL and token from the pre-Switchyard backup, byte-identical', async () => {
    const original = `{
  "env": {
    "ANTHROPIC_BASE_URL": "https://api.z.ai/api/anthropic",
    "ANTHROPIC_AUTH_TOKEN": "zai-user-key-123",
    "DISABLE_TELEMETRY": "1"
  },
  "statusLine": { "type": "command", "command": "~/.claude/statusline.sh" }
}
`;
    await seed(file, original);
    await service().apply('claude-code', { home });
    // A later re-apply on another port backs up a Switchyard-configured file: restore must look past it.
    await service({ proxyUrl: 'http://127.0.0.1:18099' }).apply('claude-code', { home });
    expect(backups()).toHaveLength(2);
    const r = await service({ proxyUrl: 'http://127.0.0.1:18099' }).restore('claude-code', { home });
    expect(r.diff).toContain('+    "ANTHROPIC_BASE_URL": "https://api.z.ai/api/anthropic",');
    expect(read()).toBe(original);
  });
});

describe('diff masking', () => {
  it('masks the app token and credentials the edit touches', async () => {
    const withKey = CLAUDE_SETTINGS_2.replace(
      '"DISABLE_TELEMETRY": "1"',
      '"DISABLE_TELEMETRY": "1",\n    "ANTHROPIC_API_KEY": "sk-ant-api03-secretvalue"',
    );
    await seed(file, withKey);
    const plan = await service().plan('claude-code', { home, removeConflictingKey: true });
    expect(plan.diff).toContain('-    "ANTHROPIC_API_KEY"');
    expect(plan.diff).not.toContain('sk-ant-api03-secretvalue');
    expect(plan.diff).not.toContain(APP_TOKEN);
    expect(plan.diff).toContain('"ANTHROPIC_BASE_URL": "http://127.0.0.1:18080"');
  });
});

describe('symlinked config files', () => {
  it('writes through a symlink (dotfiles repos) instead of replacing it, and restores through it', async () => {
    const repoFile = path.join(home, 'dotfiles', 'claude-settings.json');
    await seed(repoFile, CLAUDE_SETTINGS_2);
    await fsp.mkdir(path.dirname(file), { recursive: true });
    await fsp.symlink(repoFile, file);
    const svc = service();
    const r = await svc.apply('claude-code', { home });
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect(JSON.parse(fs.readFileSync(repoFile, 'utf8')).env.ANTHROPIC_BASE_URL).toBe(PROXY_URL);
    expect(fs.readFileSync(r.backup!.path, 'utf8')).toBe(CLAUDE_SETTINGS_2);
    await svc.restore('claude-code', { home, backupId: r.backup!.id });
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(repoFile, 'utf8')).toBe(CLAUDE_SETTINGS_2);
  });
});
