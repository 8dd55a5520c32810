import { Command } from 'commander';
import type { PartnershipDefinition } from '@alignboard/contracts';
import { cliActor } from '../../auth/principal.js';
import { ApplyPartnershipService } from '../../partnership-file/apply-partnership.service.js';
import { formatApplySummary } from '../../partnership-file/apply-summary.js';
import { PartnershipFileError } from '../../partnership-file/partnership-file.error.js';
import {
  readEnvFile,
  readPartnershipFile,
} from '../../partnership-file/partnership-file.loader.js';
import { CliError } from '../cli-errors.js';
import { withApplication } from '../cli-context.js';

interface ApplyOptions {
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
    .action(async (file: string, options: ApplyOptions) => {
      const definition = await load(file, options);
      const summary = await withApplication((app) =>
        app
          .get(ApplyPartnershipService)
          .apply(definition, cliActor('apply'), { dryRun: options.dryRun }),
      );
      process.stdout.write(`${formatApplySummary(summary, file).join('\n')}\n`);
    });
}

/** Validation needs neither the database nor Nest: a bad file fails fast and touches nothing. */
async function load(file: string, options: ApplyOptions): Promise<PartnershipDefinition> {
  const env = { ...(options.envFile ? await envFrom(options.envFile) : {}), ...process.env };
  try {
    return await readPartnershipFile(file, env);
  } catch (error) {
    if (!(error instanceof PartnershipFileError)) throw error;
    process.stderr.write(`${error.editorLines(file).join('\n')}\n`);
    const count = error.fileIssues.length;
    throw new CliError(
      `${file}: ${count} ${count === 1 ? 'problem' : 'problems'}; nothing was applied`,
    );
  }
}

async function envFrom(file: string): Promise<Record<string, string>> {
  try {
    return await readEnvFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (code ?? String(error));
    throw new CliError(`cannot read --env-file ${file}: ${why}`);
  }
}
