import type { PartnershipDefinition } from '@alignboard/contracts';
import { cliActor } from '../../auth/principal.js';
import { ApplyPartnershipService } from '../../partnership-file/apply-partnership.service.js';
import { formatApplySummary } from '../../partnership-file/apply-summary.js';
import { PartnershipFileError } from '../../partnership-file/partnership-file.error.js';
import { PartnershipFileModule } from '../../partnership-file/partnership-file.module.js';
import { readEnvFile, readPartnershipFile } from '../../partnership-file/partnership-file.loader.js';
import { CliError } from '../cli-errors.js';
import { withApplication } from '../cli-context.js';
import type { ApplyOptions } from './apply.command.js';

export async function applyFile(file: string, options: ApplyOptions): Promise<void> {
  const definition = await load(file, options);
  const summary = await withApplication(
    (app) => app.get(ApplyPartnershipService).apply(definition, cliActor('apply'), { dryRun: options.dryRun }),
    [PartnershipFileModule],
  );
  process.stdout.write(`${formatApplySummary(summary, file).join('\n')}\n`);
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
