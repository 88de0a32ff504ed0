import type { Command } from 'commander';
import { SwitchyardError } from '../../shared/errors';

export function registerProviders(program: Command): void {
  program
    .command('providers')
    .description('(not available in this build yet)')
    .allowUnknownOption()
    .action(() => {
      throw new SwitchyardError('not_available', 'switchyard providers is not available in this build yet.');
    });
}
