import type { Command } from 'commander';
import { SwitchyardError } from '../../shared/errors';

export function registerUsage(program: Command): void {
  program
    .command('usage')
    .description('(not available in this build yet)')
    .allowUnknownOption()
    .action(() => {
      throw new SwitchyardError('not_available', 'switchyard usage is not available in this build yet.');
    });
}
