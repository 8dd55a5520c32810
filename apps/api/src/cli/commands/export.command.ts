import { Command, Option } from 'commander';
import {
  boardPackQuerySchema,
  exportFormats,
  type ExportFormat,
  type SideKey,
} from '@alignboard/contracts';
import { getDataSourceToken } from '@nestjs/typeorm';
import { statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { BoardPackService } from '../../exports/board-pack.service.js';
import { Partnership } from '../../partnerships/entities/partnership.entity.js';
import { CliError } from '../cli-errors.js';
import { withApplication } from '../cli-context.js';
import { parseInstant, parseQuarter, parseSide } from '../cli-options.js';

interface ExportOptions {
  partnership: string;
  from: string;
  to: string;
  format: ExportFormat;
  out: string;
  asOf?: string;
  side?: SideKey;
}

const help = `
Writes the board pack of partner revenue for a range of fiscal quarters:
partner-sourced and partner-influenced revenue (closed won and open) by
quarter and by motion, the trend, the joint number against commit and upside,
a method note and a reconciliation from CRM records to the figures.

  pdf    two pages for the board, with charts
  xlsx   one sheet per view, the deal and record rows, the method sheet
  csv    every figure, one per row
  arrow  the deal-level table (Arrow IPC file) for BI tools

The same --as-of gives the same bytes (csv, xlsx, arrow). Without --side the
operator's view: every record of both sides. With --side, what that side's
people get from the API (the other side's records only in partner deals).

Examples:
  alignboard export --partnership cobalt-northgate --from 2025-Q3 --to 2026-Q2 --format pdf --out board-pack.pdf
  alignboard export --partnership cobalt-northgate --from 2026-Q1 --to 2026-Q2 --format xlsx --out pack.xlsx --as-of 2026-07-01T00:00:00Z`;

export function exportCommand(): Command {
  return new Command('export')
    .description(
      'The board pack of partner revenue for a range of quarters, as PDF, XLSX, CSV or Arrow',
    )
    .requiredOption('--partnership <key>', 'the partnership key')
    .addOption(
      new Option('--from <quarter>', 'first fiscal quarter, YYYY-Qn')
        .makeOptionMandatory()
        .argParser(parseQuarter),
    )
    .addOption(
      new Option('--to <quarter>', 'last fiscal quarter, YYYY-Qn')
        .makeOptionMandatory()
        .argParser(parseQuarter),
    )
    .addOption(
      new Option('--format <format>', 'file format').choices(exportFormats).makeOptionMandatory(),
    )
    .requiredOption('--out <file>', 'where to write it')
    .addOption(
      new Option('--as-of <instant>', 'the instant whose state is used (default: now)').argParser(
        parseInstant,
      ),
    )
    .addOption(
      new Option('--side <side>', "a side's view (A or B) instead of the operator's").argParser(
        parseSide,
      ),
    )
    .addHelpText('after', help)
    .action(async (options: ExportOptions) => {
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
        const partnership = await app
          .get<DataSource>(getDataSourceToken())
          .getRepository(Partnership)
          .findOneBy({ key: options.partnership });
        if (!partnership) throw new CliError(`no partnership with key ${options.partnership}`);
        return app
          .get(BoardPackService)
          .export({ partnership, side: options.side ?? null }, query.data, options.format);
      });
      try {
        await writeFile(out, file.parts);
      } catch (error) {
        throw new CliError(`--out ${options.out}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
      process.stdout.write(
        `wrote ${out} (${file.byteLength.toLocaleString('en-US')} bytes, ${options.format}, as of ${file.asOf})\n`,
      );
    });
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
