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
        let results: { label: string; outcome: SyncOutcome }[];
        try {
          results = await Promise.all(
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
        const runs = await dataSource.query<RunCounts[]>(
          `select id, records_fetched, records_upserted, records_unchanged, records_deleted, records_quarantined, api_calls
           from sync_runs where id = any($1::uuid[])`,
          [results.map((r) => r.outcome.runId).filter(Boolean)],
        );
        return results.map((r) => ({ ...r, counts: runs.find((run) => run.id === r.outcome.runId) }));
      });
      printSummary(outcomes);
      if (outcomes.some((o) => o.outcome.status === 'failed')) process.exitCode = 1;
    });
}

interface RunCounts {
  id: string;
  records_fetched: number;
  records_upserted: number;
  records_unchanged: number;
  records_deleted: number;
  records_quarantined: number;
  api_calls: number;
}

function printSummary(outcomes: { label: string; outcome: SyncOutcome; counts?: RunCounts }[]) {
  for (const { label, outcome, counts } of outcomes) {
    const figures = counts
      ? ` — ${counts.records_fetched} read, ${counts.records_upserted} written, ${counts.records_unchanged} unchanged, ` +
        `${counts.records_deleted} deleted, ${counts.records_quarantined} quarantined, ${counts.api_calls} API calls`
      : '';
    const detail = outcome.message ? `\n  ${outcome.message}` : '';
    process.stdout.write(`${label}: ${outcome.status}${figures}${detail}\n`);
  }
  if (outcomes.some((o) => (o.counts?.records_quarantined ?? 0) > 0)) {
    process.stdout.write('Quarantined records and their reasons: GET /api/partnerships/<key>/sync/quarantine\n');
  }
}
