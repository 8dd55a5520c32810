import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditOf,
  bearer,
  createPartnership,
  type PartnershipFixture,
} from '../../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

/** Decisions of kind `motion` and `account_set` that change things, and the links both ways. */
describe('decisions that change things', () => {
  let t: TestApp;
  let p: PartnershipFixture;
  let q: PartnershipFixture;
  let meetingId: string;
  const base = (key: string) => `/api/partnerships/${key}`;
  const decide = (body: Record<string, unknown>, token = p.memberA) =>
    t.http
      .post(`${base(p.key)}/decisions`)
      .set(bearer(token))
      .send({ meetingId, ...body });
  const motion = async (key: string) =>
    (
      await t.http
        .get(`${base(p.key)}/motions/${key}`)
        .set(bearer(p.viewer))
        .expect(200)
    ).body;
  const count = async (table: string) =>
    (await t.db.dataSource.query<{ n: number }[]>(`select count(*)::int as n from ${table}`))[0].n;

  beforeAll(async () => {
    t = await createTestApp();
    p = await createPartnership(t, 'eff-p');
    q = await createPartnership(t, 'eff-q');
    meetingId = (
      await t.http
        .post(`${base(p.key)}/meetings`)
        .set(bearer(p.memberA))
        .send({ quarter: '2026-Q3', scheduledDate: '2026-07-16' })
        .expect(201)
    ).body.id;
    const motions = [
      { key: 'smb-bundle', name: 'SMB bundle', forecasts: { '2026-Q3': 100000 } },
      {
        key: 'mssp',
        name: 'MSSP upsell',
        owners: { A: 'Dana' },
        forecasts: { '2026-Q3': 300000, '2026-Q4': 400000 },
        stretch: { '2026-Q4': 450000 },
      },
      { key: 'cloud', name: 'Cloud marketplace', forecasts: { '2026-Q3': 50000 } },
    ];
    for (const m of motions)
      await t.http
        .post(`${base(p.key)}/motions`)
        .set(bearer(p.memberA))
        .send(m)
        .expect(201);
    await t.http
      .post(`${base(q.key)}/motions`)
      .set(bearer(q.memberA))
      .send({ key: 'theirs', name: 'Theirs' })
      .expect(201);
  });
  afterAll(() => t.close());

  it('kills a motion; the motion and the decision name each other, and the decision stays in the log', async () => {
    const res = await decide({
      kind: 'motion',
      text: 'Kill the SMB bundle',
      effect: { motion: 'smb-bundle', action: 'kill' },
    }).expect(201);
    const id = res.body.id as string;
    expect(res.body.effect).toEqual({ motion: 'smb-bundle', action: 'kill' });
    expect(res.body.outcome).toEqual({
      kind: 'motion',
      motion: 'smb-bundle',
      action: 'kill',
      motionChangeId: expect.any(String),
    });

    expect(await motion('smb-bundle')).toMatchObject({ status: 'killed', killedByDecisionId: id });
    const changes = await t.http
      .get(`${base(p.key)}/motions/smb-bundle/changes`)
      .set(bearer(p.viewer))
      .expect(200);
    expect(changes.body).toEqual([
      {
        id: res.body.outcome.motionChangeId,
        motion: 'smb-bundle',
        decisionId: id,
        action: 'kill',
        before: {
          key: 'smb-bundle',
          name: 'SMB bundle',
          owners: { A: null, B: null },
          forecasts: { '2026-Q3': 100000 },
          stretch: {},
          status: 'active',
        },
        after: {
          key: 'smb-bundle',
          name: 'SMB bundle',
          owners: { A: null, B: null },
          forecasts: { '2026-Q3': 100000 },
          stretch: {},
          status: 'killed',
        },
        createdAt: expect.any(String),
      },
    ]);
    expect(
      (
        await t.http
          .get(`${base(p.key)}/decisions/${id}`)
          .set(bearer(p.viewer))
          .expect(200)
      ).body.outcome,
    ).toEqual(res.body.outcome);

    // The same transaction wrote the decision, the kill and both audit rows.
    expect((await auditOf(t, id)).map((a) => a.action)).toEqual(['decision.create']);
    expect((await auditOf(t, id))[0].after).toMatchObject({
      effect: { motion: 'smb-bundle', action: 'kill' },
      outcome: res.body.outcome,
    });
    const [kill] = await t.db.dataSource.query(
      `select after from audit_log where action = 'motion.kill'`,
    );
    expect(kill.after).toEqual({ key: 'smb-bundle', status: 'killed', killedByDecisionId: id });

    const del = await t.http
      .delete(`${base(p.key)}/decisions/${id}`)
      .set(bearer(p.memberB))
      .expect(409);
    expect(del.body.message).toBe(
      `Decision ${id} killed motion smb-bundle; it stays in the log so the history says why. To undo it, log a new decision`,
    );
    expect(del.body.details.outcome).toEqual(res.body.outcome);
    const rekind = await t.http
      .patch(`${base(p.key)}/decisions/${id}`)
      .set(bearer(p.memberB))
      .send({ kind: 'other' })
      .expect(409);
    expect(rekind.body.message).toBe(
      `Decision ${id} killed motion smb-bundle; its kind stays motion. Log a new decision to record another change`,
    );
    // Its words can still be corrected.
    const reworded = await t.http
      .patch(`${base(p.key)}/decisions/${id}`)
      .set(bearer(p.memberB))
      .send({ text: 'Kill the SMB bundle motion' })
      .expect(200);
    expect(reworded.body).toMatchObject({
      text: 'Kill the SMB bundle motion',
      kind: 'motion',
      outcome: res.body.outcome,
    });
    expect(await motion('smb-bundle')).toMatchObject({ status: 'killed', killedByDecisionId: id });

    // A killed motion is not killed (or changed) twice; nothing of the refused decision is kept.
    const decisionsBefore = await count('decisions');
    const again = await decide({
      kind: 'motion',
      text: 'Kill it again',
      effect: { motion: 'smb-bundle', action: 'kill' },
    }).expect(400);
    expect(again.body.issues[0]).toEqual({
      field: 'effect.motion',
      message: `motion smb-bundle was killed by decision ${id}; reactivate it before changing it`,
    });
    expect(await count('decisions')).toBe(decisionsBefore);
  });

  it("changes a motion's name, owners, forecasts and stretch for named quarters", async () => {
    const res = await decide({
      kind: 'motion',
      text: 'Hand MSSP to Sam, cut Q3, drop Q4, plan Q1',
      effect: {
        motion: 'mssp',
        action: 'change',
        name: 'MSSP upsell (EMEA)',
        owners: { B: 'Sam' },
        // Q4 removed takes its 450,000 stretch with it.
        forecasts: { '2026-Q3': 250000, '2026-Q4': null, '2027-Q1': 500000 },
        stretch: { '2027-Q1': 600000 },
      },
    }).expect(201);
    const after = await motion('mssp');
    expect(after).toMatchObject({
      name: 'MSSP upsell (EMEA)',
      status: 'active',
      owners: { A: 'Dana', B: 'Sam' },
      forecasts: { '2026-Q3': 250000, '2027-Q1': 500000 },
      stretch: { '2027-Q1': 600000 },
    });
    const changes = (
      await t.http
        .get(`${base(p.key)}/motions/mssp/changes`)
        .set(bearer(p.memberB))
        .expect(200)
    ).body;
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      decisionId: res.body.id,
      action: 'change',
      before: {
        name: 'MSSP upsell',
        owners: { A: 'Dana', B: null },
        forecasts: { '2026-Q3': 300000, '2026-Q4': 400000 },
        stretch: { '2026-Q4': 450000 },
      },
      after: {
        name: 'MSSP upsell (EMEA)',
        owners: { A: 'Dana', B: 'Sam' },
        forecasts: { '2026-Q3': 250000, '2027-Q1': 500000 },
        stretch: { '2027-Q1': 600000 },
      },
    });
    expect(res.body.outcome).toEqual({
      kind: 'motion',
      motion: 'mssp',
      action: 'change',
      motionChangeId: changes[0].id,
    });
    const [update] = await t.db.dataSource.query(
      `select before, after from audit_log where action = 'motion.update' and entity_type = 'motion' order by id desc limit 1`,
    );
    expect(update.after.forecasts).toEqual({ '2026-Q3': 250000, '2027-Q1': 500000 });
  });

  it('refuses a change that would break a motion or change nothing, writing nothing', async () => {
    const decisionsBefore = await count('decisions');
    const below = await decide({
      kind: 'motion',
      text: 'x',
      effect: { motion: 'cloud', action: 'change', stretch: { '2026-Q3': 40000 } },
    }).expect(400);
    expect(below.body.issues[0]).toEqual({
      field: 'effect.stretch.2026-Q3',
      message: '40000 would be below the forecast (50000); a stretch must be at least the forecast',
    });
    const orphan = await decide({
      kind: 'motion',
      text: 'x',
      effect: { motion: 'cloud', action: 'change', stretch: { '2027-Q2': 1 } },
    }).expect(400);
    expect(orphan.body.issues[0]).toEqual({
      field: 'effect.stretch.2027-Q2',
      message: 'the motion would have no forecast for 2027-Q2',
    });
    const same = await decide({
      kind: 'motion',
      text: 'x',
      effect: { motion: 'cloud', action: 'change', forecasts: { '2026-Q3': 50000 } },
    }).expect(400);
    expect(same.body.issues[0]).toEqual({
      field: 'effect',
      message: 'changes nothing: motion cloud already has these values',
    });
    const unknown = await decide({
      kind: 'motion',
      text: 'x',
      effect: { motion: 'theirs', action: 'kill' },
    }).expect(400);
    expect(unknown.body.issues[0]).toEqual({
      field: 'effect.motion',
      message: 'no motion theirs in partnership eff-p',
    });
    expect(await count('decisions')).toBe(decisionsBefore);
    expect(await motion('cloud')).toMatchObject({
      forecasts: { '2026-Q3': 50000 },
      stretch: {},
      status: 'active',
    });
  });

  it('validates the effect against the kind, naming the field', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { kind: 'other', effect: { motion: 'cloud', action: 'kill' } },
        'effect',
        'only decisions of kind motion or account_set change something; log this one without an effect',
      ],
      [
        { kind: 'motion', effect: { motion: 'cloud', action: 'kill', name: 'x' } },
        'effect.name',
        'a kill changes nothing else; use action "change" to change a motion',
      ],
      [
        { kind: 'motion', effect: { motion: 'cloud', action: 'change' } },
        'effect.action',
        'a change names at least one of name, owners, forecasts, stretch',
      ],
      [
        { kind: 'motion', effect: { motion: 'cloud', action: 'pause' } },
        'effect.action',
        'expected "kill" or "change"',
      ],
      [
        {
          kind: 'motion',
          effect: { motion: 'cloud', action: 'change', forecasts: { '2026-Q9': 1 } },
        },
        'effect.forecasts.2026-Q9',
        'expected a quarter like 2026-Q2, got "2026-Q9"',
      ],
      [
        {
          kind: 'account_set',
          effect: { accounts: { add: [{ name: 'Acme', domain: 'https://acme.com' }] } },
        },
        'effect.accounts.add[0].domain',
        'expected a bare domain like acme.com (no scheme, path or www.)',
      ],
      [
        { kind: 'account_set', effect: { accounts: {} } },
        'effect.accounts',
        'name accounts to add or remove',
      ],
    ];
    for (const [body, field, message] of cases) {
      const res = await decide({ text: 'x', ...body }).expect(400);
      expect(res.body.issues[0]).toEqual({ field, message });
    }
    const patchEffect = await t.http
      .patch(`${base(p.key)}/decisions/00000000-0000-0000-0000-000000000000`)
      .set(bearer(p.memberA))
      .send({ effect: { motion: 'cloud', action: 'kill' } })
      .expect(400);
    // An effect is made once, when the decision is logged: a PATCH cannot carry one.
    expect(patchEffect.body.issues[0].message).toBe('Unrecognized key: "effect"');
    await decide(
      { kind: 'motion', text: 'x', effect: { motion: 'cloud', action: 'kill' } },
      p.viewer,
    ).expect(403);
    expect(await motion('cloud')).toMatchObject({ status: 'active' });
  });

  it('makes the next version of the named account set, from a full list or from additions and removals', async () => {
    const first = await decide({
      kind: 'account_set',
      text: 'Start with two named accounts',
      effect: {
        accounts: [
          { name: 'Hooli', domain: 'hooli.example' },
          { name: 'Acme', domain: 'ACME.example' },
        ],
      },
    }).expect(201);
    // Stored sorted by domain, lower-cased.
    const v1 = [
      { name: 'Acme', domain: 'acme.example' },
      { name: 'Hooli', domain: 'hooli.example' },
    ];
    expect(first.body.outcome).toEqual({
      kind: 'account_set',
      namedAccountSetVersion: 1,
      accounts: v1,
    });

    const second = await decide({
      kind: 'account_set',
      text: 'Swap Acme for Initech; rename Hooli',
      effect: {
        accounts: {
          remove: ['acme.example', 'hooli.example'],
          add: [
            { name: 'Initech', domain: 'initech.example' },
            { name: 'Hooli Inc', domain: 'hooli.example' },
          ],
        },
      },
    }).expect(201);
    const v2 = [
      { name: 'Hooli Inc', domain: 'hooli.example' },
      { name: 'Initech', domain: 'initech.example' },
    ];
    expect(second.body.outcome).toEqual({
      kind: 'account_set',
      namedAccountSetVersion: 2,
      accounts: v2,
    });

    const rows = await t.db.dataSource.query(
      `select s.version, s.accounts, s.decision_id from named_account_sets s join partnerships p on p.id = s.partnership_id where p.key = $1 order by s.version`,
      [p.key],
    );
    expect(rows).toEqual([
      { version: 1, accounts: v1, decision_id: first.body.id },
      { version: 2, accounts: v2, decision_id: second.body.id },
    ]);
    const [audit] = await t.db.dataSource.query(
      `select before, after from audit_log where action = 'named_account_set.create' and after->>'decisionId' = $1`,
      [second.body.id],
    );
    expect(audit).toEqual({
      before: { version: 1, accounts: v1 },
      after: { version: 2, accounts: v2, decisionId: second.body.id },
    });

    const refused: [Record<string, unknown>, string, string][] = [
      [
        { accounts: { remove: ['acme.example'] } },
        'effect.accounts.remove[0]',
        'acme.example is not in version 2 of the named account set',
      ],
      [
        { accounts: { add: [{ name: 'Initech', domain: 'initech.example' }] } },
        'effect.accounts.add[0].domain',
        'initech.example is already in version 2 of the named account set',
      ],
      [
        { accounts: [...v2].reverse() },
        'effect.accounts',
        'changes nothing: version 2 of the named account set already is this list',
      ],
      [
        {
          accounts: [
            { name: 'A', domain: 'a.example' },
            { name: 'A again', domain: 'a.example' },
          ],
        },
        'effect.accounts[1].domain',
        'a.example is listed twice',
      ],
    ];
    for (const [effect, field, message] of refused) {
      const res = await decide({ kind: 'account_set', text: 'x', effect }).expect(400);
      expect(res.body.issues[0]).toEqual({ field, message });
    }
    expect(await count('named_account_sets')).toBe(2);

    const del = await t.http
      .delete(`${base(p.key)}/decisions/${second.body.id}`)
      .set(bearer(p.memberA))
      .expect(409);
    expect(del.body.message).toContain('made version 2 of the named account set');
    const list = await t.http
      .get(`${base(p.key)}/decisions`)
      .query({ meetingId })
      .set(bearer(p.viewer))
      .expect(200);
    expect(
      list.body.find((d: { id: string }) => d.id === second.body.id).outcome.namedAccountSetVersion,
    ).toBe(2);
    // A decision that changed nothing is deleted as before.
    const plain = await decide({ kind: 'account_set', text: 'Review the set next quarter' }).expect(
      201,
    );
    expect(plain.body).toMatchObject({ effect: null, outcome: null });
    await t.http
      .delete(`${base(p.key)}/decisions/${plain.body.id}`)
      .set(bearer(p.memberA))
      .expect(204);
  });
});
