import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, bearer, createPartnership, type PartnershipFixture } from '../../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

const people = (n: number, side: string) => Array.from({ length: n }, (_, i) => ({ name: `${side} person ${i + 1}` }));

describe('meetings API', () => {
  let t: TestApp;
  let p: PartnershipFixture;
  let q: PartnershipFixture;
  const url = (key: string, id = '') => `/api/partnerships/${key}/meetings${id ? `/${id}` : ''}`;

  beforeAll(async () => {
    t = await createTestApp();
    p = await createPartnership(t, 'meet-p');
    q = await createPartnership(t, 'meet-q');
  });
  afterAll(() => t.close());

  it('creates, reads, moves and deletes a scheduled meeting', async () => {
    const created = await t.http
      .post(url(p.key))
      .set(bearer(p.memberA))
      .send({ quarter: '2026-Q1', scheduledDate: '2026-01-15', attendees: { A: [{ name: 'Dana Reyes', email: 'Dana@Cobalt.example' }] } })
      .expect(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({
      quarter: '2026-Q1',
      scheduledDate: '2026-01-15',
      status: 'scheduled',
      cancelledBy: null,
      attendees: { A: [{ name: 'Dana Reyes', email: 'dana@cobalt.example' }], B: [] },
      attendeesOverLimit: { A: false, B: false },
      preworkSentAt: null,
    });

    const read = await t.http.get(url(p.key, id)).set(bearer(p.memberB)).expect(200);
    expect(read.body).toEqual(created.body);

    const moved = await t.http.patch(url(p.key, id)).set(bearer(p.memberB)).send({ scheduledDate: '2026-01-22' }).expect(200);
    expect(moved.body.scheduledDate).toBe('2026-01-22');
    expect(moved.body.status).toBe('scheduled');

    await t.http.delete(url(p.key, id)).set(bearer(p.memberA)).expect(204);
    await t.http.get(url(p.key, id)).set(bearer(p.memberA)).expect(404);

    const audit = await auditOf(t, id);
    expect(audit.map((a) => a.action)).toEqual(['meeting.create', 'meeting.update', 'meeting.delete']);
    expect(audit[0]).toMatchObject({ actor: 'user:a@meet-p.test', before: null, after: { scheduledDate: '2026-01-15', status: 'scheduled' } });
    expect(audit[1]).toMatchObject({ before: { scheduledDate: '2026-01-15' }, after: { scheduledDate: '2026-01-22' } });
    expect(audit[2]).toMatchObject({ before: { quarter: '2026-Q1', scheduledDate: '2026-01-22', linkedAskIds: [] }, after: null });
  });

  it('lists meetings by scheduled date and filters by quarter', async () => {
    for (const [quarter, scheduledDate] of [['2027-Q3', '2027-07-15'], ['2027-Q1', '2027-01-21'], ['2027-Q2', '2027-04-15']]) {
      await t.http.post(url(q.key)).set(bearer(q.memberA)).send({ quarter, scheduledDate }).expect(201);
    }
    const all = await t.http.get(url(q.key)).set(bearer(q.viewer)).expect(200);
    expect(all.body.map((m: { scheduledDate: string }) => m.scheduledDate)).toEqual(['2027-01-21', '2027-04-15', '2027-07-15']);
    const one = await t.http.get(url(q.key)).query({ quarter: '2027-Q2' }).set(bearer(q.viewer)).expect(200);
    expect(one.body.map((m: { quarter: string }) => m.quarter)).toEqual(['2027-Q2']);

    const bad = await t.http.get(url(q.key)).query({ quarter: '2027-Q5' }).set(bearer(q.viewer)).expect(400);
    expect(bad.body.issues[0]).toEqual({ field: 'quarter', message: 'expected a quarter like 2026-Q2' });
  });

  it('flags a side with more than six attendees', async () => {
    const res = await t.http
      .post(url(p.key))
      .set(bearer(p.memberA))
      .send({ quarter: '2026-Q4', scheduledDate: '2026-10-15', attendees: { A: people(7, 'A'), B: people(6, 'B') } })
      .expect(201);
    expect(res.body.attendeesOverLimit).toEqual({ A: true, B: false });

    const trimmed = await t.http.patch(url(p.key, res.body.id)).set(bearer(p.memberA)).send({ attendees: { A: people(6, 'A'), B: people(7, 'B') } }).expect(200);
    expect(trimmed.body.attendeesOverLimit).toEqual({ A: false, B: true });
  });

  it('rejects a malformed quarter, date or attendee, naming the field', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ quarter: '2026-Q5', scheduledDate: '2026-01-15' }, 'quarter', 'expected a quarter like 2026-Q2'],
      [{ quarter: '2026-Q1', scheduledDate: '2026-02-30' }, 'scheduledDate', 'not a calendar date'],
      [{ quarter: '2026-Q1', scheduledDate: '15/01/2026' }, 'scheduledDate', 'expected a date like 2026-04-16'],
      [{ quarter: '2026-Q1', scheduledDate: '2026-01-15', attendees: { A: [{ name: 'X', email: 'nope' }] } }, 'attendees.A[0].email', 'expected an email address'],
    ];
    for (const [body, field, message] of cases) {
      const res = await t.http.post(url(p.key)).set(bearer(p.memberA)).send(body).expect(400);
      expect(res.body.issues[0]).toEqual({ field, message });
    }
  });

  it('allows one live meeting per quarter, and another once the first is cancelled', async () => {
    const first = await t.http.post(url(p.key)).set(bearer(p.memberA)).send({ quarter: '2026-Q2', scheduledDate: '2026-04-16' }).expect(201);
    const clash = await t.http.post(url(p.key)).set(bearer(p.memberB)).send({ quarter: '2026-Q2', scheduledDate: '2026-05-07' }).expect(409);
    expect(clash.body.message).toBe(
      `2026-Q2 already has a meeting (${first.body.id}, scheduled, 2026-04-16); cancel it before scheduling another, or move its date`,
    );

    const noSide = await t.http.patch(url(p.key, first.body.id)).set(bearer(p.memberB)).send({ status: 'cancelled' }).expect(400);
    expect(noSide.body.issues[0]).toEqual({ field: 'cancelledBy', message: 'a cancellation must say which side cancelled (A or B)' });

    const cancelled = await t.http
      .patch(url(p.key, first.body.id))
      .set(bearer(p.memberB))
      .send({ status: 'cancelled', cancelledBy: 'B' })
      .expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledBy: 'B' });

    const second = await t.http.post(url(p.key)).set(bearer(p.memberB)).send({ quarter: '2026-Q2', scheduledDate: '2026-05-07' }).expect(201);
    expect(second.body.status).toBe('scheduled');
    const inQuarter = await t.http.get(url(p.key)).query({ quarter: '2026-Q2' }).set(bearer(p.memberA)).expect(200);
    expect(inQuarter.body.map((m: { status: string }) => m.status)).toEqual(['cancelled', 'scheduled']);

    // Cancelled and held meetings are history: they cannot be deleted or turned into the other outcome.
    await t.http.delete(url(p.key, first.body.id)).set(bearer(p.memberA)).expect(409);
    await t.http.patch(url(p.key, second.body.id)).set(bearer(p.memberA)).send({ status: 'held' }).expect(200);
    const del = await t.http.delete(url(p.key, second.body.id)).set(bearer(p.memberA)).expect(409);
    expect(del.body.message).toBe(`Meeting ${second.body.id} is held; only a scheduled meeting can be deleted`);
    const flip = await t.http.patch(url(p.key, second.body.id)).set(bearer(p.memberA)).send({ status: 'cancelled', cancelledBy: 'A' }).expect(409);
    expect(flip.body.message).toBe(`Meeting ${second.body.id} is already held; only a scheduled meeting can be marked cancelled`);
  });

  it('answers 409 to the loser when two meetings for one quarter are scheduled at once', async () => {
    const post = (scheduledDate: string) =>
      t.http.post(url(q.key)).set(bearer(q.memberA)).send({ quarter: '2031-Q1', scheduledDate });
    const results = await Promise.all([post('2031-01-16'), post('2031-01-23')]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const live = await t.http.get(url(q.key)).query({ quarter: '2031-Q1' }).set(bearer(q.memberA)).expect(200);
    expect(live.body).toHaveLength(1);
  });

  it('accepts cancelledBy only with status cancelled', async () => {
    const m = await t.http.post(url(p.key)).set(bearer(p.memberA)).send({ quarter: '2026-Q3', scheduledDate: '2026-07-16' }).expect(201);
    for (const body of [{ cancelledBy: 'A' }, { status: 'held', cancelledBy: 'A' }]) {
      const res = await t.http.patch(url(p.key, m.body.id)).set(bearer(p.memberA)).send(body).expect(400);
      expect(res.body.issues[0]).toEqual({ field: 'cancelledBy', message: 'only allowed together with status "cancelled"' });
    }
    const res = await t.http.patch(url(p.key, m.body.id)).set(bearer(p.memberA)).send({ status: 'scheduled' }).expect(400);
    expect(res.body.issues[0].field).toBe('status');
  });

  it('records prework sent as a UTC instant, and an unchanged PATCH writes nothing', async () => {
    const m = await t.http.post(url(p.key)).set(bearer(p.memberA)).send({ quarter: '2028-Q1', scheduledDate: '2028-01-20' }).expect(201);
    const sent = await t.http.patch(url(p.key, m.body.id)).set(bearer(p.memberA)).send({ preworkSentAt: '2028-01-17T11:00:00+02:00' }).expect(200);
    expect(sent.body.preworkSentAt).toBe('2028-01-17T09:00:00.000Z');

    const same = await t.http
      .patch(url(p.key, m.body.id))
      .set(bearer(p.memberB))
      .send({ preworkSentAt: '2028-01-17T09:00:00Z', scheduledDate: '2028-01-20', attendees: { A: [], B: [] } })
      .expect(200);
    expect(same.body.updatedAt).toBe(sent.body.updatedAt);
    const audit = await auditOf(t, m.body.id);
    expect(audit.map((a) => a.action)).toEqual(['meeting.create', 'meeting.update']);
    expect(audit[1]).toMatchObject({ before: { preworkSentAt: null }, after: { preworkSentAt: '2028-01-17T09:00:00.000Z' } });

    const bad = await t.http.patch(url(p.key, m.body.id)).set(bearer(p.memberA)).send({ preworkSentAt: '2028-01-17 09:00' }).expect(400);
    expect(bad.body.issues[0].field).toBe('preworkSentAt');
  });

  it('lets viewers read but not write', async () => {
    const m = await t.http.post(url(p.key)).set(bearer(p.admin)).send({ quarter: '2029-Q1', scheduledDate: '2029-01-18' }).expect(201);
    await t.http.get(url(p.key, m.body.id)).set(bearer(p.viewer)).expect(200);
    const post = await t.http.post(url(p.key)).set(bearer(p.viewer)).send({ quarter: '2029-Q2', scheduledDate: '2029-04-19' }).expect(403);
    expect(post.body.message).toBe('Viewer tokens are read-only');
    await t.http.patch(url(p.key, m.body.id)).set(bearer(p.viewer)).send({ scheduledDate: '2029-01-25' }).expect(403);
    await t.http.delete(url(p.key, m.body.id)).set(bearer(p.viewer)).expect(403);
    const after = await t.http.get(url(p.key, m.body.id)).set(bearer(p.viewer)).expect(200);
    expect(after.body.scheduledDate).toBe('2029-01-18');
  });

  it("hides another partnership's meetings, whichever key is used", async () => {
    const theirs = await t.http.post(url(q.key)).set(bearer(q.memberA)).send({ quarter: '2030-Q1', scheduledDate: '2030-01-17' }).expect(201);
    const id = theirs.body.id as string;
    await t.http.get(url(q.key, id)).set(bearer(p.memberA)).expect(404);
    await t.http.get(url(q.key)).set(bearer(p.memberA)).expect(404);
    const viaOwnKey = await t.http.get(url(p.key, id)).set(bearer(p.memberA)).expect(404);
    expect(viaOwnKey.body.message).toBe(`No meeting ${id} in partnership meet-p`);
    await t.http.patch(url(p.key, id)).set(bearer(p.memberA)).send({ scheduledDate: '2030-01-24' }).expect(404);
    await t.http.delete(url(p.key, id)).set(bearer(p.memberA)).expect(404);
    const unchanged = await t.http.get(url(q.key, id)).set(bearer(q.memberB)).expect(200);
    expect(unchanged.body.scheduledDate).toBe('2030-01-17');
  });

  it('publishes the meetings, asks and decisions routes with their request schemas', async () => {
    const doc = (await t.http.get('/api/docs/openapi.json').expect(200)).body;
    for (const resource of ['meetings', 'asks', 'decisions']) {
      expect(doc.paths).toHaveProperty([`/api/partnerships/{key}/${resource}`]);
      expect(doc.paths).toHaveProperty([`/api/partnerships/{key}/${resource}/{id}`]);
    }
    const body = doc.paths['/api/partnerships/{key}/meetings'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['quarter', 'scheduledDate']);
  });

  it('answers 404, not 500, for an id that is not a UUID', async () => {
    const res = await t.http.get(url(p.key, 'not-a-uuid')).set(bearer(p.memberA)).expect(404);
    expect(res.body.message).toBe('No meeting not-a-uuid');
    await t.http.patch(url(p.key, '123')).set(bearer(p.memberA)).send({}).expect(404);
    await t.http.delete(url(p.key, '123')).set(bearer(p.memberA)).expect(404);
  });
});
