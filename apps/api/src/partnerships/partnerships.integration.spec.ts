import type { CreatePartnershipInput } from '@alignboard/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry } from '../audit/entities/audit-entry.entity.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

const cobalt = {
  key: 'cobalt-northgate',
  name: 'Cobalt Security x Northgate Systems',
  currency: 'USD',
  sides: {
    A: { company: 'Cobalt Security', people: [{ name: 'Dana Reyes', email: 'dana@cobalt.example', role: 'cro' }] },
    B: { company: 'Northgate Systems', people: [{ name: 'Sam Okafor', email: 'sam@northgate.example', role: 'cro' }] },
  },
} satisfies Partial<CreatePartnershipInput> & Record<string, unknown>;

const other = {
  key: 'acme-globex',
  name: 'Acme x Globex',
  currency: 'EUR',
  sides: { A: { company: 'Acme' }, B: { company: 'Globex' } },
};

describe('partnerships API and authorization', () => {
  let t: TestApp;
  let admin: string;
  let dana: string;
  let danaViewer: string;
  let sam: string;
  let outsider: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.token({ email: 'root@alignboard.test', role: 'admin' });
    await t.http.post('/api/partnerships').set('Authorization', `Bearer ${admin}`).send(cobalt).expect(201);
    await t.http.post('/api/partnerships').set('Authorization', `Bearer ${admin}`).send(other).expect(201);
    dana = await t.token({ email: 'dana@cobalt.example', role: 'member', partnership: 'cobalt-northgate' });
    danaViewer = await t.token({ email: 'dana@cobalt.example', role: 'viewer', partnership: 'cobalt-northgate' });
    sam = await t.token({ email: 'sam@northgate.example', role: 'member', partnership: 'cobalt-northgate' });
    outsider = await t.token({ email: 'eve@acme.example', role: 'member', partnership: 'acme-globex', side: 'A' });
  });
  afterAll(() => t.close());

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('answers 401 without a token, with a malformed one, and with an unknown one', async () => {
    await t.http.get('/api/partnerships').expect(401);
    await t.http.get('/api/partnerships').set('Authorization', 'Bearer nope').expect(401);
    const res = await t.http
      .get('/api/partnerships/cobalt-northgate')
      .set('Authorization', `Bearer abt_${'x'.repeat(43)}`)
      .expect(401);
    expect(res.body.message).toMatch(/unknown, revoked or expired/);
  });

  it('creates a partnership with defaults and reads it back', async () => {
    const res = await t.http.get('/api/partnerships/cobalt-northgate').set(as(dana)).expect(200);
    expect(res.body).toMatchObject({
      key: 'cobalt-northgate',
      currency: 'USD',
      mySide: 'A',
      fiscalYearStartMonth: 1,
      fiscalYearNamedBy: 'start',
      bookingSide: 'A',
      killThreshold: 0.05,
      meeting: { rule: 'third-thursday', preworkBusinessDays: 3 },
    });
    expect(res.body.sides.A.people).toEqual([{ name: 'Dana Reyes', email: 'dana@cobalt.example', role: 'cro' }]);
    expect(res.body.sides.B.company).toBe('Northgate Systems');
    expect(res.body.sides.B.sharedFields).toContain('amount');
  });

  it('takes the side from the people list when granting membership', async () => {
    const res = await t.http.get('/api/partnerships/cobalt-northgate').set(as(sam)).expect(200);
    expect(res.body.mySide).toBe('B');
  });

  it('lists only the partnerships a member belongs to; admins see all', async () => {
    const mine = await t.http.get('/api/partnerships').set(as(dana)).expect(200);
    expect(mine.body.map((p: { key: string }) => p.key)).toEqual(['cobalt-northgate']);
    const all = await t.http.get('/api/partnerships').set(as(admin)).expect(200);
    expect(all.body.map((p: { key: string }) => p.key)).toEqual(['acme-globex', 'cobalt-northgate']);
  });

  it('answers 404, not 403, for a partnership the caller does not belong to', async () => {
    const res = await t.http.get('/api/partnerships/cobalt-northgate').set(as(outsider)).expect(404);
    expect(res.body.message).toBe('No partnership with key cobalt-northgate');
    const missing = await t.http.get('/api/partnerships/no-such-thing').set(as(outsider)).expect(404);
    expect(missing.body.message).toBe('No partnership with key no-such-thing');
    await t.http.patch('/api/partnerships/cobalt-northgate').set(as(outsider)).send({ name: 'x' }).expect(404);
  });

  it('forbids writes with a viewer token and admin-only routes for members', async () => {
    const res = await t.http.patch('/api/partnerships/cobalt-northgate').set(as(danaViewer)).send({ name: 'x' }).expect(403);
    expect(res.body.message).toMatch(/read-only/);
    await t.http.get('/api/partnerships/cobalt-northgate').set(as(danaViewer)).expect(200);
    await t.http.post('/api/partnerships').set(as(dana)).send({ ...other, key: 'new-one' }).expect(403);
    await t.http.delete('/api/partnerships/cobalt-northgate').set(as(dana)).expect(403);
  });

  it('names the offending field in a 400', async () => {
    const res = await t.http
      .patch('/api/partnerships/cobalt-northgate')
      .set(as(dana))
      .send({ killThreshold: 2, meeting: { preworkBusinessDays: 'three' } })
      .expect(400);
    const fields = res.body.issues.map((i: { field: string }) => i.field).sort();
    expect(fields).toEqual(['killThreshold', 'meeting.preworkBusinessDays']);
    expect(res.body.message).toContain('killThreshold:');
    const unknown = await t.http.patch('/api/partnerships/cobalt-northgate').set(as(dana)).send({ colour: 'red' }).expect(400);
    expect(unknown.body.message).toMatch(/colour/);
  });

  it('refuses what the partnership file refuses: an unknown currency, an overlong name, a terminal escape; nothing changes', async () => {
    const url = '/api/partnerships/cobalt-northgate';
    const before = (await t.http.get(url).set(as(dana)).expect(200)).body;
    for (const [body, field, message] of [
      [{ currency: 'XYZ' }, 'currency', 'XYZ is not an ISO 4217 currency code'],
      [{ name: 'x'.repeat(201) }, 'name', '<=200 characters'],
      [{ name: 'Cobalt\u001b[31mNorthgate' }, 'name', 'without control characters (found U+001B at character 7)'],
    ] as const) {
      const res = await t.http.patch(url).set(as(dana)).send(body).expect(400);
      expect(res.body.issues).toEqual([{ field, message: expect.stringContaining(message) }]);
    }
    expect((await t.http.get(url).set(as(dana)).expect(200)).body).toEqual(before);
  });

  it('answers 409 for a second partnership with the same key', async () => {
    const res = await t.http.post('/api/partnerships').set(as(admin)).send(cobalt).expect(409);
    expect(res.body.message).toBe('A partnership with key cobalt-northgate already exists');
  });

  it('records every write in the audit log with before and after; an unchanged write records nothing', async () => {
    const audit = t.db.dataSource.getRepository(AuditEntry);
    const before = await audit.count();
    await t.http.patch('/api/partnerships/cobalt-northgate').set(as(dana)).send({ killThreshold: 0.1 }).expect(200);
    const entries = await audit.find({ order: { id: 'DESC' }, take: 1 });
    expect(await audit.count()).toBe(before + 1);
    expect(entries[0]).toMatchObject({
      action: 'partnership.update',
      actor: 'user:dana@cobalt.example',
      entityType: 'partnership',
      before: expect.objectContaining({ killThreshold: 0.05 }),
      after: expect.objectContaining({ killThreshold: 0.1 }),
    });
    expect(entries[0].requestId).toMatch(/^[\w-]+$/);

    await t.http.patch('/api/partnerships/cobalt-northgate').set(as(dana)).send({ killThreshold: 0.1 }).expect(200);
    expect(await audit.count()).toBe(before + 1);
  });

  it("lets a side change its own people and connection, not the other side's", async () => {
    const people = { company: 'Cobalt Security', people: [{ name: 'Lee Park', email: 'Lee@Cobalt.example', role: 'finance' }] };
    const res = await t.http.put('/api/partnerships/cobalt-northgate/sides/A').set(as(dana)).send(people).expect(200);
    expect(res.body.sides.A.people).toEqual([{ name: 'Lee Park', email: 'lee@cobalt.example', role: 'finance' }]);
    await t.http.put('/api/partnerships/cobalt-northgate/sides/B').set(as(dana)).send(people).expect(403);
    await t.http.put('/api/partnerships/cobalt-northgate/sides/C').set(as(dana)).send(people).expect(404);
  });

  it('stores connection credentials sealed and never returns or logs them', async () => {
    const secret = 'sf-secret-value-8c1f2e';
    const res = await t.http
      .put('/api/partnerships/cobalt-northgate/sides/A/connection')
      .set(as(dana))
      .send({
        provider: 'salesforce',
        loginUrl: 'http://127.0.0.1:4010',
        clientId: 'cid-visible-nowhere',
        clientSecret: secret,
        username: 'u@cobalt.example',
        password: 'pw-3e9a',
        mapping: { motion: { field: 'Joint_Motion__c' } },
      })
      .expect(200);
    expect(res.body.sides.A.connection).toMatchObject({
      provider: 'salesforce',
      apiVersion: '62.0',
      credentialsSet: ['clientId', 'clientSecret', 'username', 'password'],
    });
    const everything = [
      JSON.stringify(res.body),
      JSON.stringify((await t.http.get('/api/partnerships/cobalt-northgate').set(as(sam)).expect(200)).body),
      JSON.stringify(await t.db.dataSource.getRepository(AuditEntry).find()),
      t.logs.text,
    ].join('\n');
    for (const value of [secret, 'pw-3e9a', 'cid-visible-nowhere']) expect(everything).not.toContain(value);

    const [row] = await t.db.dataSource.query<{ credentials_sealed: string }[]>(
      'select credentials_sealed from crm_connections',
    );
    expect(row.credentials_sealed).not.toContain(secret);
    const { SecretBox } = await import('../crypto/secret-box.js');
    expect(new SecretBox(t.secretKey).openJson(row.credentials_sealed)).toMatchObject({ clientSecret: secret });
  });

  it('rejects a connection without a login or instance URL, naming the field', async () => {
    const res = await t.http
      .put('/api/partnerships/cobalt-northgate/sides/A/connection')
      .set(as(dana))
      .send({ provider: 'salesforce', mapping: {} })
      .expect(400);
    expect(res.body.issues[0].field).toBe('loginUrl');
  });

  it("keeps a connection's own lookback, and refuses one it cannot mean, naming the field", async () => {
    const put = (body: Record<string, unknown>) =>
      t.http.put('/api/partnerships/cobalt-northgate/sides/B/connection').set(as(sam)).send({ provider: 'hubspot', accessToken: 'pat-x', ...body });
    expect((await put({}).expect(200)).body.sides.B.connection.lookbackMinutes).toBeNull();
    expect((await put({ lookbackMinutes: 45 }).expect(200)).body.sides.B.connection.lookbackMinutes).toBe(45);
    const [row] = await t.db.dataSource.query<{ lookback_minutes: number }[]>(`select lookback_minutes from crm_connections where provider = 'hubspot'`);
    expect(row.lookback_minutes).toBe(45);
    for (const bad of [-1, 2000, 1.5, '15']) {
      const res = await put({ lookbackMinutes: bad }).expect(400);
      expect(res.body.issues[0].field).toBe('lookbackMinutes');
    }
  });

  it('lets an admin delete a partnership and keeps its audit trail', async () => {
    await t.http.delete('/api/partnerships/acme-globex').set(as(admin)).expect(204);
    await t.http.get('/api/partnerships/acme-globex').set(as(admin)).expect(404);
    const trail = await t.db.dataSource.getRepository(AuditEntry).findBy({ action: 'partnership.delete' });
    expect(trail).toHaveLength(1);
    expect(trail[0].before).toMatchObject({ key: 'acme-globex' });
  });
});
