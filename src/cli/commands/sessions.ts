import type { Command } from 'commander';
import { SwitchyardError } from '../../shared/errors';

export function registerSessions(program: Command): void {
  program
    .command('sessions')
    .description('(not available in this build yet)')
    .allowUnknownOption()
    .action(() => {
      throw new SwitchyardError('not_available', 'switchyard sessions is not available in this build yet.');
    });
}
