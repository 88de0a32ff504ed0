/**
 * Client integration as one service used by the IPC handlers and the CLI: plan (dry-run
 * diff), apply (backup + atomic write, only when something changes), restore (remove the
 * managed keys, or put a backup back byte for byte), backups, status.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { CLIENT_KINDS, type ClientKind } from '../../../shared/config-schema';
import type { BackupInfo, ClientIssue, ClientStatus, IntegrationApplyOptions, IntegrationPlan } from '../../../shared/domain';
import { SwitchyardError } from '../../../shared/errors';
import { createBackup, listBackups, restoreBackup, writeThroughLink } from './backups';
import {
  claudeSnippet,
  configureClaudeSettings,
  claudePreviousValues,
  inspectClaudeOverride,
  inspectClaudeSettings,
  unconfigureClaudeSettings,
} from './claude-code';
import { probeClientVersion, type VersionProbe } from './client-version';
import { codexSnippet, configureCodexConfig, inspectCodexConfig, unconfigureCodexConfig } from './codex';
import { planDiff } from './diff';
import { claudeManagedSettingsPaths, clientConfigPath, codexHome } from './paths';
import { sameUrl, type ClientTarget } from './target';

export interface IntegrationDeps {
  /** Proxy base URL, no /v1 (e.g. http://127.0.0.1:18080). */
  proxyUrl: string;
  /** Resolves the app token (reading or creating <data-dir>/app-token). */
  appToken: () => Promise<string>;
  env: NodeJS.ProcessEnv;
  /** For project-level Claude Code settings checks; default process.cwd(). */
  cwd?: string;
  managedSettingsPaths?: string[];
  probeVersion?: VersionProbe;
  now?: () => Date;
}

export interface RestoreOptions {
  backupId?: string;
  home?: string;
  dryRun?: boolean;
}

async function readText(file: string): Promise<string | null> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SwitchyardError('io_error', `Cannot read ${file}: ${(e as Error).message}`);
  }
}

export class IntegrationService {
  constructor(private readonly deps: IntegrationDeps) {}

  configPath(client: ClientKind, home?: string): string {
    return clientConfigPath(client, { home, env: this.deps.env });
  }

  private async target(opts: IntegrationApplyOptions = {}): Promise<ClientTarget> {
    return { proxyUrl: this.deps.proxyUrl, token: await this.deps.appToken(), model: opts.model };
  }

  private configure(client: ClientKind, text: string | null, file: string, target: ClientTarget, opts: IntegrationApplyOptions): string {
    if (client === 'claude-code') return configureClaudeSettings(text, file, target, { removeConflictingKey: opts.removeConflictingKey });
    return configureCodexConfig(text, file, target);
  }

  private async compute(client: ClientKind, opts: IntegrationApplyOptions) {
    const file = this.configPath(client, opts.home);
    const before = await readText(file);
    const target = await this.target(opts);
    const after = this.configure(client, before, file, target, opts);
    const changed = before !== after;
    const plan: IntegrationPlan = { client, configPath: file, changed, diff: changed ? planDiff(file, before, after, [target.token]) : '' };
    return { file, before, after, plan };
  }

  /** What apply would do, as a unified diff; writes nothing. */
  async plan(client: ClientKind, opts: IntegrationApplyOptions = {}): Promise<IntegrationPlan> {
    return (await this.compute(client, opts)).plan;
  }

  async apply(client: ClientKind, opts: IntegrationApplyOptions = {}): Promise<IntegrationPlan & { backup?: BackupInfo }> {
    const { file, before, after, plan } = await this.compute(client, opts);
    if (opts.dryRun || !plan.changed) return plan;
    return { ...plan, backup: await this.write(client, file, before, after) };
  }

  /** Backup, then atomic write; refuses when the file changed since it was read. */
  private async write(client: ClientKind, file: string, before: string | null, after: string): Promise<BackupInfo | undefined> {
    if ((await readText(file)) !== before) {
      throw new SwitchyardError('io_error', `${file} changed while it was being edited; nothing was written.`, {
        hint: 'Run the command again.',
      });
    }
    await fsp.mkdir(path.dirname(file), { recursive: true });
    const backup = before === null ? null : await createBackup(client, file, this.deps.now?.());
    // A new file holds the app token: keep it private. Existing files keep their mode.
    await writeThroughLink(file, after, before === null ? { mode: 0o600 } : {});
    return backup ?? undefined;
  }

  /**
   * Without a backup id: remove exactly the managed keys (a backup is taken first). With one:
   * put that backup back byte for byte (the current file is backed up first too).
   */
  async restore(client: ClientKind, opts: RestoreOptions = {}): Promise<{ restored: string; diff: string; backup?: BackupInfo }> {
    const file = this.configPath(client, opts.home);
    const before = await readText(file);
    if (opts.backupId) {
      const chosen = (await listBackups(client, file)).find((b) => b.id === opts.backupId);
      if (!chosen) {
        // restoreBackup throws the not_found error listing the available ids.
        await restoreBackup(client, file, opts.backupId);
      }
      const after = await fsp.readFile(chosen!.path, 'utf8');
      const token = await this.deps.appToken().catch(() => '');
      const diff = planDiff(file, before, after, [token]);
      if (opts.dryRun || before === after) return { restored: `${file} (from backup ${chosen!.id})`, diff };
      const safety = before === null ? undefined : ((await createBackup(client, file, this.deps.now?.())) ?? undefined);
      await restoreBackup(client, file, chosen!.id);
      return { restored: `${file} restored from backup ${chosen!.id}`, diff, backup: safety };
    }
    if (before === null) return { restored: `${file} does not exist; nothing to restore.`, diff: '' };
    const after =
      client === 'claude-code'
        ? unconfigureClaudeSettings(before, file, await this.claudePrevious(file))
        : unconfigureCodexConfig(before, file);
    if (after === before) return { restored: `${file} has no Switchyard settings; nothing changed.`, diff: '' };
    const diff = planDiff(file, before, after, [await this.deps.appToken().catch(() => '')]);
    if (opts.dryRun) return { restored: `${file} (dry run)`, diff };
    const backup = await this.write(client, file, before, after);
    return { restored: `${file}: Switchyard settings removed`, diff, backup };
  }

  /** Values the user had for the managed keys before Switchyard, from the newest such backup. */
  private async claudePrevious(file: string): Promise<Array<[string, string]>> {
    const target = await this.target().catch(() => ({ proxyUrl: this.deps.proxyUrl, token: '' }));
    for (const b of await listBackups('claude-code', file)) {
      const text = await readText(b.path).catch(() => null);
      const previous = text === null ? null : claudePreviousValues(text, file, target);
      if (previous) return previous;
    }
    return [];
  }

  async backups(client: ClientKind, home?: string): Promise<BackupInfo[]> {
    return listBackups(client, this.configPath(client, home));
  }

  async snippet(client: ClientKind, opts: IntegrationApplyOptions = {}): Promise<string> {
    const target = await this.target(opts);
    return client === 'claude-code' ? claudeSnippet(target) : codexSnippet(target);
  }

  async status(client?: ClientKind, home?: string): Promise<ClientStatus[]> {
    const clients = client ? [client] : [...CLIENT_KINDS];
    return Promise.all(clients.map((c) => this.statusOf(c, home)));
  }

  private async statusOf(client: ClientKind, home?: string): Promise<ClientStatus> {
    const file = this.configPath(client, home);
    const [text, version, target] = await Promise.all([
      readText(file).catch(() => null),
      (this.deps.probeVersion ?? probeClientVersion)(client, this.deps.env),
      this.target(),
    ]);
    const inspection = client === 'claude-code' ? inspectClaudeSettings(text, file, target) : inspectCodexConfig(text, file, target);
    const issues: ClientIssue[] = [];
    if (!version.installed) {
      const pkg = client === 'claude-code' ? '@anthropic-ai/claude-code' : '@openai/codex';
      issues.push({
        kind: 'not-installed',
        message: `${client === 'claude-code' ? 'claude' : 'codex'} is not on the PATH.`,
        fix: `npm install -g ${pkg}`,
      });
    } else if (version.error) {
      issues.push({ kind: 'info', message: `Could not read the version: ${version.error}` });
    }
    issues.push(...inspection.issues);
    issues.push(...(client === 'claude-code' ? await this.claudeEnvironmentIssues(target) : this.codexEnvironmentIssues(file, home)));
    return {
      client,
      installed: version.installed,
      version: version.version,
      configPath: file,
      configExists: text !== null,
      pointsAtSwitchyard: inspection.pointsAtSwitchyard,
      issues,
    };
  }

  private async claudeEnvironmentIssues(target: ClientTarget): Promise<ClientIssue[]> {
    const env = this.deps.env;
    const issues: ClientIssue[] = [];
    if (env.ANTHROPIC_API_KEY) {
      issues.push({
        kind: 'conflict',
        message:
          'ANTHROPIC_API_KEY is set in your shell: Claude Code reports an auth conflict and may send it instead of the Switchyard token.',
        fix: 'unset ANTHROPIC_API_KEY (and remove it from your shell profile); Switchyard keeps provider keys in its own config.',
      });
    }
    if (env.ANTHROPIC_BASE_URL && !sameUrl(env.ANTHROPIC_BASE_URL, target.proxyUrl)) {
      issues.push({
        kind: 'conflict',
        message: `ANTHROPIC_BASE_URL is set in your shell to ${env.ANTHROPIC_BASE_URL}, not Switchyard (${target.proxyUrl}).`,
        fix: 'unset ANTHROPIC_BASE_URL (settings.json then decides).',
      });
    }
    if (env.ANTHROPIC_AUTH_TOKEN && env.ANTHROPIC_AUTH_TOKEN !== target.token) {
      issues.push({
        kind: 'conflict',
        message: 'ANTHROPIC_AUTH_TOKEN is set in your shell to a token Switchyard does not know.',
        fix: 'unset ANTHROPIC_AUTH_TOKEN',
      });
    }
    const cwd = this.deps.cwd ?? process.cwd();
    const overrides = [
      ...(this.deps.managedSettingsPaths ?? claudeManagedSettingsPaths()),
      path.join(cwd, '.claude', 'settings.json'),
      path.join(cwd, '.claude', 'settings.local.json'),
    ];
    for (const file of overrides) {
      const text = await readText(file).catch(() => null);
      if (text !== null && text.trim()) issues.push(...inspectClaudeOverride(text, file, target));
    }
    return issues;
  }

  private codexEnvironmentIssues(file: string, home?: string): ClientIssue[] {
    const env = this.deps.env;
    const issues: ClientIssue[] = [];
    if (env.OPENAI_BASE_URL) {
      issues.push({
        kind: 'conflict',
        message: `OPENAI_BASE_URL is set in your shell (${env.OPENAI_BASE_URL}): Codex's built-in OpenAI provider and other tools follow it instead of Switchyard.`,
        fix: 'unset OPENAI_BASE_URL (Codex uses model_provider = "switchyard" from config.toml).',
      });
    }
    if (home && env.CODEX_HOME) {
      const actual = path.resolve(env.CODEX_HOME);
      if (actual !== codexHome({ home, env })) {
        issues.push({
          kind: 'conflict',
          message: `CODEX_HOME=${env.CODEX_HOME}: Codex reads ${path.join(actual, 'config.toml')}, not ${file}.`,
          fix: 'unset CODEX_HOME, or run the integration without --home so it edits the file Codex reads.',
        });
      }
    }
    return issues;
  }
}
