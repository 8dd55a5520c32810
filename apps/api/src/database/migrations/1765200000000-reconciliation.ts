import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reconciliation: a sync run is either an incremental sync or a
 * reconciliation (with the report of what it checked and healed); a record
 * the CRM no longer holds at all is kept, marked purged, and left out of the
 * figures as a fresh full sync would leave it; each connection may set its
 * lookback; a reconciliation that heals raises a `sync_drift` alert.
 */
export class Reconciliation1765200000000 implements MigrationInterface {
  name = 'Reconciliation1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table sync_runs add column kind text not null default 'sync' constraint sync_runs_kind_ck check (kind in ('sync', 'reconcile'))`);
    await q.query(`alter table sync_runs add column report jsonb`);
    await q.query(`create index sync_runs_connection_kind_idx on sync_runs (connection_id, kind, started_at desc)`);
    await q.query(`alter table opportunities add column purged_at timestamptz`);
    await q.query(
      `alter table crm_connections add column lookback_minutes integer constraint crm_connections_lookback_ck check (lookback_minutes between 0 and 1440)`,
    );
    await q.query(`alter table alerts drop constraint alerts_kind_ck`);
    await q.query(`
      alter table alerts add constraint alerts_kind_ck check (kind in
        ('kill_candidate', 'at_risk', 'consecutive_cancellations', 'prework_late', 'artifact_overdue', 'sync_failing', 'sync_drift'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`delete from alerts where kind = 'sync_drift'`);
    await q.query(`alter table alerts drop constraint alerts_kind_ck`);
    await q.query(`
      alter table alerts add constraint alerts_kind_ck check (kind in
        ('kill_candidate', 'at_risk', 'consecutive_cancellations', 'prework_late', 'artifact_overdue', 'sync_failing'))`);
    await q.query(`alter table crm_connections drop column lookback_minutes`);
    await q.query(`alter table opportunities drop column purged_at`);
    await q.query(`drop index sync_runs_connection_kind_idx`);
    await q.query(`alter table sync_runs drop column report`);
    await q.query(`alter table sync_runs drop column kind`);
  }
}
