/**
 * `switchyard doctor`: every check a support question would start with, each with the fix.
 * "fail" means something is broken (non-zero exit); "warn" means worth knowing.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { constants as fsConstants } from 'node:fs';
import type { ClientStatus } from '../../../shared/domain';
import { toSwitchyardError } from '../../../shared/errors';
import { resolveConfig } from '../config/load';
import { readAppToken } from './app-token';
import type { VersionProbe } from './client-version';
import { loadLocalSetup, probeServer, type LocalSetupOptions } from './local-setup';
import { IntegrationService } from './service';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface DoctorCheck {
  id: string;
  title: string;
  status: CheckStatus;
  detail?: string;
  fix?: string;
}

export interface DoctorReport {
  ok: boolean;
  proxyUrl: string;
  dataDir: string;
  configPath: string;
  checks: DoctorCheck[];
  clients: ClientStatus[];
}

export interface DoctorOptions extends LocalSetupOptions {
  home?: string;
  env?: NodeJS.ProcessEnv;
  probeVersion?: VersionProbe;
  managedSettingsPaths?: string[];
  cwd?: string;
}

async function writableDir(dir: string): Promise<{ ok: boolean; exists: boolean; error?: string }> {
  try {
    const st = await fsp.stat(dir);
    if (!st.isDirectory()) return { ok: false, exists: true, error: 'not a directory' };
    await fsp.access(dir, fsConstants.W_OK);
    return { ok: true, exists: true };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') return { ok: false, exists: true, error: code ?? (e as Error).message };
    // Not created yet: fine when the nearest existing parent is writable.
    const parent = path.dirname(dir);
    if (parent === dir) return { ok: false, exists: false, error: 'no writable parent' };
    const up = await writableDir(parent);
    return { ok: up.ok, exists: false, error: up.error };
  }
}

export async function runDoctor(opts: DoctorOptions = {}): Promise<DoctorReport> {
  const env = opts.env ?? process.env;
  const setup = await loadLocalSetup(opts, env);
  const checks: DoctorCheck[] = [];
  const { paths } = setup;

  const dir = await writableDir(paths.dataDir);
  checks.push(
    dir.ok
      ? {
          id: 'data-dir',
          title: 'Data dir writable',
          status: 'ok',
          detail: dir.exists ? paths.dataDir : `${paths.dataDir} (created on first start)`,
        }
      : {
          id: 'data-dir',
          title: 'Data dir writable',
          status: 'fail',
          detail: `${paths.dataDir}: ${dir.error}`,
          fix: 'Pass --data-dir with a writable folder or set SWITCHYARD_HOME.',
        },
  );

  if (!setup.configExists) {
    checks.push({
      id: 'config',
      title: 'Config valid',
      status: 'warn',
      detail: `${paths.configPath} does not exist yet`,
      fix: 'Run `switchyard serve` once to create the default config.',
    });
  } else if (setup.configError) {
    checks.push({ id: 'config', title: 'Config valid', status: 'fail', detail: setup.configError, fix: `Correct ${paths.configPath}.` });
  } else {
    checks.push({ id: 'config', title: 'Config valid', status: 'ok', detail: paths.configPath });
  }

  if (setup.config) {
    if (setup.config.providers.length === 0) {
      checks.push({
        id: 'providers',
        title: 'Providers configured',
        status: 'warn',
        detail: 'no provider configured',
        fix: 'Add one in the app (Providers) or in the config file.',
      });
    } else {
      try {
        const { resolved, warnings } = resolveConfig(setup.config, env, 0);
        for (const p of resolved.providers) {
          const missing = p.apiKeyMissing;
          checks.push(
            missing
              ? {
                  id: `provider:${p.id}`,
                  title: `Provider ${p.id} key`,
                  status: 'fail',
                  detail: `environment variable ${missing} is not set`,
                  fix: `export ${missing}=… before starting Switchyard`,
                }
              : { id: `provider:${p.id}`, title: `Provider ${p.id} key`, status: 'ok', detail: p.apiKey ? 'resolved' : 'no key needed' },
          );
        }
        for (const w of warnings.filter((w) => !w.includes('.apiKey:')))
          checks.push({ id: 'config-env', title: 'Config environment', status: 'warn', detail: w });
      } catch (e) {
        checks.push({ id: 'providers', title: 'Providers configured', status: 'fail', detail: toSwitchyardError(e).message });
      }
    }
  }

  const token = await readAppToken(paths);
  checks.push(
    token
      ? { id: 'app-token', title: 'App token present', status: 'ok', detail: paths.tokenPath }
      : {
          id: 'app-token',
          title: 'App token present',
          status: 'warn',
          detail: `${paths.tokenPath} missing`,
          fix: 'Created by `switchyard serve` or `switchyard integration apply`.',
        },
  );

  const [server, clients] = await Promise.all([
    probeServer(setup.proxyUrl),
    new IntegrationService({
      proxyUrl: setup.proxyUrl,
      appToken: async () => token ?? '',
      env,
      cwd: opts.cwd,
      managedSettingsPaths: opts.managedSettingsPaths,
      probeVersion: opts.probeVersion,
    }).status(undefined, opts.home),
  ]);
  const anyPointing = clients.some((c) => c.pointsAtSwitchyard);
  checks.push(
    server.answering
      ? { id: 'server', title: 'Switchyard server answering', status: 'ok', detail: `${setup.proxyUrl}/healthz` }
      : {
          id: 'server',
          title: 'Switchyard server answering',
          // Clients pointed at a dead port fail every request: that is broken, not a note.
          status: anyPointing ? 'fail' : 'warn',
          detail: `nothing answers ${setup.proxyUrl}/healthz${server.status ? ` (HTTP ${server.status})` : server.error ? ` (${server.error})` : ''}`,
          fix: 'Start it: `switchyard serve` (or the desktop app).',
        },
  );

  for (const c of clients) {
    const name = c.client === 'claude-code' ? 'Claude Code' : 'Codex';
    checks.push(
      c.installed
        ? { id: `${c.client}:installed`, title: `${name} installed`, status: 'ok', detail: c.version ?? 'version unknown' }
        : {
            id: `${c.client}:installed`,
            title: `${name} installed`,
            status: 'warn',
            detail: 'not on the PATH',
            fix: c.issues.find((i) => i.kind === 'not-installed')?.fix,
          },
    );
    checks.push({
      id: `${c.client}:points`,
      title: `${name} points at Switchyard`,
      status: c.pointsAtSwitchyard ? 'ok' : 'warn',
      detail: c.configPath,
      fix: c.pointsAtSwitchyard ? undefined : `switchyard integration apply ${c.client}`,
    });
    for (const issue of c.issues) {
      if (issue.kind === 'not-installed' || issue.kind === 'not-configured') continue;
      const broken = issue.kind === 'conflict' || issue.kind === 'override' || issue.kind === 'drift';
      // A conflict only breaks a client that is meant to use Switchyard.
      const status: CheckStatus = broken && (c.pointsAtSwitchyard || issue.kind === 'drift') ? 'fail' : 'warn';
      checks.push({ id: `${c.client}:${issue.kind}`, title: `${name}: ${issue.kind}`, status, detail: issue.message, fix: issue.fix });
    }
  }

  return {
    ok: !checks.some((c) => c.status === 'fail'),
    proxyUrl: setup.proxyUrl,
    dataDir: paths.dataDir,
    configPath: paths.configPath,
    checks,
    clients,
  };
}

const MARK: Record<CheckStatus, string> = { ok: '✓', warn: '!', fail: '✗' };

export function formatDoctorReport(r: DoctorReport): string {
  const lines = [`Switchyard doctor — ${r.proxyUrl} — data ${r.dataDir}`, ''];
  for (const c of r.checks) {
    lines.push(`${MARK[c.status]} ${c.title}${c.detail ? `: ${c.detail}` : ''}`);
    if (c.fix && c.status !== 'ok') lines.push(`    fix: ${c.fix}`);
  }
  const fails = r.checks.filter((c) => c.status === 'fail').length;
  const warns = r.checks.filter((c) => c.status === 'warn').length;
  lines.push('', fails ? `${fails} problem(s) to fix, ${warns} warning(s).` : `All good${warns ? ` (${warns} warning(s))` : ''}.`);
  return `${lines.join('\n')}\n`;
}
