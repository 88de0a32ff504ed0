/**
 * `switchyard` CLI entry. Each subcommand lives in commands/<name>.ts and registers itself;
 * every command has --help and machine output behind --json.
 */
import { Command, CommanderError } from 'commander';
import { isSwitchyardError } from '../shared/errors';
import { APP_VERSION } from '../shared/version';
import { registerServe } from './commands/serve';
import { registerSessions } from './commands/sessions';
import { registerUsage } from './commands/usage';
import { registerIntegration } from './commands/integration';
import { registerDoctor } from './commands/doctor';
import { registerRun } from './commands/run';
import { registerProviders } from './commands/providers';

export function buildProgram(): Command {
  const program = new Command('switchyard')
    .description('Local gateway for coding agents: route Claude Code and Codex to any provider, translate protocols, record every session.')
    .version(APP_VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)');
  registerServe(program);
  registerRun(program);
  registerIntegration(program);
  registerDoctor(program);
  registerSessions(program);
  registerUsage(program);
  registerProviders(program);
  return program;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode;
      return;
    }
    if (isSwitchyardError(e)) {
      process.stderr.write(`switchyard: ${e.message}\n${e.hint ? `  ${e.hint}\n` : ''}`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`switchyard: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  }
}
