import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { QuarantinedRecordView, SideKey, SideSyncStatus, SyncRunView, SyncStatusView } from '@alignboard/contracts';
import { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock.js';
import type { PartnershipScope } from '../partnerships/partnership-access.service.js';
import { failAbandonedRuns } from './abandoned-runs.js';

interface RunRow {
  id: string;
  side: SideKey;
  kind: SyncRunView['kind'];
  status: SyncRunView['status'];
  trigger: string;
  started_at: Date;
  finished_at: Date | null;
  records_fetched: number;
  records_upserted: number;
  records_unchanged: number;
  records_deleted: number;
  records_quarantined: number;
  api_calls: number;
  progress: SyncRunView['progress'];
  error: string | null;
  report: SyncRunView['report'];
}

const runColumns = `r.id, s.side, r.kind, r.status, r.trigger, r.started_at, r.finished_at, r.records_fetched, r.records_upserted,
  r.records_unchanged, r.records_deleted, r.records_quarantined, r.api_calls, r.progress, r.error, r.report`;

/** What the dashboard and the API show of syncs: counts and states, never another side's records. */
@Injectable()
export class SyncStatusService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async status(scope: PartnershipScope): Promise<SyncStatusView> {
    const sides = await this.dataSource.query<{ side: SideKey; connection_id: string | null; provider: SideSyncStatus['provider'] }[]>(
      `select s.side, c.id as connection_id, c.provider from sides s left join crm_connections c on c.side_id = s.id
       where s.partnership_id = $1 order by s.side`,
      [scope.partnership.id],
    );
    // What is shown as running has a live lease: a run whose process died is failed first, with the reason.
    const connectionIds = sides.flatMap((s) => (s.connection_id ? [s.connection_id] : []));
    await failAbandonedRuns(this.dataSource.manager, connectionIds, this.clock.now());
    const result: SideSyncStatus[] = [];
    for (const s of sides) {
      if (!s.connection_id) {
        result.push({ side: s.side, provider: null, running: null, lastRun: null, lastSuccessAt: null, lastReconciliation: null, opportunities: 0, quarantined: 0 });
        continue;
      }
      const runs = await this.runs(scope, { side: s.side, limit: 1 });
      const running = await this.dataSource.query<RunRow[]>(
        `select ${runColumns} from sync_runs r join crm_connections c on c.id = r.connection_id join sides s on s.id = c.side_id
         where r.connection_id = $1 and r.status = 'running' order by r.started_at desc limit 1`,
        [s.connection_id],
      );
      const reconciled = await this.dataSource.query<RunRow[]>(
        `select ${runColumns} from sync_runs r join crm_connections c on c.id = r.connection_id join sides s on s.id = c.side_id
         where r.connection_id = $1 and r.kind = 'reconcile' and r.finished_at is not null order by r.started_at desc limit 1`,
        [s.connection_id],
      );
      const [counts] = await this.dataSource.query<{ opportunities: string; quarantined: string; last_success: Date | null }[]>(
        `select (select count(*) from opportunities where connection_id = $1 and not is_deleted) as opportunities,
                (select count(*) from quarantined_records where connection_id = $1) as quarantined,
                (select max(finished_at) from sync_runs where connection_id = $1 and status = 'succeeded') as last_success`,
        [s.connection_id],
      );
      result.push({
        side: s.side,
        provider: s.provider,
        running: running[0] ? runView(running[0], scope.side) : null,
        lastRun: runs[0] ?? null,
        lastSuccessAt: counts.last_success?.toISOString() ?? null,
        lastReconciliation: reconciled[0] ? runView(reconciled[0], scope.side) : null,
        opportunities: Number(counts.opportunities),
        quarantined: Number(counts.quarantined),
      });
    }
    return { sides: result };
  }

  async runs(scope: PartnershipScope, query: { side?: SideKey; limit: number }): Promise<SyncRunView[]> {
    const rows = await this.dataSource.query<RunRow[]>(
      `select ${runColumns} from sync_runs r join crm_connections c on c.id = r.connection_id join sides s on s.id = c.side_id
       where s.partnership_id = $1 and ($2::text is null or s.side = $2) order by r.started_at desc limit $3`,
      [scope.partnership.id, query.side ?? null, query.limit],
    );
    return rows.map((r) => runView(r, scope.side));
  }

  /** Quarantined records hold raw CRM data: a side sees only its own (admins see both). */
  async quarantine(scope: PartnershipScope, query: { side?: SideKey; limit: number }): Promise<QuarantinedRecordView[]> {
    const side = scope.side ?? query.side ?? null;
    const rows = await this.dataSource.query<{ side: SideKey; object_type: 'opportunity' | 'account'; crm_id: string; reason: string; raw: unknown; first_seen_at: Date; last_seen_at: Date }[]>(
      `select s.side, q.object_type, q.crm_id, q.reason, q.raw, q.first_seen_at, q.last_seen_at
       from quarantined_records q join crm_connections c on c.id = q.connection_id join sides s on s.id = c.side_id
       where s.partnership_id = $1 and ($2::text is null or s.side = $2) order by q.last_seen_at desc, q.crm_id limit $3`,
      [scope.partnership.id, side, query.limit],
    );
    return rows.map((r) => ({
      side: r.side,
      objectType: r.object_type,
      crmId: r.crm_id,
      reason: r.reason,
      raw: r.raw,
      firstSeenAt: r.first_seen_at.toISOString(),
      lastSeenAt: r.last_seen_at.toISOString(),
    }));
  }
}

/**
 * A run as the API shows it. A reconciliation's counts are shared with both
 * sides; the ids of the records it healed only with the side they belong to
 * (an id of the other side's direct business is that business).
 */
function runView(r: RunRow, viewer: SideKey | null): SyncRunView {
  const report = r.report && viewer && viewer !== r.side ? { ...r.report, records: [], truncated: r.report.truncated || r.report.records.length > 0 } : r.report;
  return {
    id: r.id,
    side: r.side,
    kind: r.kind,
    status: r.status,
    trigger: r.trigger,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    recordsFetched: r.records_fetched,
    recordsUpserted: r.records_upserted,
    recordsUnchanged: r.records_unchanged,
    recordsDeleted: r.records_deleted,
    recordsQuarantined: r.records_quarantined,
    apiCalls: r.api_calls,
    progress: r.progress,
    error: r.error,
    report,
  };
}
