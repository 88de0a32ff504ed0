import fsp from 'node:fs/promises';
import type { Command } from 'commander';
import { CLIENT_KINDS, type ClientKind } from '../../shared/config-schema';
import type { ClientStatus } from '../../shared/domain';
import { SwitchyardError } from '../../shared/errors';
import type { IntegrationService } from '../../main/services/integrations/service';

interface CommonOpts {
  home?: string;
  dataDir?: string;
  config?: string;
  port?: number;
  json?: boolean;
}

function parseClient(value: string): ClientKind {
  const v = value === 'claude' ? 'claude-code' : value;
  if (!(CLIENT_KINDS as readonly string[]).includes(v)) {
    throw new SwitchyardError('invalid_request', `Unknown client "${value}".`, { hint: `Use one of: ${CLIENT_KINDS.join(', ')}.` });
  }
  return v as ClientKind;
}

/** `createToken`: commands that write the token into a client config create it when missing. */
async function serviceFor(opts: CommonOpts, createToken = false): Promise<IntegrationService> {
  // Loaded here, not at the top: every CLI command (serve too) loads this file.
  const [{ readAppToken }, { loadLocalSetup }, { IntegrationService }] = await Promise.all([
    import('../../main/services/integrations/app-token'),
    import('../../main/services/integrations/local-setup'),
    import('../../main/services/integrations/service'),
  ]);
  const setup = await loadLocalSetup(opts);
  if (createToken && setup.port === 0) {
    throw new SwitchyardError('invalid_request', 'server.port is 0 (any free port), so clients cannot be given a fixed URL.', {
      hint: 'Set server.port in the config or pass --port N.',
    });
  }
  return new IntegrationService({
    proxyUrl: setup.proxyUrl,
    // The same token file the host uses; created here when a client is configured before the first serve.
    appToken: async () => {
      if (!createToken) return (await readAppToken(setup.paths)) ?? '<app token, created on apply>';
      const { loadOrCreateAppToken } = await import('../../main/headless/app-token');
      await fsp.mkdir(setup.paths.dataDir, { recursive: true, mode: 0o700 });
      return loadOrCreateAppToken(setup.paths.tokenPath);
    },
    env: process.env,
  });
}

const out = (s: string): void => {
  process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
};
const json = (v: unknown): void => out(JSON.stringify(v, null, 2));

function withCommon(cmd: Command): Command {
  return cmd
    .option('--home <dir>', 'treat DIR as HOME (ignores CLAUDE_CONFIG_DIR / CODEX_HOME)')
    .option('--data-dir <dir>', 'Switchyard data directory (default: $SWITCHYARD_HOME or the OS app-data dir)')
    .option('--config <file>', 'Switchyard config file (default: <data-dir>/switchyard.yaml)')
    .option('--port <n>', 'proxy port clients should use (default: config server.port)', (v) => Number.parseInt(v, 10))
    .option('--json', 'machine-readable output');
}

export function formatClientStatus(s: ClientStatus): string {
  const name = s.client === 'claude-code' ? 'Claude Code' : 'Codex';
  const lines = [
    `${name}: ${s.installed ? `installed${s.version ? ` (${s.version})` : ''}` : 'not installed'}`,
    `  config: ${s.configPath}${s.configExists ? '' : ' (missing)'}`,
    `  ${s.pointsAtSwitchyard ? '✓ points at Switchyard' : '✗ does not point at Switchyard'}`,
  ];
  for (const i of s.issues) {
    lines.push(`  ${i.kind === 'info' ? '-' : '!'} [${i.kind}] ${i.message}`);
    if (i.fix) lines.push(`      fix: ${i.fix}`);
  }
  return lines.join('\n');
}

export function registerIntegration(program: Command): void {
  const integration = program
    .command('integration')
    .description('Configure Claude Code and Codex to use Switchyard (backups kept beside each file).');

  withCommon(integration.command('print').argument('<client>', CLIENT_KINDS.join(' | ')))
    .description('Print a snippet to paste: env exports (Claude Code) or a config.toml fragment (Codex).')
    .option('--model <name>', 'Codex: the model to set')
    .action(async (client: string, opts: CommonOpts & { model?: string }) => {
      const svc = await serviceFor(opts, true);
      const snippet = await svc.snippet(parseClient(client), { model: opts.model });
      if (opts.json) json({ client: parseClient(client), snippet });
      else out(snippet);
    });

  withCommon(integration.command('apply').argument('<client>', CLIENT_KINDS.join(' | ')))
    .description("Point the client at Switchyard, changing only Switchyard's own keys.")
    .option('--dry-run', 'print the unified diff and write nothing')
    .option('--remove-api-key', 'Claude Code: also remove a conflicting env.ANTHROPIC_API_KEY from settings.json')
    .option('--model <name>', 'Codex: also set `model`')
    .action(async (client: string, opts: CommonOpts & { dryRun?: boolean; removeApiKey?: boolean; model?: string }) => {
      const kind = parseClient(client);
      const svc = await serviceFor(opts, !opts.dryRun);
      const result = await svc.apply(kind, {
        dryRun: opts.dryRun,
        removeConflictingKey: opts.removeApiKey,
        model: opts.model,
        home: opts.home,
      });
      const status = opts.dryRun ? undefined : (await svc.status(kind, opts.home))[0];
      if (opts.json) return json({ ...result, status });
      if (opts.dryRun) return out(result.changed ? result.diff : `${result.configPath}: already configured; nothing would change.`);
      if (!result.changed) out(`✓ ${result.configPath} already points at Switchyard; nothing changed.`);
      else out(`✓ Configured ${kind}: ${result.configPath}${result.backup ? `\n  backup: ${result.backup.path}` : ''}`);
      for (const i of status?.issues ?? []) {
        if (i.kind === 'conflict' || i.kind === 'override' || i.kind === 'drift')
          out(`! ${i.message}${i.fix ? `\n    fix: ${i.fix}` : ''}`);
      }
    });

  withCommon(integration.command('restore').argument('<client>', CLIENT_KINDS.join(' | ')))
    .description('Remove exactly the keys Switchyard manages, or put a backup back byte for byte (--backup ID).')
    .option('--backup <id>', 'backup id (see `switchyard integration backups`)')
    .option('--dry-run', 'print the unified diff and write nothing')
    .action(async (client: string, opts: CommonOpts & { backup?: string; dryRun?: boolean }) => {
      const svc = await serviceFor(opts);
      const result = await svc.restore(parseClient(client), { backupId: opts.backup, home: opts.home, dryRun: opts.dryRun });
      if (opts.json) return json(result);
      if (opts.dryRun) return out(result.diff || 'nothing would change.');
      out(`✓ ${result.restored}${result.backup ? `\n  backup of the previous content: ${result.backup.path}` : ''}`);
    });

  withCommon(integration.command('backups').argument('<client>', CLIENT_KINDS.join(' | ')))
    .description('List the backups of the client config, newest first.')
    .action(async (client: string, opts: CommonOpts) => {
      const svc = await serviceFor(opts);
      const list = await svc.backups(parseClient(client), opts.home);
      if (opts.json) return json(list);
      if (!list.length) return out('no backups');
      for (const b of list) out(`${b.id}  ${new Date(b.createdAt).toISOString()}  ${b.bytes} B  ${b.path}`);
    });

  withCommon(integration.command('status').argument('[client]', CLIENT_KINDS.join(' | ')))
    .description('Installed version, whether it points at Switchyard, drift and conflicts, with fixes.')
    .action(async (client: string | undefined, opts: CommonOpts) => {
      const svc = await serviceFor(opts);
      const list = await svc.status(client ? parseClient(client) : undefined, opts.home);
      if (opts.json) return json(list);
      out(list.map(formatClientStatus).join('\n\n'));
    });
}
