import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, bearer, createPartnership, type PartnershipFixture } from '../../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

describe('decisions API', () => {
  let t: TestApp;
  let p: PartnershipFixture;
  let q: PartnershipFixture;
  const url = (key: string, id = '') => `/api/partnerships/${key}/decisions${id ? `/${id}` : ''}`;
  const meetingUrl = (key: string, id = '') => `/api/partnerships/${key}/meetings${id ? `/${id}` : ''}`;
  const schedule = async (f: PartnershipFixture, quarter: string, scheduledDate: string) =>
    (await t.http.post(meetingUrl(f.key)).set(bearer(f.memberA)).send({ quarter, scheduledDate }).expect(201)).body.id as string;

  beforeAll(async () => {
    t = await createTestApp();
    p = await createPartnership(t, 'dec-p');
    q = await createPartnership(t, 'dec-q');
  });
  afterAll(() => t.close());

  it('logs, reads, edits and deletes a decision', async () => {
    const meetingId = await schedule(p, '2026-Q1', '2026-01-15');
    const created = await t.http
      .post(url(p.key))
      .set(bearer(p.memberA))
      .send({ meetingId, kind: 'motion', text: 'Kill the SMB bundle motion', owner: 'Dana Reyes', due: '2026-02-01' })
      .expect(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ meetingId, kind: 'motion', text: 'Kill the SMB bundle motion', owner: 'Dana Reyes', due: '2026-02-01' });
    expect(await t.http.get(url(p.key, id)).set(bearer(p.viewer)).expect(200).then((r) => r.body)).toEqual(created.body);

    const edited = await t.http.patch(url(p.key, id)).set(bearer(p.memberB)).send({ kind: 'owners', owner: null, due: null }).expect(200);
    expect(edited.body).toMatchObject({ kind: 'owners', owner: null, due: null, text: 'Kill the SMB bundle motion' });

    const same = await t.http.patch(url(p.key, id)).set(bearer(p.memberB)).send({ kind: 'owners', text: 'Kill the SMB bundle motion' }).expect(200);
    expect(same.body.updatedAt).toBe(edited.body.updatedAt);

    await t.http.delete(url(p.key, id)).set(bearer(p.memberB)).expect(204);
    await t.http.get(url(p.key, id)).set(bearer(p.memberB)).expect(404);

    const audit = await auditOf(t, id);
    expect(audit.map((a) => a.action)).toEqual(['decision.create', 'decision.update', 'decision.delete']);
    expect(audit[0]).toMatchObject({ actor: 'user:a@dec-p.test', before: null, after: { meetingId, kind: 'motion', owner: 'Dana Reyes' } });
    expect(audit[1]).toMatchObject({
      actor: 'user:b@dec-p.test',
      before: { kind: 'motion', owner: 'Dana Reyes', due: '2026-02-01' },
      after: { kind: 'owners', owner: null, due: null },
    });
    expect(audit[2]).toMatchObject({ before: { kind: 'owners', meetingId }, after: null });
  });

  it('lists the log, optionally for one meeting', async () => {
    const m1 = await schedule(p, '2027-Q1', '2027-01-21');
    const m2 = await schedule(p, '2027-Q2', '2027-04-15');
    const log = async (meetingId: string, text: string) =>
      (await t.http.post(url(p.key)).set(bearer(p.memberA)).send({ meetingId, kind: 'other', text }).expect(201)).body.id as string;
    const d1 = await log(m1, 'first');
    const d2 = await log(m2, 'second');
    const d3 = await log(m1, 'third');
    const ofMeeting = await t.http.get(url(p.key)).query({ meetingId: m1 }).set(bearer(p.viewer)).expect(200);
    expect(ofMeeting.body.map((d: { id: string }) => d.id)).toEqual([d1, d3]);
    const all = await t.http.get(url(p.key)).set(bearer(p.viewer)).expect(200);
    expect(all.body.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining([d1, d2, d3]));
    const bad = await t.http.get(url(p.key)).query({ meetingId: 'x' }).set(bearer(p.viewer)).expect(400);
    expect(bad.body.issues[0]).toEqual({ field: 'meetingId', message: 'expected a meeting id (UUID)' });
  });

  it('validates a decision, naming the field', async () => {
    const meetingId = await schedule(p, '2028-Q1', '2028-01-20');
    const cases: [Record<string, unknown>, string, string][] = [
      [{ meetingId, kind: 'budget', text: 'x' }, 'kind', 'Invalid option: expected one of "motion"|"account_set"|"owners"|"cadence"|"asks"|"other"'],
      [{ meetingId, kind: 'other', text: '' }, 'text', 'must not be empty'],
      [{ meetingId, kind: 'other', text: 'x', due: '2028-02-30' }, 'due', 'not a calendar date'],
      [{ meetingId: 'nope', kind: 'other', text: 'x' }, 'meetingId', 'expected a meeting id (UUID)'],
    ];
    for (const [body, field, message] of cases) {
      const res = await t.http.post(url(p.key)).set(bearer(p.memberA)).send(body).expect(400);
      expect(res.body.issues[0]).toEqual({ field, message });
    }
  });

  it('logs decisions only on a live meeting of the same partnership', async () => {
    const theirs = await schedule(q, '2029-Q1', '2029-01-18');
    const foreign = await t.http.post(url(p.key)).set(bearer(p.memberA)).send({ meetingId: theirs, kind: 'other', text: 'x' }).expect(400);
    expect(foreign.body.issues[0]).toEqual({ field: 'meetingId', message: `No meeting ${theirs} in partnership dec-p` });

    const cancelled = await schedule(p, '2029-Q1', '2029-01-18');
    await t.http.patch(meetingUrl(p.key, cancelled)).set(bearer(p.memberB)).send({ status: 'cancelled', cancelledBy: 'B' }).expect(200);
    const onCancelled = await t.http.post(url(p.key)).set(bearer(p.memberA)).send({ meetingId: cancelled, kind: 'cadence', text: 'x' }).expect(400);
    expect(onCancelled.body.issues[0]).toEqual({
      field: 'meetingId',
      message: `meeting ${cancelled} was cancelled; decisions are logged on meetings that take place`,
    });

    // Moving a decision onto the cancelled meeting is refused the same way.
    const live = await schedule(p, '2029-Q2', '2029-04-19');
    const d = await t.http.post(url(p.key)).set(bearer(p.memberA)).send({ meetingId: live, kind: 'cadence', text: 'Meet monthly' }).expect(201);
    const move = await t.http.patch(url(p.key, d.body.id)).set(bearer(p.memberA)).send({ meetingId: cancelled }).expect(400);
    expect(move.body.issues[0].field).toBe('meetingId');

    // A meeting carrying decisions can be neither cancelled nor deleted.
    const cancel = await t.http.patch(meetingUrl(p.key, live)).set(bearer(p.memberB)).send({ status: 'cancelled', cancelledBy: 'B' }).expect(409);
    expect(cancel.body.message).toBe(`Meeting ${live} has 1 decision logged; delete or move them first`);
    await t.http.delete(meetingUrl(p.key, live)).set(bearer(p.memberB)).expect(409);

    // Once moved to another live meeting, the first one can go.
    const other = await schedule(p, '2029-Q3', '2029-07-19');
    const moved = await t.http.patch(url(p.key, d.body.id)).set(bearer(p.memberA)).send({ meetingId: other }).expect(200);
    expect(moved.body.meetingId).toBe(other);
    await t.http.delete(meetingUrl(p.key, live)).set(bearer(p.memberB)).expect(204);
  });

  it('lets viewers read but not write', async () => {
    const meetingId = await schedule(p, '2030-Q1', '2030-01-17');
    const d = await t.http.post(url(p.key)).set(bearer(p.admin)).send({ meetingId, kind: 'asks', text: 'x' }).expect(201);
    await t.http.post(url(p.key)).set(bearer(p.viewer)).send({ meetingId, kind: 'asks', text: 'y' }).expect(403);
    await t.http.patch(url(p.key, d.body.id)).set(bearer(p.viewer)).send({ text: 'z' }).expect(403);
    await t.http.delete(url(p.key, d.body.id)).set(bearer(p.viewer)).expect(403);
    expect((await t.http.get(url(p.key, d.body.id)).set(bearer(p.viewer)).expect(200)).body.text).toBe('x');
  });

  it("hides another partnership's decisions, whichever key is used", async () => {
    const meetingId = await schedule(q, '2031-Q1', '2031-01-16');
    const theirs = await t.http.post(url(q.key)).set(bearer(q.memberA)).send({ meetingId, kind: 'other', text: 'theirs' }).expect(201);
    const id = theirs.body.id as string;
    await t.http.get(url(q.key, id)).set(bearer(p.memberA)).expect(404);
    const viaOwnKey = await t.http.get(url(p.key, id)).set(bearer(p.memberA)).expect(404);
    expect(viaOwnKey.body.message).toBe(`No decision ${id} in partnership dec-p`);
    await t.http.patch(url(p.key, id)).set(bearer(p.memberA)).send({ text: 'mine now' }).expect(404);
    await t.http.delete(url(p.key, id)).set(bearer(p.memberA)).expect(404);
    const listed = await t.http.get(url(p.key)).query({ meetingId }).set(bearer(p.memberA)).expect(200);
    expect(listed.body).toEqual([]);
    expect((await t.http.get(url(q.key, id)).set(bearer(q.memberB)).expect(200)).body.text).toBe('theirs');
    await t.http.get(url(p.key, '42')).set(bearer(p.memberA)).expect(404);
  });
});
