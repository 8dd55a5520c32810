import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPartnership, bearer, type PartnershipFixture } from '../../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { SyncService } from '../sync/sync.service.js';
import { SecretBox } from './secret-box.js';

const mismatch = 'ALIGNBOARD_SECRET_KEY does not match the key the stored CRM credentials were sealed with';

/**
 * Credentials sealed under one key and read under another (a restored backup,
 * a key rotated by hand): every reader says so in the operator's words, and
 * entering the credentials again seals them with the current key.
 */
describe('a secret key that does not match the stored credentials', () => {
  let t: TestApp;
  let p: PartnershipFixture;
  const connection = {
    provider: 'salesforce',
    loginUrl: 'http://127.0.0.1:9',
    clientId: 'cid',
    clientSecret: 'cs',
    username: 'u@cobalt.example',
    password: 'pw',
    mapping: { motion: { field: 'Joint_Motion__c' } },
  };

  beforeAll(async () => {
    t = await createTestApp();
    p = await createPartnership(t, 'key-mismatch');
    await t.http.put(`/api/partnerships/${p.key}/sides/A/connection`).set(bearer(p.memberA)).send(connection).expect(200);
    // As if the database came from a deployment with another ALIGNBOARD_SECRET_KEY.
    await t.db.dataSource.query('update crm_connections set credentials_sealed = $1', [
      new SecretBox(randomBytes(32)).sealJson({ clientId: 'cid', clientSecret: 'cs', username: 'u', password: 'pw' }),
    ]);
  });
  afterAll(() => t.close());

  it('the API answers 503 with the mismatch, never the cipher’s words', async () => {
    const res = await t.http.get(`/api/partnerships/${p.key}`).set(bearer(p.memberA));
    expect(res.status).toBe(503);
    expect(res.body.message).toMatch(new RegExp(`^${mismatch}`));
    expect(JSON.stringify(res.body)).not.toMatch(/Unsupported state|authenticate data/);
  });

  it('a sync run fails with the mismatch as its message', async () => {
    const [{ id }] = await t.db.dataSource.query<{ id: string }[]>('select id from partnerships where key = $1', [p.key]);
    const [outcome] = await t.app.get(SyncService).syncPartnership(id, { trigger: 'manual' });
    expect(outcome).toMatchObject({ side: 'A', status: 'failed' });
    expect(outcome.message).toMatch(new RegExp(`^${mismatch}`));
    const [run] = await t.db.dataSource.query<{ status: string; error: string }[]>(
      'select status, error from sync_runs where id = $1',
      [outcome.runId],
    );
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(new RegExp(`^${mismatch}`));
  });

  it('entering the credentials again seals them with the current key', async () => {
    await t.http.put(`/api/partnerships/${p.key}/sides/A/connection`).set(bearer(p.memberA)).send(connection).expect(200);
    const res = await t.http.get(`/api/partnerships/${p.key}`).set(bearer(p.memberA)).expect(200);
    expect(res.body.sides.A.connection.credentialsSet).toEqual(['clientId', 'clientSecret', 'username', 'password']);
  });
});
