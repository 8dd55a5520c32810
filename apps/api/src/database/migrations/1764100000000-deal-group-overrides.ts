import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Manual link/unlink overrides of the deal matching (SPEC §4 rule 1), one per
 * pair of records: a new override of the same pair replaces the old. Records
 * are named by CRM id, not by our row id, so an override outlives a
 * connection's re-sync. Plus the index the figures' cache refreshes by: the
 * opportunities a sync has written since the last load.
 */
export class DealGroupOverrides1764100000000 implements MigrationInterface {
  name = 'DealGroupOverrides1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table deal_group_overrides (
        id uuid primary key default gen_random_uuid(),
        partnership_id uuid not null constraint deal_group_overrides_partnership_fk references partnerships (id) on delete cascade,
        side_a_crm_id text not null,
        side_b_crm_id text not null,
        kind text not null constraint deal_group_overrides_kind_ck check (kind in ('link', 'unlink')),
        note text,
        created_by text not null,
        created_at timestamptz not null default now(),
        constraint deal_group_overrides_pair_uq unique (partnership_id, side_a_crm_id, side_b_crm_id)
      )`);
    await q.query(
      `create index opportunities_partnership_synced_idx on opportunities (partnership_id, synced_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index opportunities_partnership_synced_idx`);
    await q.query(`drop table deal_group_overrides`);
  }
}
