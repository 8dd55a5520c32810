import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import type { SideKey } from '@alignboard/contracts';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { SyncService, type SyncOutcome } from '../../sync/sync.service.js';
import { CliError } from '../cli-errors.js';
import { withApplication } from '../cli-context.js';
import { parseSide } from '../cli-options.js';

interface SyncCommandOptions {
  partnership?: string;
  side?: SideKey;
}

export function syncCommand(): Command {
  return new Command('sync')
    .description('Sync opportunities from the CRMs now, with a progress bar per connection (all partnerships by default)')
    .option('--partnership <key>', 'only this partnership')
    .addOption(new Option('--side <side>', 'only this side: A | B').argParser(parseSide))
    .action(async (options: SyncCommandOptions) => {
      const outcomes = await withApplication(async (app) => {
        const dataSource = app.get<DataSource>(getDataSourceToken());
        const connections = await dataSource.query<{ id: string; key: string; side: SideKey; provider: string }[]>(
          `select c.id, p.key, s.side, c.provider from crm_connections c join sides s on s.id = c.side_id
           join partnerships p on p.id = s.partnership_id
           where ($1::text is null or p.key = $1) and ($2::text is null or s.side = $2) order by p.key, s.side`,
          [options.partnership ?? null, options.side ?? null],
        );
        if (!connections.length) {
          throw new CliError(
            options.partnership
              ? `partnership ${options.partnership} has no CRM connection${options.side ? ` on side ${options.side}` : ''} (or does not exist)`
              : 'no CRM connection to sync: apply a partnership file first',
          );
        }
        const bars = new cliProgress.MultiBar(
          { format: ' {label} |{bar}| {value}/{total} records', hideCursor: true, clearOnComplete: false },
          cliProgress.Presets.shades_classic,
        );
        const sync = app.get(SyncService);
        try {
          return await Promise.all(
            connections.map(async (c) => {
              const label = `${c.key} ${c.side} (${c.provider})`.padEnd(34);
              const bar = bars.create(1, 0, { label });
              const outcome = await sync.syncConnection(c.id, {
                trigger: 'cli',
                onProgress: (p) => {
                  bar.setTotal(Math.max(p.total ?? p.fetched, p.fetched, 1));
                  bar.update(p.fetched);
                },
              });
              return { label: label.trim(), outcome };
            }),
          );
        } finally {
          bars.stop();
        }
      });
      printSummary(outcomes);
      if (outcomes.some((o) => o.outcome.status === 'failed')) process.exitCode = 1;
    });
}

function printSummary(outcomes: { label: string; outcome: SyncOutcome }[]) {
  for (const { label, outcome } of outcomes) {
    const detail = outcome.message ? `: ${outcome.message}` : '';
    process.stdout.write(`${label}: ${outcome.status}${outcome.runId ? ` (run ${outcome.runId})` : ''}${detail}\n`);
  }
}
