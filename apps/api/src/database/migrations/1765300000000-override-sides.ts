import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which side made a group override (null: an admin or the CLI, who stand on
 * neither). A side keeps seeing the overrides it made, whose ids it typed
 * itself, even when the other side's record is no longer shared with it
 * (ADR 003).
 */
export class OverrideSides1765300000000 implements MigrationInterface {
  name = 'OverrideSides1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table deal_group_overrides
        add column created_by_side text constraint deal_group_overrides_side_ck check (created_by_side in ('A', 'B'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table deal_group_overrides drop column created_by_side`);
  }
}
