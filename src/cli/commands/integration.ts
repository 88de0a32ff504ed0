import type { Command } from 'commander';
import { SwitchyardError } from '../../shared/errors';

export function registerIntegration(program: Command): void {
  program
    .command('integration')
    .description('(not available in this build yet)')
    .allowUnknownOption()
    .action(() => {
      throw new SwitchyardError('not_available', 'switchyard integration is not available in this build yet.');
    });
}
