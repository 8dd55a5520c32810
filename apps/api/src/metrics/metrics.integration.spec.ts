import type { DealGroupsView, DealGroupView, GroupOverrideView, QuarterMetrics } from '@alignboard/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditOf, bearer, createPartnership } from '../../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { handBuilt, seedHandBuiltPartnership, type HandBuiltIds } from './__fixtures__/hand-built-partnership.js';
import { PartnershipDataLoader } from './partnership-data.loader.js';

/** The metrics API over the hand-built partnership (its table is in the fixture; every number below is worked from it). */
describe('metrics API', () => {
  let t: TestApp;
  let ids: HandBuiltIds;
  let admin: string;
  let memberA: string;
  let memberB: string;
  let viewerA: string;
  let outsider: string;
  const base = '/api/partnerships/hand-api';
  const q2 = 'quarter=2026-Q2&asOf=2026-07-15T00:00:00Z';

  const metrics = async (token: string, query = q2) => (await t.http.get(`${base}/metrics?${query}`).set(bearer(token)).expect(200)).body as QuarterMetrics;
  const groups = async (token: string, query = q2) => (await t.http.get(`${base}/groups?${query}`).set(bearer(token)).expect(200)).body as DealGroupsView;
  const members = (view: DealGroupsView) => view.groups.flatMap((g) => g.members);
  const member = (view: DealGroupsView, crmId: string) => members(view).find((m) => m.crmId === crmId);
  const override = (token: string, body: object) => t.http.post(`${base}/groups/overrides`).set(bearer(token)).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    ids = await seedHandBuiltPartnership((sql, params) => t.db.dataSource.query(sql, params), 'hand-api');
    admin = await t.token({ email: 'admin@alignboard.test', role: 'admin' });
    memberA = await t.token({ email: 'a@hand-api.test', role: 'member', partnership: 'hand-api', side: 'A' });
    memberB = await t.token({ email: 'b@hand-api.test', role: 'member', partnership: 'hand-api', side: 'B' });
    viewerA = await t.token({ email: 'viewer@hand-api.test', role: 'viewer', partnership: 'hand-api', side: 'A' });
    outsider = (await createPartnership(t, 'elsewhere')).memberA;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('converts each amount with the rate in force on its close date: the CRM’s dated rates first, else the configured ones', async () => {
    const view = await groups(admin);
    // A1 EUR 80,000 closing 04-20: Salesforce's 0.8 EUR per USD (the configured 1.10 would give 88,000).
    expect(member(view, handBuilt.A1)).toMatchObject({ amount: 80000, currency: 'EUR', baseAmount: 100000, closeDate: '2026-04-20' });
    // A2 EUR 40,000 closing 05-15: the dated rate from 05-01, 0.625 (the April one would give 50,000).
    expect(member(view, handBuilt.A2)).toMatchObject({ amount: 40000, currency: 'EUR', baseAmount: 64000 });
    // B1 EUR 50,000 on HubSpot (no dated rates) closing 04-25: configured 1.10 (1.20 only from 05-01).
    expect(member(view, handBuilt.B1)).toMatchObject({ amount: 50000, currency: 'EUR', baseAmount: 55000 });
    expect(member(view, handBuilt.B2)).toMatchObject({ amount: 40000, currency: 'GBP', baseAmount: 50000 });
    // JPY has no rate anywhere: A4 is in no group and no figure, and is listed as a warning instead.
    expect(member(view, handBuilt.A4)).toBeUndefined();
    const m = await metrics(admin);
    expect(m.joint.total).toBe(352500);
    expect(m.warnings.filter((w) => w.kind === 'unknown_currency')).toEqual([
      { side: 'A', crmId: handBuilt.A4, kind: 'unknown_currency', message: expect.stringContaining('no rate from JPY to USD on 2026-05-20') },
    ]);
  });

  it('lists the groups behind one figure, adding up to it', async () => {
    const commit = await groups(admin, `${q2}&figure=joint.commit`);
    expect(commit.groups.map((g) => [g.groupId, g.amount])).toEqual([
      [`A:${handBuilt.A1}`, 100000], ['B:102', 50000], ['B:105', 10500], ['B:106', 8000], // = joint.commit 168,500
    ]);
    const produced = await groups(admin, `${q2}&figure=motion.produced&motion=mssp`);
    expect(produced.groups.map((g) => [g.groupId, g.amount, g.createdAt])).toEqual([
      ['B:106', 8000, '2026-04-10T00:00:00.000Z'], ['B:107', 5000, '2026-05-01T00:00:00.000Z'], // produced 13,000
    ]);
    const won = (await groups(admin, `${q2}&figure=joint.closedWon`)).groups;
    expect(won).toEqual([
      expect.objectContaining({
        groupId: `A:${handBuilt.A3}`, amount: 30000, category: 'closed_won', attribution: 'sourced', inScope: true,
        figures: ['joint.total', 'joint.closedWon', 'split.sourced'],
      }),
    ]);
    expect(won[0].members.map((m) => m.crmId)).toEqual([handBuilt.A3, handBuilt.B3]);
  });

  it('links and unlinks records through overrides, changing the joint number as computed by hand, without reloading', async () => {
    await metrics(admin);
    const loads = vi.spyOn(t.app.get(PartnershipDataLoader), 'load');
    try {
      // A1 (100,000 commit) and B1 (55,000 upside) are 45% apart: two groups. Linked, B1's 55,000 leaves the total.
      const link = await override(memberA, { kind: 'link', a: `${handBuilt.A1}AAA`, b: handBuilt.B1, note: 'same Hooli deal' }).expect(201);
      expect(link.body).toMatchObject({ kind: 'link', a: handBuilt.A1, b: handBuilt.B1, note: 'same Hooli deal', createdBy: 'user:a@hand-api.test' });
      expect((await auditOf(t, link.body.id)).map((r) => r.action)).toEqual(['group_override.create']);
      let m = await metrics(memberB);
      expect(m.joint).toMatchObject({ upside: 64000, open: 267500, total: 297500, deals: 9, duplicatesRemoved: 2 });

      // A3 and B3 name each other; unlinked they count apart: won 30,000 + 32,000 (and would match by heuristic, but the unlink wins).
      const unlink = await override(memberB, { kind: 'unlink', a: handBuilt.A3, b: handBuilt.B3 }).expect(201);
      m = await metrics(memberA);
      expect(m.joint).toMatchObject({ closedWon: 62000, total: 329500, deals: 10, duplicatesRemoved: 1 });
      expect(m.split.sourced).toEqual({ open: 110500, closedWon: 30000, total: 140500, deals: 4 }); // A1+B1, B5, A9; A3
      expect(m.split.influenced).toEqual({ open: 144000, closedWon: 32000, total: 176000, deals: 4 }); // A2, B2, B4; B3
      expect(m.conflicts).toEqual([]);

      // A new override of the same pair replaces the old one: A1 and B1 apart again.
      const replaced = await override(memberA, { kind: 'unlink', a: handBuilt.A1, b: handBuilt.B1 }).expect(201);
      expect(replaced.body.id).toBe(link.body.id);
      expect((await auditOf(t, link.body.id)).map((r) => r.action)).toEqual(['group_override.create', 'group_override.replace']);
      const list = (await t.http.get(`${base}/groups/overrides`).set(bearer(memberB)).expect(200)).body as GroupOverrideView[];
      expect(list.map((o) => [o.kind, o.a, o.b, o.note])).toEqual([
        ['unlink', handBuilt.A3, handBuilt.B3, null],
        ['unlink', handBuilt.A1, handBuilt.B1, null], // decided last
      ]);
      expect((await metrics(admin)).joint.total).toBe(384500); // 329,500 + B1's 55,000

      for (const o of list) await t.http.delete(`${base}/groups/overrides/${o.id}`).set(bearer(memberA)).expect(204);
      expect((await auditOf(t, unlink.body.id)).map((r) => r.action)).toEqual(['group_override.create', 'group_override.delete']);
      expect((await metrics(admin)).joint).toMatchObject({ total: 352500, deals: 10, duplicatesRemoved: 1 });
      expect(loads).not.toHaveBeenCalled();
    } finally {
      loads.mockRestore();
    }
  });

  it('rejects a bad override with 400 naming the field, an unknown record with 404, a viewer with 403', async () => {
    const missing = await override(memberA, { kind: 'link', b: handBuilt.B1 }).expect(400);
    expect(missing.body.issues).toEqual([expect.objectContaining({ field: 'a' })]);
    expect((await override(memberA, { kind: 'merge', a: handBuilt.A1, b: handBuilt.B1 }).expect(400)).body.issues[0].field).toBe('kind');
    expect((await override(memberA, { kind: 'link', a: ' ', b: handBuilt.B1 }).expect(400)).body.issues[0].field).toBe('a');
    await override(memberA, { kind: 'link', a: handBuilt.A1, b: handBuilt.B1, extra: 1 }).expect(400);
    expect((await override(memberA, { kind: 'link', a: 'nope', b: handBuilt.B1 }).expect(404)).body.message).toBe('No live record nope on side A of hand-api that you can see');
    // A side A id is no side B record.
    expect((await override(memberA, { kind: 'link', a: handBuilt.A1, b: handBuilt.A2 }).expect(404)).body.message).toContain('on side B');
    await override(viewerA, { kind: 'link', a: handBuilt.A1, b: handBuilt.B1 }).expect(403);
    await override(outsider, { kind: 'link', a: handBuilt.A1, b: handBuilt.B1 }).expect(404);
    await t.http.get(`${base}/groups/overrides`).set(bearer(outsider)).expect(404);
    await t.http.delete(`${base}/groups/overrides/00000000-0000-0000-0000-000000000000`).set(bearer(memberA)).expect(404);
    await t.http.delete(`${base}/groups/overrides/not-an-id`).set(bearer(memberA)).expect(404);
    const [{ n }] = await t.db.dataSource.query(`select count(*)::int as n from deal_group_overrides`);
    expect(n).toBe(0);
  });

  describe('data sharing (SPEC §2)', () => {
    const hiddenFromB = [handBuilt.A5, handBuilt.A7, handBuilt.A8]; // side A's out-of-scope records

    it('never shows side B a side A record outside an in-scope group, nor a field side A does not share', async () => {
      const view = await groups(memberB, `${q2}&scope=all`);
      const text = JSON.stringify(view);
      for (const crmId of hiddenFromB) expect(text).not.toContain(crmId);
      expect(text).not.toContain('Wayne secret');
      const sideA = members(view).filter((m) => m.side === 'A');
      expect(sideA.map((m) => m.crmId).sort()).toEqual([handBuilt.A1, handBuilt.A2, handBuilt.A3, handBuilt.A6, handBuilt.A9]);
      for (const m of sideA) {
        expect(m).not.toHaveProperty('name'); // side A shares neither the name...
        expect(m).not.toHaveProperty('stage'); // ...nor the stage
        expect(m).not.toHaveProperty('probability');
      }
      expect(member(view, handBuilt.A1)).toEqual({
        side: 'A', crmId: handBuilt.A1, accountName: 'Hooli SOC renewal account', accountDomain: 'hooli.example',
        amount: 80000, currency: 'EUR', baseAmount: 100000, closeDate: '2026-04-20', forecastCategory: 'commit', attribution: 'sourced', motion: 'mssp',
      });
      // B's own out-of-scope record shows to B, marked out of scope, counting in nothing.
      expect(view.groups.find((g) => g.groupId === 'B:108')).toMatchObject({ inScope: false, figures: [], amount: 7000 });
    });

    it('shows side A its own records in full and side B’s shared fields, never side B’s direct business', async () => {
      const view = await groups(memberA, `${q2}&scope=all`);
      expect(JSON.stringify(view)).not.toContain('"108"');
      expect(member(view, handBuilt.A5)).toMatchObject({ name: 'Wayne secret expansion', stage: 'Stage pipeline' });
      expect(view.groups.find((g) => g.groupId === `A:${handBuilt.A5}`)).toMatchObject({ inScope: false, figures: [] });
      expect(member(view, handBuilt.B1)).toMatchObject({ name: 'Hooli via Northgate', stage: 'Stage upside' });
      expect(member(view, handBuilt.B1)).not.toHaveProperty('probability'); // not in side B's shared fields
      // Without scope=all only the groups behind the figures.
      expect((await groups(memberA)).groups.every((g: DealGroupView) => g.inScope && g.figures.length > 0)).toBe(true);
    });

    it('shares the figures whole but trims possible duplicates and warnings to what each side may see', async () => {
      const [a, b, all] = [await metrics(memberA), await metrics(memberB), await metrics(admin)];
      expect(b.joint).toEqual(all.joint);
      expect(a.split).toEqual(all.split);
      expect(b.motions).toEqual(all.motions);
      // The umbrella cluster: A7 and A8 are side A's out-of-scope records. Side A sees it whole; side B not at all.
      expect(all.possibleDuplicates[0].members.map((m) => m.crmId)).toEqual([handBuilt.A7, handBuilt.A8, handBuilt.B5]);
      expect(a.possibleDuplicates).toEqual(all.possibleDuplicates);
      expect(b.possibleDuplicates).toEqual([]);
      expect(JSON.stringify(b)).not.toContain(handBuilt.A7);
      expect(b.warnings.map((w) => w.crmId)).toEqual([handBuilt.A9, handBuilt.B7, handBuilt.A4]);
      expect(b.conflicts[0].values).toEqual({ A: ['sourced'], B: ['influenced'] });
    });

    it('follows a side’s shared fields as soon as they change', async () => {
      await t.http
        .put(`${base}/sides/A`)
        .set(bearer(memberA))
        .send({ company: 'hand-api A', sharedFields: ['accountDomain', 'amount', 'closeDate', 'forecastCategory'] })
        .expect(200);
      const m = await metrics(memberB);
      expect(m.conflicts[0].values).toEqual({ A: [], B: ['influenced'] }); // side A no longer shares attribution
      expect(m.warnings.map((w) => w.crmId)).toEqual([handBuilt.A9, handBuilt.B7, handBuilt.A4]);
      const a1 = member(await groups(memberB), handBuilt.A1)!;
      expect(Object.keys(a1).sort()).toEqual(['accountDomain', 'amount', 'baseAmount', 'closeDate', 'crmId', 'currency', 'forecastCategory', 'side']);
      expect((await metrics(memberA)).conflicts[0].values).toEqual({ A: ['sourced'], B: ['influenced'] });
    });
  });

  it('answers 400 naming the field for a bad query, 404 to non-members', async () => {
    expect((await t.http.get(`${base}/metrics`).set(bearer(memberA)).expect(400)).body.issues[0].field).toBe('quarter');
    expect((await t.http.get(`${base}/metrics?quarter=2026-Q5`).set(bearer(memberA)).expect(400)).body.issues[0].field).toBe('quarter');
    expect((await t.http.get(`${base}/metrics?quarter=2026-Q2&asOf=yesterday`).set(bearer(memberA)).expect(400)).body.issues[0].field).toBe('asOf');
    expect((await t.http.get(`${base}/metrics?quarter=2026-Q2&asOf=2026-02-31T00:00:00Z`).set(bearer(memberA)).expect(400)).body.issues).toEqual([
      { field: 'asOf', message: 'expected an ISO 8601 instant like 2026-05-01T00:00:00Z' },
    ]);
    const tooLong = await t.http.get(`${base}/metrics/trend?from=2020-Q1&to=2026-Q1`).set(bearer(memberA)).expect(400);
    expect(tooLong.body.issues).toEqual([{ field: 'to', message: 'at most 20 quarters: 2020-Q1 to 2026-Q1 is 25' }]);
    expect((await t.http.get(`${base}/metrics/trend?from=2026-Q2&to=2026-Q1`).set(bearer(memberA)).expect(400)).body.issues[0].field).toBe('to');
    expect((await t.http.get(`${base}/groups?quarter=2026-Q2&figure=joint.everything`).set(bearer(memberA)).expect(400)).body.issues[0].field).toBe('figure');
    expect((await t.http.get(`${base}/groups?quarter=2026-Q2&motion=nope`).set(bearer(memberA)).expect(404)).body.message).toBe('No motion nope in partnership hand-api');
    for (const path of [`metrics?${q2}`, 'metrics/trend?from=2026-Q1&to=2026-Q2', `groups?${q2}`]) {
      await t.http.get(`${base}/${path}`).set(bearer(outsider)).expect(404);
      await t.http.get(`/api/partnerships/nope/${path}`).set(bearer(admin)).expect(404);
      await t.http.get(`${base}/${path}`).expect(401);
    }
    // 20 quarters is the most.
    expect((await t.http.get(`${base}/metrics/trend?from=2021-Q3&to=2026-Q2`).set(bearer(viewerA)).expect(200)).body).toHaveLength(20);
  });

  it('gives the trend per quarter, the same numbers as each quarter’s metrics', async () => {
    const trend = (await t.http.get(`${base}/metrics/trend?from=2026-Q1&to=2026-Q3&asOf=2026-07-15T00:00:00Z`).set(bearer(memberB)).expect(200)).body;
    expect(trend.map((p: { quarter: string }) => p.quarter)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    const m = await metrics(memberB);
    expect(trend[1]).toEqual({ quarter: '2026-Q2', joint: m.joint, split: m.split, call: m.call });
    expect(trend[0].joint.total).toBe(0);
  });

  it('sees motion, meeting and record changes made after the cache was filled, patching records in', async () => {
    await metrics(admin);
    const loader = t.app.get(PartnershipDataLoader);
    const loads = vi.spyOn(loader, 'load');
    const patches = vi.spyOn(loader, 'changedSince');
    try {
      // A meeting (health is read at every request) ...
      await t.db.dataSource.query(`insert into meetings (partnership_id, quarter, scheduled_date, status) values ($1, '2026-Q2', '2026-04-16', 'held')`, [ids.partnershipId]);
      expect((await metrics(admin)).health).toMatchObject({ meetingsScheduled: 1, meetingsHeld: 1, statusMeetings: 1 });
      // ... and what another process's sync wrote: A2 now EUR 50,000 (at 0.625: 80,000, was 64,000). The run's row tells the cache.
      // (In a CTE: TypeORM answers a bare UPDATE with [rows, count].)
      const [{ id: a2 }] = await t.db.dataSource.query(
        `with changed as (update opportunities set amount = 50000, crm_modified_at = '2026-06-01T00:00:00Z', synced_at = now()
         where crm_id = $1 returning id) select id from changed`,
        [handBuilt.A2],
      );
      await t.db.dataSource.query(
        `insert into opportunity_history (opportunity_id, valid_from, amount, currency, close_date, stage, forecast_category, attribution, source)
         values ($1, '2026-06-01T00:00:00Z', 50000, 'EUR', '2026-05-15', 'Stage upside', 'upside', 'influenced', 'sync')`,
        [a2],
      );
      await t.db.dataSource.query(`insert into sync_runs (connection_id, status, trigger, finished_at) values ($1, 'succeeded', 'cli', now())`, [ids.connection.A]);
      expect((await metrics(admin)).joint).toMatchObject({ upside: 135000, total: 368500 }); // +16,000
      expect(patches).toHaveBeenCalledTimes(1);
      expect(loads).not.toHaveBeenCalled();
      // A forecast changed through the API reloads: mssp's Q2 forecast 100,000 (the stretch goes with it).
      await t.http.put(`${base}/motions/mssp/forecasts/2026-Q2`).set(bearer(memberA)).send({ forecast: 100000 }).expect(200);
      expect((await metrics(memberB)).motions[0]).toMatchObject({ forecast: 100000, stretch: null, attainment: 0.13, stretchAttainment: null });
      expect(loads).toHaveBeenCalledTimes(1);
    } finally {
      loads.mockRestore();
      patches.mockRestore();
    }
  });
});
