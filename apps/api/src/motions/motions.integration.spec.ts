import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

const cobalt = {
  key: 'cobalt-northgate',
  name: 'Cobalt Security x Northgate Systems',
  currency: 'USD',
  sides: {
    A: {
      company: 'Cobalt Security',
      people: [{ name: 'Dana Reyes', email: 'dana@cobalt.example', role: 'cro' }],
    },
    B: {
      company: 'Northgate Systems',
      people: [{ name: 'Sam Okafor', email: 'sam@northgate.example', role: 'cro' }],
    },
  },
};
const acme = {
  key: 'acme-globex',
  name: 'Acme x Globex',
  currency: 'EUR',
  sides: { A: { company: 'Acme' }, B: { company: 'Globex' } },
};
const base = '/api/partnerships/cobalt-northgate/motions';

describe('motions API', () => {
  let t: TestApp;
  let admin: string;
  let dana: string;
  let sam: string;
  let viewer: string;
  let outsider: string;

  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const motionAudit = async () =>
    (
      await t.db.dataSource.query(
        `select action from audit_log where entity_type = 'motion' order by id`,
      )
    ).map((r: { action: string }) => r.action);
  /** A held meeting with one decision, inserted directly: the decisions API is not under test here. */
  const decisionOf = async (partnershipKey: string): Promise<string> => {
    const [{ id: partnershipId }] = await t.db.dataSource.query(
      `select id from partnerships where key = $1`,
      [partnershipKey],
    );
    const [{ id: meetingId }] = await t.db.dataSource.query(
      `insert into meetings (partnership_id, quarter, scheduled_date, status) values ($1, '2026-Q1', '2026-01-15', 'held') returning id`,
      [partnershipId],
    );
    const [{ id }] = await t.db.dataSource.query(
      `insert into decisions (partnership_id, meeting_id, kind, text) values ($1, $2, 'motion', 'Kill it') returning id`,
      [partnershipId, meetingId],
    );
    return id;
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.token({ email: 'root@alignboard.test', role: 'admin' });
    await t.http.post('/api/partnerships').set(as(admin)).send(cobalt).expect(201);
    await t.http.post('/api/partnerships').set(as(admin)).send(acme).expect(201);
    dana = await t.token({
      email: 'dana@cobalt.example',
      role: 'member',
      partnership: 'cobalt-northgate',
    });
    sam = await t.token({
      email: 'sam@northgate.example',
      role: 'member',
      partnership: 'cobalt-northgate',
    });
    viewer = await t.token({
      email: 'dana@cobalt.example',
      role: 'viewer',
      partnership: 'cobalt-northgate',
    });
    outsider = await t.token({
      email: 'eve@acme.example',
      role: 'member',
      partnership: 'acme-globex',
      side: 'A',
    });
  });
  afterAll(() => t.close());

  it('creates a motion and lists it with forecast and stretch per quarter', async () => {
    const created = await t.http
      .post(base)
      .set(as(dana))
      .send({
        key: 'mssp-upsell',
        name: 'MSSP upsell',
        owners: { A: 'dana@cobalt.example' },
        forecasts: { '2026-Q2': 500000, '2026-Q1': 400000.5 },
        stretch: { '2026-Q2': 650000 },
      })
      .expect(201);
    expect(created.body).toMatchObject({
      key: 'mssp-upsell',
      name: 'MSSP upsell',
      status: 'active',
      killedByDecisionId: null,
      owners: { A: 'dana@cobalt.example', B: null },
      forecasts: { '2026-Q1': 400000.5, '2026-Q2': 500000 },
      stretch: { '2026-Q2': 650000 },
    });
    const list = await t.http.get(base).set(as(sam)).expect(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0].forecasts).toEqual({ '2026-Q1': 400000.5, '2026-Q2': 500000 });
    expect(Object.keys(list.body[0].forecasts)).toEqual(['2026-Q1', '2026-Q2']);
    expect(await motionAudit()).toEqual(['motion.create']);
  });

  it('answers 409 for a duplicate key', async () => {
    const res = await t.http
      .post(base)
      .set(as(sam))
      .send({ key: 'mssp-upsell', name: 'Again' })
      .expect(409);
    expect(res.body.message).toBe(
      'A motion with key mssp-upsell already exists in cobalt-northgate',
    );
  });

  it('answers 400 naming the field', async () => {
    const bad = await t.http
      .post(base)
      .set(as(dana))
      .send({
        key: 'cloud',
        name: 'Cloud',
        forecasts: { '2026-Q5': 1, '2026-Q1': -5, '2026-Q2': 1.005 },
        stretch: { '2026-Q3': 9 },
      })
      .expect(400);
    const fields = bad.body.issues.map((i: { field: string }) => i.field).sort();
    expect(fields).toEqual([
      'forecasts.2026-Q1',
      'forecasts.2026-Q2',
      'forecasts.2026-Q5',
      'stretch.2026-Q3',
    ]);
    const below = await t.http
      .post(base)
      .set(as(dana))
      .send({
        key: 'cloud',
        name: 'Cloud',
        forecasts: { '2026-Q1': 100 },
        stretch: { '2026-Q1': 90 },
      })
      .expect(400);
    expect(below.body.issues).toEqual([
      {
        field: 'stretch.2026-Q1',
        message: '90 is below the forecast (100); a stretch must be at least the forecast',
      },
    ]);
    const key = await t.http
      .post(base)
      .set(as(dana))
      .send({ key: 'Has Spaces', name: 'x' })
      .expect(400);
    expect(key.body.issues[0].field).toBe('key');
    await t.http.get(`${base}/cloud`).set(as(dana)).expect(404);
  });

  it('answers 404 across partnerships and 403 for viewer writes', async () => {
    await t.http
      .post('/api/partnerships/acme-globex/motions')
      .set(as(outsider))
      .send({ key: 'only-acme', name: 'Acme only' })
      .expect(201);
    await t.http.get(`${base}/only-acme`).set(as(dana)).expect(404);
    await t.http.get(`${base}/mssp-upsell`).set(as(outsider)).expect(404);
    await t.http.get(base).set(as(outsider)).expect(404);
    await t.http.patch(`${base}/mssp-upsell`).set(as(outsider)).send({ name: 'x' }).expect(404);
    await t.http.delete(`${base}/only-acme`).set(as(dana)).expect(404);

    const before = await motionAudit();
    await t.http.get(`${base}/mssp-upsell`).set(as(viewer)).expect(200);
    await t.http.post(base).set(as(viewer)).send({ key: 'new-one', name: 'New' }).expect(403);
    await t.http.patch(`${base}/mssp-upsell`).set(as(viewer)).send({ name: 'x' }).expect(403);
    await t.http
      .put(`${base}/mssp-upsell/forecasts/2026-Q3`)
      .set(as(viewer))
      .send({ forecast: 1 })
      .expect(403);
    await t.http.delete(`${base}/mssp-upsell/forecasts/2026-Q1`).set(as(viewer)).expect(403);
    await t.http.delete(`${base}/mssp-upsell`).set(as(viewer)).expect(403);
    expect(await motionAudit()).toEqual(before);
  });

  it('sets, replaces and deletes one quarter; the same PUT twice writes once', async () => {
    const audit = await motionAudit();
    const put = await t.http
      .put(`${base}/mssp-upsell/forecasts/2026-Q3`)
      .set(as(sam))
      .send({ forecast: 300000, stretch: 350000 })
      .expect(200);
    expect(put.body.forecasts).toEqual({
      '2026-Q1': 400000.5,
      '2026-Q2': 500000,
      '2026-Q3': 300000,
    });
    expect(put.body.stretch).toEqual({ '2026-Q2': 650000, '2026-Q3': 350000 });
    await t.http
      .put(`${base}/mssp-upsell/forecasts/2026-Q3`)
      .set(as(sam))
      .send({ forecast: 300000, stretch: 350000 })
      .expect(200);
    expect(await motionAudit()).toEqual([...audit, 'motion.update']);

    // Without a stretch, the quarter's stretch is removed (PUT replaces the row).
    const replaced = await t.http
      .put(`${base}/mssp-upsell/forecasts/2026-Q2`)
      .set(as(sam))
      .send({ forecast: 550000 })
      .expect(200);
    expect(replaced.body.stretch).toEqual({ '2026-Q3': 350000 });
    expect(replaced.body.forecasts['2026-Q2']).toBe(550000);

    const badQuarter = await t.http
      .put(`${base}/mssp-upsell/forecasts/2026-Q7`)
      .set(as(sam))
      .send({ forecast: 1 })
      .expect(400);
    expect(badQuarter.body.issues).toEqual([
      { field: 'quarter', message: 'expected a quarter like 2026-Q2, got "2026-Q7"' },
    ]);
    const negative = await t.http
      .put(`${base}/mssp-upsell/forecasts/2026-Q4`)
      .set(as(sam))
      .send({ forecast: -1 })
      .expect(400);
    expect(negative.body.issues[0].field).toBe('forecast');
    const below = await t.http
      .put(`${base}/mssp-upsell/forecasts/2026-Q4`)
      .set(as(sam))
      .send({ forecast: 10, stretch: 9 })
      .expect(400);
    expect(below.body.issues[0].field).toBe('stretch');

    const deleted = await t.http
      .delete(`${base}/mssp-upsell/forecasts/2026-Q3`)
      .set(as(dana))
      .expect(200);
    expect(deleted.body.forecasts).toEqual({ '2026-Q1': 400000.5, '2026-Q2': 550000 });
    expect(deleted.body.stretch).toEqual({});
    await t.http.delete(`${base}/mssp-upsell/forecasts/2026-Q3`).set(as(dana)).expect(404);
    await t.http.delete(`${base}/mssp-upsell/forecasts/bad`).set(as(dana)).expect(400);
    expect(await motionAudit()).toEqual([
      ...audit,
      'motion.update',
      'motion.update',
      'motion.update',
    ]);
    const rows = await t.db.dataSource.query(
      `select quarter, forecast, stretch from motion_forecasts order by quarter`,
    );
    expect(rows.map((r: { quarter: string }) => r.quarter)).toEqual(['2026-Q1', '2026-Q2']);
  });

  it('renames, changes owners, kills with a decision and reactivates', async () => {
    const audit = await motionAudit();
    const renamed = await t.http
      .patch(`${base}/mssp-upsell`)
      .set(as(dana))
      .send({ name: 'MSSP upsell (EMEA)', owners: { B: 'sam@northgate.example' } })
      .expect(200);
    expect(renamed.body.owners).toEqual({ A: 'dana@cobalt.example', B: 'sam@northgate.example' });
    expect(renamed.body.name).toBe('MSSP upsell (EMEA)');
    const cleared = await t.http
      .patch(`${base}/mssp-upsell`)
      .set(as(dana))
      .send({ owners: { A: null } })
      .expect(200);
    expect(cleared.body.owners).toEqual({ A: null, B: 'sam@northgate.example' });

    const missing = await t.http
      .patch(`${base}/mssp-upsell`)
      .set(as(dana))
      .send({ status: 'killed' })
      .expect(400);
    expect(missing.body.issues[0].field).toBe('killedByDecisionId');
    const unknown = '00000000-0000-0000-0000-000000000001';
    const none = await t.http
      .patch(`${base}/mssp-upsell`)
      .set(as(dana))
      .send({ status: 'killed', killedByDecisionId: unknown })
      .expect(400);
    expect(none.body.issues[0].message).toBe(
      `no decision ${unknown} in partnership cobalt-northgate`,
    );
    const foreign = await decisionOf('acme-globex');
    const wrong = await t.http
      .patch(`${base}/mssp-upsell`)
      .set(as(dana))
      .send({ status: 'killed', killedByDecisionId: foreign, name: 'Not saved' })
      .expect(400);
    expect(wrong.body.issues).toEqual([
      {
        field: 'killedByDecisionId',
        message: `no decision ${foreign} in partnership cobalt-northgate`,
      },
    ]);

    const decision = await decisionOf('cobalt-northgate');
    const killed = await t.http
      .patch(`${base}/mssp-upsell`)
      .set(as(sam))
      .send({ status: 'killed', killedByDecisionId: decision })
      .expect(200);
    expect(killed.body).toMatchObject({
      status: 'killed',
      killedByDecisionId: decision,
      name: 'MSSP upsell (EMEA)',
    });
    const active = await t.http
      .patch(`${base}/mssp-upsell`)
      .set(as(sam))
      .send({ status: 'active' })
      .expect(200);
    expect(active.body).toMatchObject({ status: 'active', killedByDecisionId: null });
    expect(await motionAudit()).toEqual([
      ...audit,
      'motion.update',
      'motion.update',
      'motion.kill',
      'motion.reactivate',
    ]);

    const [kill] = await t.db.dataSource.query(
      `select before, after, actor from audit_log where action = 'motion.kill'`,
    );
    expect(kill.before).toEqual({ key: 'mssp-upsell', status: 'active', killedByDecisionId: null });
    expect(kill.after).toEqual({
      key: 'mssp-upsell',
      status: 'killed',
      killedByDecisionId: decision,
    });
    expect(kill.actor).toBe('user:sam@northgate.example');
  });

  it('publishes the routes and their body schemas in the OpenAPI document', async () => {
    const res = await t.http.get('/api/docs/openapi.json').expect(200);
    const forecast =
      res.body.paths['/api/partnerships/{key}/motions/{motionKey}/forecasts/{quarter}'];
    expect(Object.keys(forecast).sort()).toEqual(['delete', 'put']);
    const body = forecast.put.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['forecast']);
    expect(Object.keys(res.body.paths['/api/partnerships/{key}/motions']).sort()).toEqual([
      'get',
      'post',
    ]);
  });

  it('deletes a motion with its forecasts', async () => {
    await t.http.delete(`${base}/mssp-upsell`).set(as(dana)).expect(204);
    await t.http.get(`${base}/mssp-upsell`).set(as(dana)).expect(404);
    await t.http.delete(`${base}/mssp-upsell`).set(as(dana)).expect(404);
    const [{ count }] = await t.db.dataSource.query(
      `select count(*)::int as count from motion_forecasts`,
    );
    expect(count).toBe(0);
    const [entry] = await t.db.dataSource.query(
      `select before, after from audit_log where action = 'motion.delete'`,
    );
    expect(entry.before).toMatchObject({
      key: 'mssp-upsell',
      forecasts: { '2026-Q1': 400000.5, '2026-Q2': 550000 },
      status: 'active',
    });
    expect(entry.after).toBeNull();
  });
});
