import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, bearer, createPartnership, type PartnershipFixture } from '../../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

describe('asks API', () => {
  let t: TestApp;
  let p: PartnershipFixture;
  let q: PartnershipFixture;
  const url = (key: string, id = '') => `/api/partnerships/${key}/asks${id ? `/${id}` : ''}`;
  const raise = (body: Record<string, unknown> = {}, token = p.memberA) =>
    t.http
      .post(url(p.key))
      .set(bearer(token))
      .send({ fromSide: 'A', toSide: 'B', quarterRaised: '2026-Q2', text: 'Intro to three MSSP accounts', ...body });

  beforeAll(async () => {
    t = await createTestApp();
    p = await createPartnership(t, 'asks-p');
    q = await createPartnership(t, 'asks-q');
  });
  afterAll(() => t.close());

  it('raises, reads and edits an ask, with its first history row', async () => {
    const created = await raise({ owner: 'Sam Okafor', due: '2026-05-31' }).expect(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({
      fromSide: 'A',
      toSide: 'B',
      quarterRaised: '2026-Q2',
      text: 'Intro to three MSSP accounts',
      owner: 'Sam Okafor',
      due: '2026-05-31',
      status: 'open',
      verdict: null,
      meetingId: null,
    });
    expect(created.body.history).toEqual([
      { status: 'open', verdict: null, changedAt: expect.any(String), changedBy: 'a@asks-p.test', note: null },
    ]);

    const read = await t.http.get(url(p.key, id)).set(bearer(p.memberB)).expect(200);
    expect(read.body).toEqual(created.body);

    const edited = await t.http
      .patch(url(p.key, id))
      .set(bearer(p.memberB))
      .send({ text: 'Intro to four MSSP accounts', owner: null, due: '2026-06-15' })
      .expect(200);
    expect(edited.body).toMatchObject({ text: 'Intro to four MSSP accounts', owner: null, due: '2026-06-15', status: 'open' });
    // Editing the text is not a status change: the history keeps its single row.
    expect(edited.body.history).toHaveLength(1);

    const audit = await auditOf(t, id);
    expect(audit.map((a) => a.action)).toEqual(['ask.create', 'ask.update']);
    expect(audit[0]).toMatchObject({ actor: 'user:a@asks-p.test', before: null, after: { status: 'open', owner: 'Sam Okafor' } });
    expect(audit[1]).toMatchObject({
      actor: 'user:b@asks-p.test',
      before: { text: 'Intro to three MSSP accounts', owner: 'Sam Okafor', due: '2026-05-31' },
      after: { text: 'Intro to four MSSP accounts', owner: null, due: '2026-06-15' },
    });
  });

  it('keeps every status and verdict change in order, with who and why', async () => {
    const { body } = await raise().expect(201);
    const id = body.id as string;
    const steps: [string, Record<string, unknown>][] = [
      [p.memberB, { status: 'in_progress', note: 'Sam is on it' }],
      [p.memberB, { status: 'blocked', note: 'Waiting on legal' }],
      [p.memberA, { verdict: 'wrong_timing', note: 'Legal review lands next quarter' }],
      [p.memberB, { status: 'dropped' }],
    ];
    for (const [token, change] of steps) await t.http.patch(url(p.key, id)).set(bearer(token)).send(change).expect(200);

    const read = await t.http.get(url(p.key, id)).set(bearer(p.viewer)).expect(200);
    expect(read.body).toMatchObject({ status: 'dropped', verdict: 'wrong_timing' });
    expect(read.body.history.map(({ changedAt: _, ...h }: { changedAt: string }) => h)).toEqual([
      { status: 'open', verdict: null, changedBy: 'a@asks-p.test', note: null },
      { status: 'in_progress', verdict: null, changedBy: 'b@asks-p.test', note: 'Sam is on it' },
      { status: 'blocked', verdict: null, changedBy: 'b@asks-p.test', note: 'Waiting on legal' },
      { status: 'blocked', verdict: 'wrong_timing', changedBy: 'a@asks-p.test', note: 'Legal review lands next quarter' },
      { status: 'dropped', verdict: 'wrong_timing', changedBy: 'b@asks-p.test', note: null },
    ]);
    const times = read.body.history.map((h: { changedAt: string }) => Date.parse(h.changedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('gives a verdict only to undelivered asks, and never drops one silently', async () => {
    const { body } = await raise().expect(201);
    const id = body.id as string;
    const patch = (change: Record<string, unknown>) => t.http.patch(url(p.key, id)).set(bearer(p.memberA)).send(change);

    const both = await patch({ status: 'delivered', verdict: 'wrong_ask' }).expect(400);
    expect(both.body.issues[0]).toEqual({ field: 'verdict', message: 'a verdict is only for undelivered asks, and this ask would be delivered' });

    await patch({ status: 'blocked', verdict: 'wrong_priority' }).expect(200);
    const deliver = await patch({ status: 'delivered' }).expect(400);
    expect(deliver.body.issues[0]).toEqual({
      field: 'verdict',
      message: 'the ask has verdict wrong_priority; clear it (send "verdict": null) to mark it delivered',
    });
    const stillBlocked = await t.http.get(url(p.key, id)).set(bearer(p.memberA)).expect(200);
    expect(stillBlocked.body).toMatchObject({ status: 'blocked', verdict: 'wrong_priority' });
    expect(stillBlocked.body.history).toHaveLength(2);

    const delivered = await patch({ status: 'delivered', verdict: null, note: 'Delivered after all' }).expect(200);
    expect(delivered.body).toMatchObject({ status: 'delivered', verdict: null });
    expect(delivered.body.history.at(-1)).toMatchObject({ status: 'delivered', verdict: null, note: 'Delivered after all' });

    const late = await patch({ verdict: 'wrong_timing' }).expect(400);
    expect(late.body.issues[0]).toEqual({ field: 'verdict', message: 'a verdict is only for undelivered asks, and this ask is delivered' });
    const unknown = await patch({ verdict: 'too_late' }).expect(400);
    expect(unknown.body.issues[0].field).toBe('verdict');
  });

  it('writes nothing for an unchanged PATCH, and refuses a note without a change', async () => {
    const { body } = await raise({ owner: 'Dana' }).expect(201);
    const id = body.id as string;
    const same = await t.http.patch(url(p.key, id)).set(bearer(p.memberA)).send({ status: 'open', owner: 'Dana', note: 'no-op' }).expect(200);
    expect(same.body.updatedAt).toBe(body.updatedAt);
    expect(same.body.history).toHaveLength(1);
    expect((await auditOf(t, id)).map((a) => a.action)).toEqual(['ask.create']);

    const note = await t.http.patch(url(p.key, id)).set(bearer(p.memberA)).send({ note: 'just saying' }).expect(400);
    expect(note.body.issues[0]).toEqual({ field: 'note', message: 'a note explains a status or verdict change: send it with `status` or `verdict`' });
  });

  it('validates a new ask, naming the field', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ toSide: 'A' }, 'toSide', 'an ask is owed by one side to the other: toSide must differ from fromSide'],
      [{ quarterRaised: '2026Q2' }, 'quarterRaised', 'expected a quarter like 2026-Q2'],
      [{ text: '   ' }, 'text', 'must not be empty'],
      [{ due: '2026-13-01' }, 'due', 'not a calendar date'],
      [{ meetingId: 'm-1' }, 'meetingId', 'expected a meeting id (UUID)'],
    ];
    for (const [body, field, message] of cases) {
      const res = await raise(body).expect(400);
      expect(res.body.issues[0]).toEqual({ field, message });
    }
    const unknownStatus = await t.http.get(url(p.key)).query({ status: 'done' }).set(bearer(p.memberA)).expect(400);
    expect(unknownStatus.body.issues[0].field).toBe('status');
  });

  it("links an ask to a meeting of the same partnership only", async () => {
    const ours = await t.http.post(`/api/partnerships/${p.key}/meetings`).set(bearer(p.memberA)).send({ quarter: '2026-Q2', scheduledDate: '2026-04-16' }).expect(201);
    const theirs = await t.http.post(`/api/partnerships/${q.key}/meetings`).set(bearer(q.memberA)).send({ quarter: '2026-Q2', scheduledDate: '2026-04-16' }).expect(201);

    const foreign = await raise({ meetingId: theirs.body.id }).expect(400);
    expect(foreign.body.issues[0]).toEqual({ field: 'meetingId', message: `No meeting ${theirs.body.id} in partnership asks-p` });

    const linked = await raise({ meetingId: ours.body.id }).expect(201);
    expect(linked.body.meetingId).toBe(ours.body.id);

    // Deleting the (still scheduled) meeting keeps the ask, unlinked, and the audit row says which asks lost their link.
    await t.http.delete(`/api/partnerships/${p.key}/meetings/${ours.body.id}`).set(bearer(p.memberA)).expect(204);
    const after = await t.http.get(url(p.key, linked.body.id)).set(bearer(p.memberA)).expect(200);
    expect(after.body.meetingId).toBeNull();
    const meetingAudit = await auditOf(t, ours.body.id);
    expect(meetingAudit.at(-1)).toMatchObject({ action: 'meeting.delete', before: { linkedAskIds: [linked.body.id] } });
  });

  it('filters by quarter, status and sides', async () => {
    const k = 'asks-f';
    const f = await createPartnership(t, k);
    const add = async (body: Record<string, unknown>) =>
      (await t.http.post(url(k)).set(bearer(f.memberA)).send({ text: 'x', ...body }).expect(201)).body.id as string;
    const a1 = await add({ fromSide: 'A', toSide: 'B', quarterRaised: '2026-Q1' });
    const b1 = await add({ fromSide: 'B', toSide: 'A', quarterRaised: '2026-Q1' });
    const a2 = await add({ fromSide: 'A', toSide: 'B', quarterRaised: '2026-Q2' });
    await t.http.patch(url(k, a2)).set(bearer(f.memberB)).send({ status: 'delivered' }).expect(200);

    const ids = async (query: Record<string, string>) =>
      (await t.http.get(url(k)).query(query).set(bearer(f.viewer)).expect(200)).body.map((a: { id: string }) => a.id);
    expect(await ids({})).toEqual([a1, b1, a2]);
    expect(await ids({ quarter: '2026-Q1' })).toEqual([a1, b1]);
    expect(await ids({ fromSide: 'B' })).toEqual([b1]);
    expect(await ids({ toSide: 'B' })).toEqual([a1, a2]);
    expect(await ids({ status: 'delivered' })).toEqual([a2]);
    expect(await ids({ status: 'open', toSide: 'B' })).toEqual([a1]);
  });

  it('lets viewers read but not write', async () => {
    const { body } = await raise().expect(201);
    await t.http.get(url(p.key, body.id)).set(bearer(p.viewer)).expect(200);
    await raise({}, p.viewer).expect(403);
    await t.http.patch(url(p.key, body.id)).set(bearer(p.viewer)).send({ status: 'blocked' }).expect(403);
    const after = await t.http.get(url(p.key, body.id)).set(bearer(p.viewer)).expect(200);
    expect(after.body.status).toBe('open');
  });

  it("hides another partnership's asks, whichever key is used", async () => {
    const theirs = await t.http
      .post(url(q.key))
      .set(bearer(q.memberB))
      .send({ fromSide: 'B', toSide: 'A', quarterRaised: '2026-Q2', text: 'Co-marketing budget' })
      .expect(201);
    const id = theirs.body.id as string;
    await t.http.get(url(q.key, id)).set(bearer(p.memberA)).expect(404);
    const viaOwnKey = await t.http.get(url(p.key, id)).set(bearer(p.memberA)).expect(404);
    expect(viaOwnKey.body.message).toBe(`No ask ${id} in partnership asks-p`);
    await t.http.patch(url(p.key, id)).set(bearer(p.memberA)).send({ status: 'dropped' }).expect(404);
    const unchanged = await t.http.get(url(q.key, id)).set(bearer(q.memberA)).expect(200);
    expect(unchanged.body.status).toBe('open');
    expect((await t.http.get(url(p.key, 'zzz')).set(bearer(p.memberA)).expect(404)).body.message).toBe('No ask zzz');
  });
});
