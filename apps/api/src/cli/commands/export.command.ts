import { Command, Option } from 'commander';
import { exportFormats, type ExportFormat, type SideKey } from '@alignboard/contracts';
import { parseInstant, parseQuarter, parseSide } from '../cli-options.js';


export interface ExportOptions {
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
    .action(async (options: ExportOptions) => (await import('./export.action.js')).writeBoardPack(options));
}
