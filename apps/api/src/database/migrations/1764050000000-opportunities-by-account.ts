import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Opportunities by their account: the sync carries an account's new name and
 * domain over to its stored opportunities on every page that holds accounts.
 * Without this index each such page scanned all the connection's
 * opportunities (a 50,000-deal HubSpot backfill spent most of its time there).
 */
export class OpportunitiesByAccount1764050000000 implements MigrationInterface {
  name = 'OpportunitiesByAccount1764050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create index opportunities_connection_account_idx on opportunities (connection_id, account_crm_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index opportunities_connection_account_idx`);
  }
}
