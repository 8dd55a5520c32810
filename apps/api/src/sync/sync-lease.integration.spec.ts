import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pidOfAnEndedProcess } from '../../test-support/cli-process.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database.js';
import { acquireLease, currentLease, releaseLease, renewLease, thisHost, type LeaseHolder } from './sync-lease.js';

describe('sync leases', () => {
  let db: TestDatabase;
  let connectionId: string;
  const now = new Date('2026-11-23T12:00:00Z');
  const holder = (name: string, over: Partial<LeaseHolder> = {}): LeaseHolder => ({ token: name, host: 'other-host', pid: 4242, process: 'API server', ...over });
  const run = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    const [p] = await db.dataSource.query<{ id: string }[]>(`insert into partnerships (key, name, currency) values ('lease', 'L', 'USD') returning id`);
    const [s] = await db.dataSource.query<{ id: string }[]>(`insert into sides (partnership_id, side, company, shared_fields) values ($1, 'A', 'Co', '[]') returning id`, [p.id]);
    [{ id: connectionId }] = await db.dataSource.query<{ id: string }[]>(`insert into crm_connections (side_id, provider, mapping) values ($1, 'hubspot', '{}') returning id`, [s.id]);
  });
  afterAll(() => db.close());

  it('lets one holder at a time sync a connection, says who holds it, and lets a lapsed lease be taken over', async () => {
    const m = db.dataSource.manager;
    expect(await acquireLease(m, connectionId, holder('process-1'), run(1), now)).toEqual({ acquired: true, replaced: null });
    const taken = await acquireLease(m, connectionId, holder('process-2', { host: 'third-host', pid: 7 }), run(2), now);
    expect(taken).toMatchObject({ acquired: false, current: { holder: 'process-1', host: 'other-host', pid: 4242, process: 'API server', runId: run(1), lapsed: false } });
    expect(await renewLease(m, connectionId, 'process-1')).toBe(true);
    expect(await renewLease(m, connectionId, 'process-2')).toBe(false);
    // A 30 s lease, on the product clock.
    const lease = (await currentLease(m, connectionId, now))!;
    expect(lease.expiresAt.getTime() - now.getTime()).toBeGreaterThan(28_000);
    expect(lease.expiresAt.getTime() - now.getTime()).toBeLessThanOrEqual(30_000);

    // process-1 dies without releasing: once its lease is past, another process takes over.
    await m.query(`update sync_leases set expires_at = now() - interval '1 second'`);
    const over = await acquireLease(m, connectionId, holder('process-2'), run(2), now);
    expect(over).toMatchObject({ acquired: true, replaced: { holder: 'process-1', lapsed: true, runId: run(1) } });
    expect(await renewLease(m, connectionId, 'process-1')).toBe(false);

    await releaseLease(m, connectionId, 'process-1');
    expect((await acquireLease(m, connectionId, holder('process-3'), run(3), now)).acquired).toBe(false);
    await releaseLease(m, connectionId, 'process-2');
    expect((await acquireLease(m, connectionId, holder('process-3'), run(3), now)).acquired).toBe(true);
    await releaseLease(m, connectionId, 'process-3');
  });

  it('takes over at once from a holder on this host whose process is gone, and never from one that runs', async () => {
    const m = db.dataSource.manager;
    const gone = pidOfAnEndedProcess();
    expect((await acquireLease(m, connectionId, holder('crashed', { host: thisHost, pid: gone, process: 'CLI sync' }), run(4), now)).acquired).toBe(true);
    // Its lease has 30 s left; its process is gone.
    const over = await acquireLease(m, connectionId, holder('next', { host: thisHost, pid: process.pid }), run(5), now);
    expect(over).toMatchObject({ acquired: true, replaced: { holder: 'crashed', pid: gone, lapsed: false, runId: run(4) } });

    // This process is alive (a second service in one process is a second holder), and so is another host's.
    const again = await acquireLease(m, connectionId, holder('second', { host: thisHost, pid: process.pid }), run(6), now);
    expect(again).toMatchObject({ acquired: false, current: { holder: 'next' } });
    await releaseLease(m, connectionId, 'next');
  });
});
