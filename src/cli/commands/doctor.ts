import type { Command } from 'commander';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('Check everything: data dir, config, provider keys, app token, the running server, Claude Code and Codex.')
    .option('--home <dir>', 'treat DIR as HOME for the client checks')
    .option('--data-dir <dir>', 'Switchyard data directory (default: $SWITCHYARD_HOME or the OS app-data dir)')
    .option('--config <file>', 'Switchyard config file (default: <data-dir>/switchyard.yaml)')
    .option('--port <n>', 'port to check (default: config server.port)', (v) => Number.parseInt(v, 10))
    .option('--json', 'machine-readable output')
    .action(async (opts: { home?: string; dataDir?: string; config?: string; port?: number; json?: boolean }) => {
      // Loaded here, not at the top: every CLI command (serve too) loads this file.
      const { formatDoctorReport, runDoctor } = await import('../../main/services/integrations/doctor');
      const report = await runDoctor({ home: opts.home, dataDir: opts.dataDir, config: opts.config, port: opts.port });
      process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report));
      // Non-zero when something is broken, so scripts and CI can gate on it.
      if (!report.ok) process.exitCode = 1;
    });
}
