import { Command, Option } from 'commander';
import { parseInstant, parseQuarter } from '../cli-options.js';

export interface MetricsOptions {
  partnership: string;
  quarter: string;
  asOf?: string;
  json?: boolean;
}

const help = `
Prints the SPEC §5 figures of one fiscal quarter: the joint number, the
sourced/influenced split, how the quarter came in against commit and upside,
each motion's attainment with kill candidates, conflicts, possible duplicates,
health and data-quality warnings. --json prints exactly the API's object
(GET /api/partnerships/KEY/metrics), with every record of both sides visible.

Examples:
  alignboard metrics --partnership cobalt-northgate --quarter 2026-Q2
  alignboard metrics --partnership cobalt-northgate --quarter 2026-Q2 --as-of 2026-07-01T00:00:00Z --json`;

export function metricsCommand(): Command {
  return new Command('metrics')
    .description(
      "A quarter's figures for one partnership (the joint number, split, the call, motions)",
    )
    .requiredOption('--partnership <key>', 'the partnership key')
    .addOption(
      new Option('--quarter <quarter>', 'fiscal quarter, YYYY-Qn')
        .makeOptionMandatory()
        .argParser(parseQuarter),
    )
    .addOption(
      new Option(
        '--as-of <instant>',
        'the instant whose state is used, and "now" for the quarter (default: now)',
      ).argParser(parseInstant),
    )
    .option('--json', 'print the figures as JSON, keys as in SPEC §5')
    .addHelpText('after', help)
    // Loaded when the command runs: `alignboard` starts only what the command it runs needs.
    .action(async (options: MetricsOptions) => (await import('./metrics.action.js')).printMetrics(options));
}
