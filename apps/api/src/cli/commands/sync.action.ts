import { describeHealed, type ReconcileReport, type SideKey } from '@alignboard/contracts';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { SyncService, type SyncOutcome } from '../../sync/sync.service.js';
import { CliError } from '../cli-errors.js';
import { withApplication } from '../cli-context.js';
import { syncProgressDisplay } from '../sync-progress.js';
import type { SyncCommandOptions } from './sync.command.js';

export async function syncConnections(options: SyncCommandOptions): Promise<void> {
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
    const display = syncProgressDisplay();
    const sync = app.get(SyncService);
    let results: { label: string; outcome: SyncOutcome }[];
    try {
      results = await Promise.all(
        connections.map(async (c) => {
          const label = `${c.key} ${c.side} (${c.provider})`;
          const line = display.line(label);
          const run = { trigger: 'cli' as const, onProgress: (p: { phase: Parameters<typeof line.update>[0]; fetched: number; total: number | null }) => line.update(p.phase, p.fetched, p.total) };
          const outcome = options.reconcile ? await sync.reconcileConnection(c.id, run) : await sync.syncConnection(c.id, run);
          line.done();
          return { label, outcome };
        }),
      );
    } finally {
      display.stop();
    }
    const runs = await dataSource.query<RunCounts[]>(
      `select id, records_fetched, records_upserted, records_unchanged, records_deleted, records_quarantined, api_calls
       from sync_runs where id = any($1::uuid[])`,
      [results.map((r) => r.outcome.runId).filter(Boolean)],
    );
    return results.map((r) => ({ ...r, counts: runs.find((run) => run.id === r.outcome.runId) }));
  });
  printSummary(outcomes);
  // A run that did not do its work is a failure to whoever scripts this: skipped included.
  if (outcomes.some((o) => o.outcome.status !== 'succeeded')) process.exitCode = 1;
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
    const figures = outcome.report ? ` — ${reconciled(outcome.report)}` : counts ? ` — ${synced(counts)}` : '';
    const detail = outcome.message ? `\n  ${outcome.message}` : '';
    const calls = counts ? `, ${counts.api_calls} API calls` : '';
    process.stdout.write(`${label}: ${outcome.kind === 'reconcile' ? 'reconciliation ' : ''}${outcome.status}${figures}${calls}${detail}\n`);
  }
  if (outcomes.some((o) => (o.counts?.records_quarantined ?? 0) > 0 || (o.outcome.report?.quarantined ?? 0) > 0)) {
    process.stdout.write('Quarantined records and their reasons: GET /api/partnerships/<key>/sync/quarantine\n');
  }
}

/** The run's counters, each counting opportunities: read = written + unchanged + quarantined. */
function synced(c: RunCounts): string {
  return `${c.records_fetched} opportunities read: ${c.records_upserted} written, ${c.records_unchanged} unchanged, ${c.records_quarantined} quarantined; ${c.records_deleted} deleted`;
}

function reconciled(r: ReconcileReport): string {
  const healed = describeHealed(r);
  const parts = [`${r.checked.opportunities} opportunities and ${r.checked.accounts} accounts checked`, healed ? `healed ${healed}` : 'nothing differed'];
  if (r.quarantined) parts.push(`${r.quarantined} still quarantined`);
  return parts.join('; ');
}
