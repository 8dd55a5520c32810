import type { ArtifactView } from '@alignboard/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditOf,
  bearer,
  createPartnership,
  type PartnershipFixture,
} from '../../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { seedHandBuiltPartnership } from '../metrics/__fixtures__/hand-built-partnership.js';

/**
 * The one-pager of the hand-built partnership's 2026-Q2 (its table and worked
 * figures are in metrics/__fixtures__/hand-built-partnership.ts).
 */
describe('artifacts API (the one-pager)', () => {
  let t: TestApp;
  let memberA: string;
  let memberB: string;
  let viewer: string;
  let admin: string;
  let outsider: PartnershipFixture;
  let meetingId: string;
  let askId: string;
  let decisionId: string;
  const url = '/api/partnerships/art-hand/artifacts/2026-Q2';
  const asOf = '2026-07-15T00:00:00Z';
  const get = async (token = viewer) =>
    (await t.http.get(url).set(bearer(token)).expect(200)).body as ArtifactView;
  const put = (body: Record<string, unknown>, token = memberA) =>
    t.http.put(url).set(bearer(token)).send(body);
  const confirm = (revision: number, token: string) =>
    t.http.post(`${url}/confirm`).set(bearer(token)).send({ revision });

  beforeAll(async () => {
    t = await createTestApp();
    await seedHandBuiltPartnership((sql, params) => t.db.dataSource.query(sql, params), 'art-hand');
    memberA = await t.token({
      email: 'a@art-hand.test',
      role: 'member',
      partnership: 'art-hand',
      side: 'A',
    });
    memberB = await t.token({
      email: 'b@art-hand.test',
      role: 'member',
      partnership: 'art-hand',
      side: 'B',
    });
    viewer = await t.token({
      email: 'viewer@art-hand.test',
      role: 'viewer',
      partnership: 'art-hand',
      side: 'A',
    });
    admin = await t.token({ email: 'admin@alignboard.test', role: 'admin' });
    outsider = await createPartnership(t, 'art-elsewhere');
    meetingId = (
      await t.http
        .post('/api/partnerships/art-hand/meetings')
        .set(bearer(memberA))
        .send({ quarter: '2026-Q2', scheduledDate: '2026-04-16' })
        .expect(201)
    ).body.id;
    askId = (
      await t.http
        .post('/api/partnerships/art-hand/asks')
        .set(bearer(memberB))
        .send({
          fromSide: 'B',
          toSide: 'A',
          quarterRaised: '2026-Q2',
          text: 'Intro to Hooli CISO',
          owner: 'Dana',
          due: '2026-05-31',
        })
        .expect(201)
    ).body.id;
    decisionId = (
      await t.http
        .post('/api/partnerships/art-hand/decisions')
        .set(bearer(memberA))
        .send({
          meetingId,
          kind: 'cadence',
          text: 'Meet monthly until the MSSP motion is on track',
        })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  it('creates revision 1 with the joint number, the asks and the decision log taken now', async () => {
    const res = await t.http
      .post(url)
      .set(bearer(memberA))
      .send({ asOf, notes: 'First draft' })
      .expect(201);
    const view = res.body as ArtifactView;
    expect(view).toMatchObject({
      quarter: '2026-Q2',
      revision: 1,
      author: 'a@art-hand.test',
      sentAt: null,
      confirmations: { A: null, B: null },
    });
    const n = view.content.numbers;
    expect(n).toMatchObject({
      quarter: '2026-Q2',
      currency: 'USD',
      asOf: '2026-07-15T00:00:00.000Z',
    });
    // Hand-built figures: total 352,500; commit A1 100,000 + B2 50,000 + B5 10,500 + B6 8,000 = 168,500; won A3 30,000.
    expect(n.joint).toMatchObject({ total: 352500, commit: 168500, closedWon: 30000 });
    // Sourced: A1 100,000 + B1 55,000 + B5 10,500 + A9 0 open, A3 30,000 won: 5 groups, 195,500.
    expect(n.split.sourced).toEqual({ open: 165500, closedWon: 30000, total: 195500, deals: 5 });
    // mssp: produced B6 8,000 + B7 5,000 = 13,000 of a 200,000 forecast = 0.065, above the 0.05 threshold.
    expect(n.motions).toEqual([
      expect.objectContaining({
        key: 'mssp',
        forecast: 200000,
        produced: 13000,
        attainment: 0.065,
        killCandidate: false,
      }),
    ]);
    expect(view.content.asks).toEqual([
      {
        id: askId,
        fromSide: 'B',
        toSide: 'A',
        quarterRaised: '2026-Q2',
        text: 'Intro to Hooli CISO',
        owner: 'Dana',
        due: '2026-05-31',
        status: 'open',
        verdict: null,
      },
    ]);
    expect(view.content.decisions).toEqual([
      {
        id: decisionId,
        kind: 'cadence',
        text: 'Meet monthly until the MSSP motion is on track',
        owner: null,
        due: null,
      },
    ]);
    expect(view.content).toMatchObject({ commitments: [], notes: 'First draft' });
    expect(view.history).toEqual([
      { revision: 1, author: 'a@art-hand.test', createdAt: expect.any(String), diff: [] },
    ]);
    expect(await get()).toEqual(view);

    const again = await t.http.post(url).set(bearer(memberB)).send({}).expect(409);
    expect(again.body.message).toBe(
      'The one-pager of 2026-Q2 exists (revision 1); PUT a new revision instead',
    );
    expect(again.body.details.latest.revision).toBe(1);
    expect((await auditOf(t, view.id)).map((a) => a.action)).toEqual(['artifact.create']);
  });

  it('stores each revision whole, with its author and its diff against the one before', async () => {
    const commitment = {
      text: 'Co-fund two MSSP workshops',
      ownerSide: 'B',
      owner: 'Sam',
      amount: 25000,
    };
    const r2 = await put(
      { baseRevision: 1, commitments: [commitment], notes: 'Agreed in the room' },
      memberB,
    ).expect(200);
    expect(r2.body).toMatchObject({ revision: 2, author: 'b@art-hand.test' });
    expect(r2.body.content.commitments).toEqual([commitment]);
    expect(
      r2.body.history.map((h: { revision: number; author: string }) => [h.revision, h.author]),
    ).toEqual([
      [1, 'a@art-hand.test'],
      [2, 'b@art-hand.test'],
    ]);
    expect(r2.body.history[1].diff).toEqual([
      { type: 'CREATE', path: ['commitments', 0], value: commitment },
      { type: 'CHANGE', path: ['notes'], value: 'Agreed in the room', oldValue: 'First draft' },
    ]);

    const one = await t.http.get(`${url}/revisions/1`).set(bearer(viewer)).expect(200);
    expect(one.body).toMatchObject({
      revision: 1,
      diff: [],
      content: { notes: 'First draft', commitments: [] },
    });
    const two = await t.http.get(`${url}/revisions/2`).set(bearer(viewer)).expect(200);
    expect(two.body.content.notes).toBe('Agreed in the room');
    expect(two.body.content.numbers).toEqual(one.body.content.numbers);

    // The same content again is no new revision.
    const same = await put({ baseRevision: 2, notes: 'Agreed in the room' }).expect(200);
    expect(same.body.revision).toBe(2);

    // Taken parts are snapshots: a new ask shows only when the asks are taken again.
    const late = await t.http
      .post('/api/partnerships/art-hand/asks')
      .set(bearer(memberA))
      .send({
        fromSide: 'A',
        toSide: 'B',
        quarterRaised: '2026-Q3',
        text: 'Named for next quarter',
        meetingId,
      })
      .expect(201);
    expect((await get()).content.asks.map((a) => a.id)).toEqual([askId]);
    const r3 = await put({ baseRevision: 2, refresh: ['asks'] }).expect(200);
    expect(r3.body.revision).toBe(3);
    expect(r3.body.content.asks.map((a: { id: string }) => a.id)).toEqual([askId, late.body.id]);
    expect(r3.body.history[2].diff).toEqual([
      {
        type: 'CREATE',
        path: ['asks', 1],
        value: expect.objectContaining({ id: late.body.id, quarterRaised: '2026-Q3' }),
      },
    ]);

    const audit = await auditOf(t, r3.body.id);
    expect(audit.map((a) => a.action)).toEqual([
      'artifact.create',
      'artifact.revise',
      'artifact.revise',
    ]);
    expect(audit[1]).toMatchObject({
      actor: 'user:b@art-hand.test',
      before: { revision: 1 },
      after: { revision: 2 },
    });
  });

  it('takes one of two edits made on the same revision and answers the other 409 with the latest', async () => {
    const before = await get();
    const [first, second] = await Promise.all([
      put({ baseRevision: before.revision, notes: 'Edit from side A' }, memberA),
      put({ baseRevision: before.revision, notes: 'Edit from side B' }, memberB),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const [won, lost] = first.status === 200 ? [first, second] : [second, first];
    expect(won.body.revision).toBe(before.revision + 1);
    expect(lost.body.message).toBe(
      `baseRevision ${before.revision} is not the latest revision of the one-pager of 2026-Q2 (${before.revision + 1}); redo the change on the latest`,
    );
    expect(lost.body.details.latest).toEqual(won.body);
    const latest = await get();
    expect(latest.revision).toBe(before.revision + 1);
    expect(latest.content.notes).toBe(won.body.content.notes);
    expect(latest.history).toHaveLength(before.history.length + 1);
  });

  it('records each side’s confirmation of the latest revision; a new revision clears both', async () => {
    const { revision } = await get();
    const stale = await confirm(revision - 1, memberA).expect(409);
    expect(stale.body.details.latest.revision).toBe(revision);

    const a = await confirm(revision, memberA).expect(200);
    expect(a.body.confirmations).toEqual({
      A: { at: expect.any(String), by: 'a@art-hand.test' },
      B: null,
    });
    const again = await confirm(revision, memberA).expect(200);
    expect(again.body.confirmations.A).toEqual(a.body.confirmations.A);
    const both = await confirm(revision, memberB).expect(200);
    expect(both.body.confirmations).toEqual({
      A: a.body.confirmations.A,
      B: { at: expect.any(String), by: 'b@art-hand.test' },
    });

    const adminConfirm = await confirm(revision, admin).expect(403);
    expect(adminConfirm.body.message).toBe(
      'A one-pager is confirmed by a side; admin tokens stand on neither side',
    );
    await confirm(revision, viewer).expect(403);

    const edited = await put({ baseRevision: revision, notes: 'One more line' }).expect(200);
    expect(edited.body.confirmations).toEqual({ A: null, B: null });
    const audit = (await auditOf(t, edited.body.id)).filter((e) => e.action === 'artifact.confirm');
    expect(audit.map((e) => e.after)).toEqual([
      { revision, confirmed: ['A'] },
      { revision, confirmed: ['A', 'B'] },
    ]);
  });

  it('answers 400 naming the field, 403 to viewers’ writes and 404 to non-members', async () => {
    const { revision } = await get();
    const bad: [Record<string, unknown>, string][] = [
      [{ notes: 'no base' }, 'baseRevision'],
      [{ baseRevision: 0 }, 'baseRevision'],
      [
        { baseRevision: revision, commitments: [{ text: 'x', ownerSide: 'C' }] },
        'commitments[0].ownerSide',
      ],
      [
        { baseRevision: revision, commitments: [{ text: 'x', ownerSide: 'A', amount: 1.005 }] },
        'commitments[0].amount',
      ],
      [{ baseRevision: revision, refresh: ['everything'] }, 'refresh[0]'],
    ];
    for (const [body, field] of bad)
      expect((await put(body).expect(400)).body.issues[0].field).toBe(field);
    expect(
      (
        await t.http
          .get('/api/partnerships/art-hand/artifacts/2026Q2')
          .set(bearer(viewer))
          .expect(400)
      ).body.issues[0].field,
    ).toBe('quarter');
    expect(
      (await t.http.get(`${url}/revisions/x`).set(bearer(viewer)).expect(400)).body.issues[0].field,
    ).toBe('revision');
    expect(
      (await t.http.get(`${url}/revisions/99`).set(bearer(viewer)).expect(404)).body.message,
    ).toBe(`The one-pager of 2026-Q2 has no revision 99 (latest: ${revision})`);
    expect(
      (await t.http.post(url).set(bearer(memberA)).send({ asOf: 'yesterday' }).expect(400)).body
        .issues[0].field,
    ).toBe('asOf');
    await t.http
      .get('/api/partnerships/art-hand/artifacts/2026-Q3')
      .set(bearer(viewer))
      .expect(404);

    await t.http
      .post('/api/partnerships/art-hand/artifacts/2026-Q3')
      .set(bearer(viewer))
      .send({})
      .expect(403);
    await put({ baseRevision: revision, notes: 'viewer' }, viewer).expect(403);
    await t.http.post(`${url}/send`).set(bearer(viewer)).send({ revision }).expect(403);

    for (const path of ['', '/revisions/1', '/html'])
      await t.http.get(`${url}${path}`).set(bearer(outsider.memberA)).expect(404);
    await put({ baseRevision: revision, notes: 'outsider' }, outsider.memberA).expect(404);
    await t.http
      .post(`${url}/confirm`)
      .set(bearer(outsider.memberA))
      .send({ revision })
      .expect(404);
    expect((await get()).revision).toBe(revision);
  });

  it('renders the latest revision as a printable page, escaping what was typed', async () => {
    const { revision } = await get();
    await put({ baseRevision: revision, notes: 'Watch <script>alert(1)</script> & co' }).expect(
      200,
    );
    const res = await t.http.get(`${url}/html`).set(bearer(viewer)).expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('<h1>Hand-built art-hand — one-pager 2026-Q2</h1>');
    expect(res.text).toContain('<td>Joint number (open + closed won)</td><td>USD 352,500</td>');
    expect(res.text).toContain('Watch &lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    expect(res.text).not.toContain('<script>');
  });
});

describe('artifacts API: sending the one-pager', () => {
  let t: TestApp;
  let p: PartnershipFixture;
  const url = '/api/partnerships/art-send/artifacts/2026-Q3';
  const outbox = (dedupeKey: string) =>
    t.db.dataSource.query<
      {
        kind: string;
        channel: string;
        subject: string;
        recipients: string[];
        body_html: string;
        webhook_payload: { text: string } | null;
      }[]
    >(
      `select kind, channel, subject, recipients, body_html, webhook_payload from delivery_outbox where dedupe_key = $1 order by channel`,
      [dedupeKey],
    );

  beforeAll(async () => {
    t = await createTestApp();
    p = await createPartnership(t, 'art-send', {
      notifications: { webhookUrl: 'http://127.0.0.1:9/hooks/alignboard' },
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
    });
  });
  afterAll(() => t.close());

  it('sends only a revision both sides confirmed, queues email and webhook once per revision, and records when', async () => {
    const created = await t.http
      .post(url)
      .set(bearer(p.memberA))
      .send({ asOf: '2026-07-20T00:00:00Z' })
      .expect(201);
    const id = created.body.id as string;
    const unconfirmed = await t.http
      .post(`${url}/send`)
      .set(bearer(p.memberA))
      .send({ revision: 1 })
      .expect(409);
    expect(unconfirmed.body.message).toBe(
      'Revision 1 of the one-pager of 2026-Q3 is not confirmed by side A and side B yet; both sides confirm before it is sent',
    );
    await t.http.post(`${url}/confirm`).set(bearer(p.memberA)).send({ revision: 1 }).expect(200);
    const half = await t.http
      .post(`${url}/send`)
      .set(bearer(p.memberA))
      .send({ revision: 1 })
      .expect(409);
    expect(half.body.message).toContain('not confirmed by side B yet');
    await t.http.post(`${url}/confirm`).set(bearer(p.memberB)).send({ revision: 1 }).expect(200);
    expect(await outbox(`artifact:${id}:1`)).toEqual([]);

    const sent = await t.http
      .post(`${url}/send`)
      .set(bearer(p.memberB))
      .send({ revision: 1 })
      .expect(200);
    expect(sent.body).toMatchObject({ sentRevision: 1, sentAt: expect.any(String) });
    expect(sent.body.lastSentAt).toBe(sent.body.sentAt);
    // No meeting for 2026-Q3: both sides' people receive it.
    const rows = await outbox(`artifact:${id}:1`);
    expect(rows.map((r) => [r.kind, r.channel, r.recipients])).toEqual([
      ['artifact', 'email', ['dana@cobalt.example', 'sam@northgate.example']],
      ['artifact', 'webhook', []],
    ]);
    expect(rows[0].subject).toBe(
      '[Alignboard] Partnership art-send: One-pager 2026-Q3 (revision 1)',
    );
    expect(rows[0].body_html).toContain('<td>Joint number (open + closed won)</td><td>USD 0</td>');
    expect(rows[1].webhook_payload?.text).toBe(
      '*Partnership art-send*: One-pager 2026-Q3 (revision 1) sent. Joint number USD 0; 0 commitments, 0 asks, 0 decisions.',
    );
    const [attachment] = await t.db.dataSource.query(
      `select a.filename from delivery_attachments a join delivery_outbox d on d.id = a.delivery_id where d.dedupe_key = $1`,
      [`artifact:${id}:1`],
    );
    expect(attachment.filename).toBe('one-pager-2026-Q3-r1.html');

    // Sending the same revision again changes nothing.
    const twice = await t.http
      .post(`${url}/send`)
      .set(bearer(p.memberA))
      .send({ revision: 1 })
      .expect(200);
    expect(twice.body).toMatchObject({
      sentAt: sent.body.sentAt,
      lastSentAt: sent.body.lastSentAt,
    });
    expect(await outbox(`artifact:${id}:1`)).toHaveLength(2);

    // A revised one-pager, confirmed again, goes out again to the meeting's attendees; the first send time stays.
    await t.http
      .post('/api/partnerships/art-send/meetings')
      .set(bearer(p.memberA))
      .send({
        quarter: '2026-Q3',
        scheduledDate: '2026-07-16',
        attendees: { A: [{ name: 'Dana', email: 'Dana@Cobalt.example' }], B: [{ name: 'Lee' }] },
      })
      .expect(201);
    await t.http
      .put(url)
      .set(bearer(p.memberA))
      .send({ baseRevision: 1, notes: 'Corrected' })
      .expect(200);
    const stale = await t.http
      .post(`${url}/send`)
      .set(bearer(p.memberA))
      .send({ revision: 1 })
      .expect(409);
    expect(stale.body.details.latest.revision).toBe(2);
    await t.http.post(`${url}/confirm`).set(bearer(p.memberA)).send({ revision: 2 }).expect(200);
    await t.http.post(`${url}/confirm`).set(bearer(p.memberB)).send({ revision: 2 }).expect(200);
    const resent = await t.http
      .post(`${url}/send`)
      .set(bearer(p.memberA))
      .send({ revision: 2 })
      .expect(200);
    expect(resent.body).toMatchObject({ sentAt: sent.body.sentAt, sentRevision: 2 });
    expect(Date.parse(resent.body.lastSentAt)).toBeGreaterThanOrEqual(Date.parse(sent.body.sentAt));
    expect((await outbox(`artifact:${id}:2`)).map((r) => r.recipients)).toEqual([
      ['dana@cobalt.example'],
      [],
    ]);

    const audit = (await auditOf(t, id)).filter((e) => e.action === 'artifact.send');
    expect(audit.map((e) => e.after)).toEqual([
      { sentRevision: 1, sentAt: sent.body.sentAt, recipients: 2 },
      { sentRevision: 2, sentAt: sent.body.sentAt, recipients: 1 },
    ]);
  });
});
