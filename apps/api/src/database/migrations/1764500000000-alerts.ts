import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts of the meeting loop: one row per condition and period (the unique
 * constraint is the deduplication, so evaluations can run concurrently), and
 * the per-partnership lease that lets one API process run the hourly
 * evaluation when several share the database.
 */
export class Alerts1764500000000 implements MigrationInterface {
  name = 'Alerts1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table alerts (
        id uuid primary key default gen_random_uuid(),
        partnership_id uuid not null constraint alerts_partnership_fk references partnerships (id) on delete cascade,
        kind text not null constraint alerts_kind_ck check (kind in
          ('kill_candidate', 'at_risk', 'consecutive_cancellations', 'prework_late', 'artifact_overdue', 'sync_failing')),
        subject text not null,
        period text not null,
        message text not null,
        details jsonb not null default '{}',
        raised_at timestamptz not null default now(),
        acknowledged_at timestamptz,
        acknowledged_by text,
        constraint alerts_condition_uq unique (partnership_id, kind, subject, period),
        constraint alerts_acknowledged_ck check ((acknowledged_at is null) = (acknowledged_by is null))
      )`);
    await q.query(
      `create index alerts_partnership_open_idx on alerts (partnership_id, raised_at desc) where acknowledged_at is null`,
    );
    await q.query(`
      create table alert_evaluation_leases (
        partnership_id uuid primary key constraint alert_evaluation_leases_partnership_fk references partnerships (id) on delete cascade,
        holder text not null,
        expires_at timestamptz not null
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table alert_evaluation_leases`);
    await q.query(`drop index alerts_partnership_open_idx`);
    await q.query(`drop table alerts`);
  }
}
