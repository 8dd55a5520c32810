import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { acquireLease, leaseHolderRun, releaseLease, renewLease } from './sync-lease.js';

describe('sync leases', () => {
  let db: TestDatabase;
  let connectionId: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    const [p] = await db.dataSource.query<{ id: string }[]>(`insert into partnerships (key, name, currency) values ('lease', 'L', 'USD') returning id`);
    const [s] = await db.dataSource.query<{ id: string }[]>(`insert into sides (partnership_id, side, company, shared_fields) values ($1, 'A', 'Co', '[]') returning id`, [p.id]);
    [{ id: connectionId }] = await db.dataSource.query<{ id: string }[]>(`insert into crm_connections (side_id, provider, mapping) values ($1, 'hubspot', '{}') returning id`, [s.id]);
  });
  afterAll(() => db.close());

  it('lets one holder at a time sync a connection, and a crashed holder’s lease expire', async () => {
    const m = db.dataSource.manager;
    const run1 = '00000000-0000-4000-8000-000000000001';
    expect(await acquireLease(m, connectionId, 'process-1', run1)).toBe(true);
    expect(await acquireLease(m, connectionId, 'process-2', null)).toBe(false);
    expect(await leaseHolderRun(m, connectionId)).toBe(run1);
    expect(await renewLease(m, connectionId, 'process-1')).toBe(true);
    expect(await renewLease(m, connectionId, 'process-2')).toBe(false);

    // process-1 dies without releasing: once the lease is past, another process takes over.
    await m.query(`update sync_leases set expires_at = now() - interval '1 second'`);
    expect(await acquireLease(m, connectionId, 'process-2', null)).toBe(true);
    expect(await renewLease(m, connectionId, 'process-1')).toBe(false);

    await releaseLease(m, connectionId, 'process-1');
    expect(await acquireLease(m, connectionId, 'process-3', null)).toBe(false);
    await releaseLease(m, connectionId, 'process-2');
    expect(await acquireLease(m, connectionId, 'process-3', null)).toBe(true);
  });
});
