import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { migrations } from './migrations/index.js';

const domainTables = [
  'users', 'api_tokens', 'memberships', 'partnerships', 'sides', 'people', 'crm_connections',
  'accounts', 'opportunities', 'opportunity_history', 'motions', 'motion_forecasts', 'asks',
  'ask_status_history', 'meetings', 'decisions', 'artifacts', 'artifact_revisions',
  'named_account_sets', 'audit_log', 'sync_runs', 'quarantined_records', 'sync_leases', 'crm_dated_rates', 'partnership_rates',
  'deal_group_overrides',
  'motion_changes',
  'prework_packets',
  'alerts', 'alert_evaluation_leases',
  'delivery_outbox', 'delivery_attachments',
  'partnership_changes',
];

describe('migrations (up → down → up)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(() => db.close());

  const tables = async () =>
    (
      await db.dataSource.query<{ table_name: string }[]>(
        `select table_name from information_schema.tables where table_schema = 'public' and table_name <> 'schema_migrations'`,
      )
    ).map((r) => r.table_name).sort();

  it('creates every domain table, removes them all, and creates them again', async () => {
    expect(await tables()).toEqual([]);

    const applied = await db.dataSource.runMigrations({ transaction: 'each' });
    expect(applied.map((m) => m.name)).toEqual(migrations.map((m) => new m().name));
    expect(await tables()).toEqual([...domainTables].sort());

    for (let i = 0; i < migrations.length; i++) await db.dataSource.undoLastMigration({ transaction: 'each' });
    expect(await tables()).toEqual([]);

    await db.dataSource.runMigrations({ transaction: 'each' });
    expect(await tables()).toEqual([...domainTables].sort());
    expect(await db.dataSource.showMigrations()).toBe(false);
  });

  it('enforces the domain constraints in the database itself', async () => {
    const insertPartnership = (key: string, threshold: number) =>
      db.dataSource.query(
        `insert into partnerships (key, name, currency, kill_threshold) values ($1, 'x', 'USD', $2)`,
        [key, threshold],
      );
    await insertPartnership('valid-key', 0.05);
    await expect(insertPartnership('valid-key', 0.05)).rejects.toThrow(/partnerships_key_uq/);
    await expect(insertPartnership('other-key', 1.5)).rejects.toThrow(/partnerships_kill_threshold_ck/);
    await expect(insertPartnership('Bad Key', 0.05)).rejects.toThrow(/partnerships_key_ck/);
  });
});
