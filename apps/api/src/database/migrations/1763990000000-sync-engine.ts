import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the sync engine needs beyond the foundation: quarantined records,
 * per-connection leases (one sync per connection across processes), the
 * CRM's dated exchange rates and the partnership's configured ones, record
 * warnings and run progress.
 */
export class SyncEngine1763990000000 implements MigrationInterface {
  name = 'SyncEngine1763990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table quarantined_records (
        id uuid primary key default gen_random_uuid(),
        connection_id uuid not null constraint quarantined_records_connection_fk references crm_connections (id) on delete cascade,
        object_type text not null constraint quarantined_records_object_type_ck check (object_type in ('opportunity', 'account')),
        crm_id text not null,
        reason text not null,
        raw jsonb,
        run_id uuid constraint quarantined_records_run_fk references sync_runs (id) on delete set null,
        first_seen_at timestamptz not null default now(),
        last_seen_at timestamptz not null default now(),
        constraint quarantined_records_connection_object_uq unique (connection_id, object_type, crm_id)
      )`);
    await q.query(`
      create table sync_leases (
        connection_id uuid primary key constraint sync_leases_connection_fk references crm_connections (id) on delete cascade,
        holder text not null,
        run_id uuid,
        expires_at timestamptz not null
      )`);
    await q.query(`
      create table crm_dated_rates (
        connection_id uuid not null constraint crm_dated_rates_connection_fk references crm_connections (id) on delete cascade,
        currency char(3) not null,
        start_date date not null,
        next_start_date date,
        per_corporate_unit numeric(24, 10) not null constraint crm_dated_rates_rate_ck check (per_corporate_unit > 0),
        corporate_currency char(3) not null,
        constraint crm_dated_rates_pk primary key (connection_id, currency, start_date)
      )`);
    await q.query(`
      create table partnership_rates (
        partnership_id uuid not null constraint partnership_rates_partnership_fk references partnerships (id) on delete cascade,
        currency char(3) not null,
        start_date date not null default '1900-01-01',
        base_per_unit numeric(24, 10) not null constraint partnership_rates_rate_ck check (base_per_unit > 0),
        constraint partnership_rates_pk primary key (partnership_id, currency, start_date)
      )`);
    await q.query(`alter table opportunities add column warnings jsonb not null default '[]'`);
    await q.query(`alter table sync_runs add column progress jsonb`);
    await q.query(`alter table sync_runs add column records_failed_history integer not null default 0`);
    await q.query(`alter table sync_runs drop constraint sync_runs_status_ck`);
    await q.query(`
      alter table sync_runs add constraint sync_runs_status_ck
        check (status in ('running', 'succeeded', 'failed', 'stopped', 'skipped'))`);
    await q.query(`create index opportunities_connection_modified_idx on opportunities (connection_id, crm_modified_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index opportunities_connection_modified_idx`);
    await q.query(`delete from sync_runs where status = 'skipped'`);
    await q.query(`alter table sync_runs drop constraint sync_runs_status_ck`);
    await q.query(`
      alter table sync_runs add constraint sync_runs_status_ck
        check (status in ('running', 'succeeded', 'failed', 'stopped'))`);
    await q.query(`alter table sync_runs drop column records_failed_history`);
    await q.query(`alter table sync_runs drop column progress`);
    await q.query(`alter table opportunities drop column warnings`);
    await q.query(`drop table partnership_rates`);
    await q.query(`drop table crm_dated_rates`);
    await q.query(`drop table sync_leases`);
    await q.query(`drop table quarantined_records`);
  }
}
