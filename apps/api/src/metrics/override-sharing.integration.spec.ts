import type { DealGroupsView, GroupOverrideView } from '@alignboard/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { handBuilt, seedHandBuiltPartnership } from './__fixtures__/hand-built-partnership.js';

/**
 * The sharing rule for overrides (ADR 003) over the hand-built partnership,
 * with one change made before any figures are read: side A tagged A8
 * (Umbrella plant, 11,000) as partner-sourced, so it is shared with side B
 * while its sibling A7 (Umbrella lab, 10,000) stays side A's direct business.
 * A7, A8 and B5 (Umbrella via Northgate, 10,500) remain one ambiguous cluster
 * of heuristic candidates: nothing links them.
 */
describe('group overrides under the sharing rule', () => {
  let t: TestApp;
  let admin: string;
  let memberA: string;
  let memberB: string;
  const base = '/api/partnerships/hand-share';
  const q2 = 'quarter=2026-Q2&asOf=2026-07-15T00:00:00Z';

  const override = (token: string, body: object) => t.http.post(`${base}/groups/overrides`).set(bearer(token)).send(body);
  const list = async (token: string) => (await t.http.get(`${base}/groups/overrides`).set(bearer(token)).expect(200)).body as GroupOverrideView[];
  const groupsText = async (token: string) => JSON.stringify((await t.http.get(`${base}/groups?${q2}&scope=all`).set(bearer(token)).expect(200)).body as DealGroupsView);
  const overrideCount = async () => (await t.db.dataSource.query<{ n: number }[]>(`select count(*)::int as n from deal_group_overrides`))[0].n;
  /** An error body with the one id it names and the request id taken out: what a prober compares. */
  const shape = (body: { message: string; requestId?: string }, id: string) => ({ ...body, requestId: undefined, message: body.message.replace(id, '<id>') });

  beforeAll(async () => {
    t = await createTestApp();
    await seedHandBuiltPartnership((sql, params) => t.db.dataSource.query(sql, params), 'hand-share');
    await t.db.dataSource.query(`update opportunities set attribution = 'sourced' where crm_id = $1`, [handBuilt.A8]);
    await t.db.dataSource.query(
      `update opportunity_history set attribution = 'sourced' where opportunity_id = (select id from opportunities where crm_id = $1)`,
      [handBuilt.A8],
    );
    admin = await t.token({ email: 'admin@alignboard.test', role: 'admin' });
    memberA = await t.token({ email: 'a@hand-share.test', role: 'member', partnership: 'hand-share', side: 'A' });
    memberB = await t.token({ email: 'b@hand-share.test', role: 'member', partnership: 'hand-share', side: 'B' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('does not let side B link side A’s direct deal into a shared group; side A may', async () => {
    // A5 (Wayne secret expansion, 50,000, untagged) is side A's direct business; B4 (Wayne via Northgate) is tagged.
    expect(await groupsText(memberB)).not.toContain(handBuilt.A5);
    const refused = await override(memberB, { kind: 'link', a: handBuilt.A5, b: handBuilt.B4 }).expect(404);
    expect(refused.body.message).toBe(`No live record ${handBuilt.A5} on side A of hand-share that you can see`);
    expect(await overrideCount()).toBe(0);
    const after = JSON.parse(await groupsText(memberB)) as DealGroupsView;
    const wayne = after.groups.flatMap((g) => g.members).filter((m) => m.accountDomain === 'wayne.example');
    expect(wayne.map((m) => m.crmId)).toEqual([handBuilt.B4]);

    // Side A brings its own deal in: then side B sees A5's shared fields in B4's group.
    const made = await override(memberA, { kind: 'link', a: handBuilt.A5, b: handBuilt.B4 }).expect(201);
    const view = JSON.parse(await groupsText(memberB)) as DealGroupsView;
    const group = view.groups.find((g) => g.members.some((m) => m.crmId === handBuilt.A5));
    expect(group?.members.map((m) => m.crmId)).toEqual([handBuilt.A5, handBuilt.B4]);
    expect(group?.members[0]).toMatchObject({ amount: 50000, accountDomain: 'wayne.example' });
    expect(group?.members[0]).not.toHaveProperty('name'); // side A does not share names
    await t.http.delete(`${base}/groups/overrides/${made.body.id}`).set(bearer(memberA)).expect(204);
    expect(await groupsText(memberB)).not.toContain(handBuilt.A5);
  });

  it('answers a record that exists but is not shared exactly as one that does not exist', async () => {
    const hidden = [handBuilt.A5, `${handBuilt.A5}AAA`, handBuilt.A7];
    const absent = ['006A000000000XA', '006A0000000010A', 'nope', '0'.repeat(18)];
    const answers = [];
    for (const id of [...hidden, ...absent]) {
      const res = await override(memberB, { kind: 'link', a: id, b: handBuilt.B4 });
      answers.push({ status: res.status, body: shape(res.body, id) });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toEqual({
      status: 404,
      body: { statusCode: 404, error: 'NotFound', message: 'No live record <id> on side A of hand-share that you can see' },
    });
    // The same for unlinks, whose effect would only hide: naming the record is what would tell.
    const unlink = await override(memberB, { kind: 'unlink', a: handBuilt.A7, b: handBuilt.B5 }).expect(404);
    expect(shape(unlink.body, handBuilt.A7)).toEqual(answers[0].body);
    expect(await overrideCount()).toBe(0);
  });

  it('lists to each side only the overrides whose other-side record it sees or that it made, and hides the rest as absent', async () => {
    // An admin links two direct deals, A5 and B8 (Initrode direct): an out-of-scope group that neither side may learn of.
    const direct = await override(admin, { kind: 'link', a: handBuilt.A5, b: handBuilt.B8 }).expect(201);
    const own = await override(memberB, { kind: 'unlink', a: handBuilt.A3, b: handBuilt.B3 }).expect(201);
    expect((await list(admin)).map((o) => o.id)).toEqual([direct.body.id, own.body.id]);
    expect((await list(memberB)).map((o) => o.id)).toEqual([own.body.id]);
    expect((await list(memberA)).map((o) => o.id)).toEqual([own.body.id]); // B3 is shared with side A
    expect(JSON.stringify(await list(memberB))).not.toContain(handBuilt.A5);
    expect(JSON.stringify(await list(memberA))).not.toContain(`"${handBuilt.B8}"`);

    const unknown = '00000000-0000-4000-8000-000000000000';
    const absent = await t.http.delete(`${base}/groups/overrides/${unknown}`).set(bearer(memberB)).expect(404);
    for (const token of [memberA, memberB]) {
      const hidden = await t.http.delete(`${base}/groups/overrides/${direct.body.id}`).set(bearer(token)).expect(404);
      expect(shape(hidden.body, direct.body.id)).toEqual(shape(absent.body, unknown));
    }
    expect((await list(admin)).map((o) => o.id)).toEqual([direct.body.id, own.body.id]);
    await t.http.delete(`${base}/groups/overrides/${direct.body.id}`).set(bearer(admin)).expect(204);
    await t.http.delete(`${base}/groups/overrides/${own.body.id}`).set(bearer(memberB)).expect(204);
  });

  it('refuses an override that would pull another of the other side’s records in through the matching', async () => {
    // Unlinking A8 from B5 leaves B5 one candidate, A7, which the heuristic would then link: A7 would show to side B.
    expect(await groupsText(memberB)).not.toContain(handBuilt.A7);
    const unlink = await override(memberB, { kind: 'unlink', a: handBuilt.A8, b: handBuilt.B5 }).expect(403);
    expect(unlink.body.message).toBe("Only side A's people or an admin can make this unlink: it would share side A's records that side B does not see today");
    expect(JSON.stringify(unlink.body)).not.toContain(handBuilt.A7);
    // So would linking A8 to B's own direct deal: A8 leaves the cluster, and A7 and B5 match one to one.
    await override(memberB, { kind: 'link', a: handBuilt.A8, b: handBuilt.B8 }).expect(403);
    expect(await overrideCount()).toBe(0);
    expect(await groupsText(memberB)).not.toContain(handBuilt.A7);

    // Side A may: its own act shares its own record. A7 and B5 then form one group, 10,500 counted once.
    const made = await override(memberA, { kind: 'unlink', a: handBuilt.A8, b: handBuilt.B5 }).expect(201);
    const view = JSON.parse(await groupsText(memberB)) as DealGroupsView;
    const umbrella = view.groups.find((g) => g.members.some((m) => m.crmId === handBuilt.B5));
    expect(umbrella?.members.map((m) => m.crmId)).toEqual([handBuilt.A7, handBuilt.B5]);
    expect(umbrella?.amount).toBe(10000); // the booking side's (A7's) amount

    // Removing side A's unlink would hide A7 again: allowed to side B, as it shares nothing new.
    await t.http.delete(`${base}/groups/overrides/${made.body.id}`).set(bearer(memberB)).expect(204);
    expect(await groupsText(memberB)).not.toContain(handBuilt.A7);
  });
});
