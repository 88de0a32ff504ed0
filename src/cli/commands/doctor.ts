import type { Command } from 'commander';
import { SwitchyardError } from '../../shared/errors';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('(not available in this build yet)')
    .allowUnknownOption()
    .action(() => {
      throw new SwitchyardError('not_available', 'switchyard doctor is not available in this build yet.');
    });
}
