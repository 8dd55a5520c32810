import { Command } from 'commander';

export interface ApplyOptions {
  dryRun?: boolean;
  envFile?: string;
}

const help = `
The file (YAML or JSON) declares one partnership: settings, both sides with
their people and CRM connection, field mappings, motions with forecasts and
stretch per quarter, and optionally the named accounts. See docs/partnership-file.md.

Secrets are written as \${NAME} and read from the environment (or --env-file);
they are sealed in the database and never printed or returned by the API.

Applying is idempotent: a second run of the same file writes nothing. Motions
in the database that the file does not list are reported, never deleted.
The whole file is validated first; every problem is printed as
FILE:LINE: path: message and nothing is written.

Example:
  alignboard apply examples/cobalt-northgate.yaml --env-file examples/cobalt-northgate.env.example --dry-run`;

export function applyCommand(): Command {
  return new Command('apply')
    .description('Create or update a partnership from a partnership file (YAML or JSON)')
    .argument('<file>', 'the partnership file')
    .option('--dry-run', 'validate and list the changes, then roll them back: nothing is written')
    .option(
      '--env-file <file>',
      'read ${NAME} values from this KEY=value file; variables already set in the environment win',
    )
    .addHelpText('after', help)
    .action(async (file: string, options: ApplyOptions) => (await import('./apply.action.js')).applyFile(file, options));
}
