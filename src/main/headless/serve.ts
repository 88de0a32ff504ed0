/**
 * `switchyard serve`: start the headless host, print the ready line, shut down cleanly on
 * SIGINT/SIGTERM (in-flight streams get a grace period, pending recordings are flushed).
 * A second signal exits at once.
 */
import { isSwitchyardError } from '../../shared/errors';
import { startHeadless } from './host';

const GRACE_MS = 10_000;

export async function runServe(opts: { config?: string; dataDir?: string; port?: number }): Promise<void> {
  if (opts.port !== undefined && (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535)) {
    process.stderr.write(`switchyard: --port must be a number from 0 to 65535\n`);
    process.exitCode = 2;
    return;
  }
  let host;
  try {
    host = await startHeadless({ dataDir: opts.dataDir, configPath: opts.config, port: opts.port });
  } catch (e) {
    if (isSwitchyardError(e)) {
      process.stderr.write(`switchyard: ${e.message}${e.hint ? ` — ${e.hint}` : ''}\n`);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
  process.stdout.write(`Switchyard listening on ${host.url}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`switchyard: ${signal} again, exiting now\n`);
      process.exit(130);
    }
    stopping = true;
    process.stderr.write(`switchyard: ${signal} received, finishing in-flight requests…\n`);
    const force = setTimeout(() => {
      process.stderr.write('switchyard: grace period over, closing remaining streams\n');
      host.app.fastify.server.closeAllConnections();
    }, GRACE_MS);
    force.unref();
    host
      .close()
      .then(() => {
        clearTimeout(force);
        process.stderr.write('switchyard: stopped\n');
        process.exit(0);
      })
      .catch((e: unknown) => {
        process.stderr.write(`switchyard: error while stopping: ${(e as Error).message}\n`);
        process.exit(1);
      });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
