import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createPartnership, type PartnershipFixture } from '../../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

describe("asks: a meeting's review and the asks named in it", () => {
  let t: TestApp;
  let p: PartnershipFixture;
  let q: PartnershipFixture;
  /** Raised in 2026-Q1, dropped and reopened by the first test. */
  let webinar: string;
  const asks = `/api/partnerships/mtg-asks/asks`;
  const raise = async (body: Record<string, unknown>) =>
    (
      await t.http
        .post(asks)
        .set(bearer(p.memberA))
        .send({ fromSide: 'A', toSide: 'B', text: 'x', ...body })
        .expect(201)
    ).body.id as string;
  const patch = (id: string, body: Record<string, unknown>) =>
    t.http.patch(`${asks}/${id}`).set(bearer(p.memberB)).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    p = await createPartnership(t, 'mtg-asks');
    q = await createPartnership(t, 'mtg-other');
  });
  afterAll(() => t.close());

  it('drops an ask only with a verdict saying why, and keeps the verdict while it stays dropped', async () => {
    const id = await raise({ quarterRaised: '2026-Q1', text: 'Joint webinar' });
    webinar = id;
    const bare = await patch(id, { status: 'dropped' }).expect(400);
    expect(bare.body.issues[0]).toEqual({
      field: 'verdict',
      message:
        'dropping an ask needs a verdict saying why it was not delivered: wrong_ask, wrong_timing or wrong_priority',
    });
    const dropped = await patch(id, {
      status: 'dropped',
      verdict: 'wrong_priority',
      note: 'Budget went to MSSP',
    }).expect(200);
    expect(dropped.body).toMatchObject({ status: 'dropped', verdict: 'wrong_priority' });
    const cleared = await patch(id, { verdict: null }).expect(400);
    expect(cleared.body.issues[0]).toEqual({
      field: 'verdict',
      message:
        'a dropped ask keeps its verdict; reopen it (set another status) to clear the verdict',
    });
    const reopened = await patch(id, { status: 'open', verdict: null, note: 'Back on' }).expect(
      200,
    );
    expect(reopened.body).toMatchObject({ status: 'open', verdict: null });
    expect(
      reopened.body.history.map((h: { status: string; verdict: string | null }) => [
        h.status,
        h.verdict,
      ]),
    ).toEqual([
      ['open', null],
      ['dropped', 'wrong_priority'],
      ['open', null],
    ]);
  });

  it('lists what the meeting reviews (with the verdicts owed) and what was named in it', async () => {
    const meeting = await t.http
      .post('/api/partnerships/mtg-asks/meetings')
      .set(bearer(p.memberA))
      .send({ quarter: '2026-Q3', scheduledDate: '2026-07-16' })
      .expect(201);
    const meetingId = meeting.body.id as string;
    // 2026-Q1: one still blocked (carried into the review), one delivered (not).
    const oldBlocked = await raise({ quarterRaised: '2026-Q1', text: 'Old blocked' });
    await patch(oldBlocked, { status: 'blocked' }).expect(200);
    const oldDelivered = await raise({ quarterRaised: '2026-Q1', text: 'Old delivered' });
    await patch(oldDelivered, { status: 'delivered' }).expect(200);
    // 2026-Q2, the quarter before the meeting's: all reviewed, whatever their status.
    const delivered = await raise({ quarterRaised: '2026-Q2', text: 'Delivered' });
    await patch(delivered, { status: 'delivered' }).expect(200);
    const open = await raise({
      quarterRaised: '2026-Q2',
      text: 'Still open',
      fromSide: 'B',
      toSide: 'A',
    });
    const dropped = await raise({ quarterRaised: '2026-Q2', text: 'Dropped' });
    await patch(dropped, { status: 'dropped', verdict: 'wrong_timing' }).expect(200);
    // 2026-Q3, raised before the meeting and not at it: current, not reviewed, not named.
    await raise({ quarterRaised: '2026-Q3', text: 'Current' });
    // Named in the room: for the next quarter, and one for the rest of this one.
    const next = await raise({ quarterRaised: '2026-Q4', text: 'Next quarter', meetingId });
    const rest = await raise({ quarterRaised: '2026-Q3', text: 'Rest of quarter', meetingId });

    const res = await t.http
      .get(`/api/partnerships/mtg-asks/meetings/${meetingId}/asks`)
      .set(bearer(p.viewer))
      .expect(200);
    expect(res.body.meetingId).toBe(meetingId);
    expect(res.body.quarter).toBe('2026-Q3');
    expect(
      res.body.review.map((a: { id: string; needsVerdict: boolean; status: string }) => [
        a.id,
        a.status,
        a.needsVerdict,
      ]),
    ).toEqual([
      [webinar, 'open', true], // reopened in the first test: older, unresolved
      [oldBlocked, 'blocked', true],
      [delivered, 'delivered', false],
      [open, 'open', true],
      [dropped, 'dropped', false],
    ]);
    expect(
      res.body.named.map((a: { id: string; quarterRaised: string }) => [a.id, a.quarterRaised]),
    ).toEqual([
      [rest, '2026-Q3'],
      [next, '2026-Q4'],
    ]);

    const theirs = await t.http
      .post('/api/partnerships/mtg-other/meetings')
      .set(bearer(q.memberA))
      .send({ quarter: '2026-Q3', scheduledDate: '2026-07-16' })
      .expect(201);
    const foreign = await t.http
      .get(`/api/partnerships/mtg-asks/meetings/${theirs.body.id}/asks`)
      .set(bearer(p.memberA))
      .expect(404);
    expect(foreign.body.message).toBe(`No meeting ${theirs.body.id} in partnership mtg-asks`);
    await t.http
      .get(`/api/partnerships/mtg-other/meetings/${theirs.body.id}/asks`)
      .set(bearer(p.memberA))
      .expect(404);
    await t.http
      .get(`/api/partnerships/mtg-asks/meetings/not-a-uuid/asks`)
      .set(bearer(p.memberA))
      .expect(404);
  });
});
