import { boardPackQuerySchema, type ExportFormat } from '@alignboard/contracts';
import { statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { BoardPackService } from '../../exports/board-pack.service.js';
import { ExportsModule } from '../../exports/exports.module.js';
import { CliError } from '../cli-errors.js';
import { partnershipByKey, withApplication } from '../cli-context.js';
import type { ExportOptions } from './export.command.js';

export async function writeBoardPack(options: ExportOptions): Promise<void> {
  const query = boardPackQuerySchema.safeParse({
    from: options.from,
    to: options.to,
    asOf: options.asOf,
  });
  if (!query.success) {
    const issue = query.error.issues[0];
    throw new CliError(`--${String(issue.path[0] ?? 'to')}: ${issue.message}`);
  }
  const out = checkedOut(options.out, options.format);
  const file = await withApplication(async (app) => {
    const partnership = await partnershipByKey(app, options.partnership);
    return app
      .get(BoardPackService)
      .export({ partnership, side: options.side ?? null }, query.data, options.format);
  }, [ExportsModule]);
  try {
    await writeFile(out, file.parts);
  } catch (error) {
    throw new CliError(`--out ${options.out}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  process.stdout.write(
    `wrote ${out} (${file.byteLength.toLocaleString('en-US')} bytes, ${options.format}, as of ${file.asOf})\n`,
  );
}

/**
 * Checked before the pack is computed. A missing folder is refused, not
 * created: it is more often a typo than a wish, and a stray tree of folders
 * is a worse surprise than one clear line.
 */
function checkedOut(given: string, format: ExportFormat): string {
  const out = resolve(given);
  if (statSync(out, { throwIfNoEntry: false })?.isDirectory()) {
    throw new CliError(`--out ${given}: is a folder; give the file to write, like ${join(given, `board-pack.${format}`)}`);
  }
  const folder = dirname(out);
  const parent = statSync(folder, { throwIfNoEntry: false });
  if (!parent) throw new CliError(`--out ${given}: the folder ${dirname(given)} does not exist; create it first`);
  if (!parent.isDirectory()) throw new CliError(`--out ${given}: ${dirname(given)} is not a folder`);
  return out;
}
