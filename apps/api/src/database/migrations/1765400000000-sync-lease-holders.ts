import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A sync lease says who holds it — host, process id, what kind of process,
 * since when — so a run that finds it taken can name the holder, and a run on
 * the same host can see that the holder's process is gone. A run records who
 * ran it, so a run whose process died can be marked failed with that name
 * after its lease is gone.
 */
export class SyncLeaseHolders1765400000000 implements MigrationInterface {
  name = 'SyncLeaseHolders1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table sync_leases add column holder_host text`);
    await q.query(`alter table sync_leases add column holder_pid integer`);
    await q.query(`alter table sync_leases add column holder_process text`);
    await q.query(`alter table sync_leases add column acquired_at timestamptz not null default now()`);
    await q.query(`alter table sync_runs add column held_by text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table sync_runs drop column held_by`);
    await q.query(`alter table sync_leases drop column acquired_at`);
    await q.query(`alter table sync_leases drop column holder_process`);
    await q.query(`alter table sync_leases drop column holder_pid`);
    await q.query(`alter table sync_leases drop column holder_host`);
  }
}
