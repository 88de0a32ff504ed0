import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/index';
import { CLAUDE_SETTINGS_2, CODEX_CONFIG, seed, tempHome } from './fixtures';

let home: string;
let dataDir: string;
let stdout: string;
beforeEach(async () => {
  home = await tempHome();
  dataDir = path.join(home, 'sy-data');
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  process.exitCode = undefined;
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const cli = (...args: string[]) => main(['node', 'switchyard', ...args]);

describe('switchyard integration (CLI)', () => {
  it('apply → status → restore for Claude Code in a temp HOME, creating the app token', async () => {
    const file = path.join(home, '.claude', 'settings.json');
    await seed(file, CLAUDE_SETTINGS_2);
    await cli('integration', 'apply', 'claude-code', '--home', home, '--data-dir', dataDir, '--port', '18555');
    expect(process.exitCode ?? 0).toBe(0);
    const token = fs.readFileSync(path.join(dataDir, 'app-token'), 'utf8').trim();
    expect(fs.statSync(path.join(dataDir, 'app-token')).mode & 0o777).toBe(0o600);
    const env = JSON.parse(fs.readFileSync(file, 'utf8')).env as Record<string, string>;
    expect(env.ANTHROPIC_BASE_URL).toBe('http://127.0.0.1:18555');
    expect(env.ANTHROPIC_AUTH_TOKEN).toBe(token);
    expect(stdout).toContain(`✓ Configured claude-code: ${file}`);

    stdout = '';
    await cli('integration', 'status', 'claude-code', '--home', home, '--data-dir', dataDir, '--port', '18555', '--json');
    const [status] = JSON.parse(stdout) as Array<{ pointsAtSwitchyard: boolean }>;
    expect(status!.pointsAtSwitchyard).toBe(true);

    stdout = '';
    await cli('integration', 'restore', 'claude-code', '--home', home, '--data-dir', dataDir);
    expect(fs.readFileSync(file, 'utf8')).toBe(CLAUDE_SETTINGS_2);
  });

  it('apply --dry-run prints a diff and writes nothing', async () => {
    const file = path.join(home, '.codex', 'config.toml');
    await seed(file, CODEX_CONFIG);
    await cli('integration', 'apply', 'codex', '--home', home, '--data-dir', dataDir, '--dry-run');
    expect(stdout).toContain('+model_provider = "switchyard"');
    expect(stdout).toContain('-model_provider = "openrouter"');
    expect(fs.readFileSync(file, 'utf8')).toBe(CODEX_CONFIG);
    expect(fs.existsSync(path.join(dataDir, 'app-token'))).toBe(false);
  });

  it('print gives paste-able snippets', async () => {
    await cli('integration', 'print', 'claude-code', '--data-dir', dataDir, '--port', '18556');
    expect(stdout).toMatch(/^export ANTHROPIC_BASE_URL=http:\/\/127\.0\.0\.1:18556$/m);
    expect(stdout).toMatch(/^export ANTHROPIC_DEFAULT_SONNET_MODEL=claude-sonnet-4-5-switchyard$/m);
    stdout = '';
    await cli('integration', 'print', 'codex', '--data-dir', dataDir, '--port', '18556');
    expect(stdout).toContain(
      '[model_providers.switchyard]\nname = "Switchyard"\nbase_url = "http://127.0.0.1:18556/v1"\nwire_api = "responses"\n',
    );
  });

  it('a malformed file is a clear error with a non-zero exit', async () => {
    const file = path.join(home, '.codex', 'config.toml');
    await seed(file, '[mcp_servers.x\ncommand = "x"\n');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await cli('integration', 'apply', 'codex', '--home', home, '--data-dir', dataDir);
    expect(process.exitCode).toBe(1);
    expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(/invalid TOML at line 1, column \d+/);
  });
});
