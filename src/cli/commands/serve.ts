import type { Command } from 'commander';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the proxy and the web UI headless (no Electron).')
    .option('--config <file>', 'config file (default: <data-dir>/switchyard.yaml)')
    .option('--data-dir <dir>', 'data directory (default: $SWITCHYARD_HOME or the OS app-data dir)')
    .option('--port <n>', 'port to listen on (default: config server.port, 18080)', (v) => Number.parseInt(v, 10))
    .action(async (opts: { config?: string; dataDir?: string; port?: number }) => {
      const { runServe } = await import('../../main/headless/serve');
      await runServe(opts);
    });
}
