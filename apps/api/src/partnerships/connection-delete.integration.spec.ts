import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createPartnership, type PartnershipFixture } from '../../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

/** Removing a side's CRM connection removes what was synced through it: the API description says so, and it is so. */
describe('DELETE /api/partnerships/:key/sides/:side/connection', () => {
  let t: TestApp;
  let p: PartnershipFixture;

  beforeAll(async () => {
    t = await createTestApp();
    p = await createPartnership(t, 'connection-delete');
  });
  afterAll(() => t.close());

  it('is described as deleting the side’s synced opportunities, their history and its sync runs, for good', async () => {
    const doc = (await t.http.get('/api/docs/openapi.json').expect(200)).body as {
      paths: Record<string, { delete?: { summary?: string; description?: string } }>;
    };
    const operation = doc.paths['/api/partnerships/{key}/sides/{side}/connection']?.delete;
    expect(operation?.summary).toMatch(/deletes everything synced through it/i);
    for (const word of ['opportunities', 'history', 'accounts', 'sync runs', 'quarantined records', 'cannot be undone']) {
      expect(operation?.description).toContain(word);
    }
  });

  it('does delete its sync runs with it', async () => {
    await t.http
      .put(`/api/partnerships/${p.key}/sides/B/connection`)
      .set(bearer(p.memberB))
      .send({ provider: 'hubspot', accessToken: 'pat-x' })
      .expect(200);
    const [{ id }] = await t.db.dataSource.query<{ id: string }[]>('select id from crm_connections');
    await t.db.dataSource.query(
      `insert into sync_runs (id, connection_id, kind, status, trigger, started_at) values (gen_random_uuid(), $1, 'sync', 'succeeded', 'manual', now())`,
      [id],
    );
    await t.http.delete(`/api/partnerships/${p.key}/sides/B/connection`).set(bearer(p.memberB)).expect(200);
    expect(await t.db.dataSource.query('select id from sync_runs where connection_id = $1', [id])).toEqual([]);
  });
});
