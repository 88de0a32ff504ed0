import type { Command } from 'commander';
import { SwitchyardError } from '../../shared/errors';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('(not available in this build yet)')
    .allowUnknownOption()
    .action(() => {
      throw new SwitchyardError('not_available', 'switchyard run is not available in this build yet.');
    });
}
