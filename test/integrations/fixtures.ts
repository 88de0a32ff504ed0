/** Realistic client config files and temp HOMEs for the integration tests. */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { IntegrationService, type IntegrationDeps } from '../../src/main/services/integrations/service';

export const APP_TOKEN = 'sy_test_app_token_0123456789abcdef';
export const PROXY_URL = 'http://127.0.0.1:18080';

/** A settings.json as Claude Code and its users leave it: 2-space, other env keys, hooks, plugins. */
export const CLAUDE_SETTINGS_2 = `{
  "$schema": "https://json.schemastore.org/claude-code-settings.json",
  "model": "opusplan",
  "env": {
    "BASH_DEFAULT_TIMEOUT_MS": "600000",
    "DISABLE_TELEMETRY": "1"
  },
  "permissions": {
    "allow": ["Bash(npm run test:*)", "Read(~/.zshrc)"],
    "deny": ["Read(./.env)", "Read(./secrets/**)"],
    "defaultMode": "acceptEdits"
  },
  "hooks": {
    "PostToolUse": [
      {
        "matcher": "Write|Edit",
        "hooks": [{ "type": "command", "command": "npx prettier --write \\"$CLAUDE_FILE_PATHS\\"" }]
      }
    ]
  },
  "statusLine": {
    "type": "command",
    "command": "~/.claude/statusline.sh",
    "padding": 0
  },
  "enabledPlugins": {
    "commit-commands@claude-code-plugins": true,
    "pr-review-toolkit@claude-code-plugins": false
  },
  "alwaysThinkingEnabled": true
}
`;

/** 4-space indentation, no env block, no trailing newline. */
export const CLAUDE_SETTINGS_4 = `{
    "hooks": {
        "Stop": [
            {
                "hooks": [
                    {
                        "type": "command",
                        "command": "afplay /System/Library/Sounds/Glass.aiff"
                    }
                ]
            }
        ]
    },
    "statusLine": {
        "type": "command",
        "command": "bun x ccusage statusline"
    },
    "enabledPlugins": {
        "typescript-lsp@claude-plugins-official": true
    },
    "includeCoAuthoredBy": false
}`;

/** A config.toml with comments, an MCP server, projects, profiles and someone else's provider. */
export const CODEX_CONFIG = `# ~/.codex/config.toml — hand edited, keep my comments!
model = "gpt-5.5"            # default model
model_provider = "openrouter"
model_reasoning_effort = "high"
approval_policy = "on-request"
notify = ["bash", "-lc", "afplay /System/Library/Sounds/Blow.aiff"]

[model_providers.openrouter]
name = "OpenRouter"
base_url = "https://openrouter.ai/api/v1"
env_key = "OPENROUTER_API_KEY"
wire_api = "responses"

# MCP servers
[mcp_servers.context7]
command = "npx"
args = ["-y", "@upstash/context7-mcp@latest"]
env = { "DEFAULT_MINIMUM_TOKENS" = "10000" }

[mcp_servers.playwright]
command = "npx"
args = [
  "@playwright/mcp@latest",   # browser automation
  "--headless",
]
startup_timeout_sec = 20

[projects."/home/me/work/switchyard"]
trust_level = "trusted"

[projects.'/home/me/scratch']
trust_level = "untrusted"

[profiles.deep]
model = "gpt-5.5"
model_reasoning_effort = "xhigh"

[tui]
notifications = true
`;

/** Only tables after a leading comment block, no top-level keys. */
export const CODEX_TABLES_ONLY = `# Codex settings

[mcp_servers.docs]
command = "docs-mcp"
description = """
Multi-line [not a header]
model_provider = "not a key"
"""

[projects."/srv/app"]
trust_level = "trusted"
`;

export async function tempHome(): Promise<string> {
  return fsp.mkdtemp(path.join(os.tmpdir(), 'sy-home-'));
}

export async function seed(file: string, text: string, mode = 0o644): Promise<void> {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  await fsp.writeFile(file, text, { mode });
  await fsp.chmod(file, mode);
}

export function service(overrides: Partial<IntegrationDeps> = {}): IntegrationService {
  return new IntegrationService({
    proxyUrl: PROXY_URL,
    appToken: async () => APP_TOKEN,
    env: {},
    managedSettingsPaths: [],
    cwd: os.tmpdir(),
    probeVersion: async () => ({ installed: true, version: '9.9.9' }),
    ...overrides,
  });
}

export function snapshot(file: string): { bytes: Buffer; mtimeMs: number; mode: number } {
  const st = fs.statSync(file);
  return { bytes: fs.readFileSync(file), mtimeMs: st.mtimeMs, mode: st.mode & 0o777 };
}

export function filesIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}
