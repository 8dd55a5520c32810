import { Command } from 'commander';
import { CliError } from '../cli-errors.js';

// Placeholder until the partnership-file module lands.
export function applyCommand(): Command {
  return new Command('apply')
    .description('Create or update a partnership from a partnership file (YAML or JSON)')
    .argument('<file>', 'the partnership file')
    .action(async () => {
      throw new CliError('apply is not available yet');
    });
}
