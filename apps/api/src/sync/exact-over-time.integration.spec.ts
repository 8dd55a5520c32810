import { salesforceId } from '@alignboard/connectors';
import { healedTotal } from '@alignboard/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  compareWithFreshSync,
  quartersOf,
  reconcileBoth,
  startTwoCrms,
  storeFor,
  syncBoth,
  type Comparison,
  type SyncedStore,
  type TwoCrms,
} from '../../test-support/exact-sync.js';

/**
 * SPEC §5a through the real jsforce and HubSpot clients: after a sync, a
 * second incremental sync and a reconciliation, whatever happened in the
 * CRMs between them, every figure and every stored record equals a fresh
 * full sync of the same CRM state. One hazard per test.
 */
const planAt = '2026-11-02T12:00:00.000Z';
const firstSyncAt = '2026-11-02T13:00:00.000Z';
const minute = 60_000;

let crms: TwoCrms;
let store: SyncedStore;
/** The database each comparison's fresh full sync goes to (emptied first). */
let fresh: SyncedStore;

async function start(options: { planAt: string; startAt: string; seed: number }) {
  crms = await startTwoCrms({ ...options, perSide: 70 });
  [store, fresh] = await Promise.all([storeFor(crms), storeFor(crms)]);
}
async function freshStart(skew: { A?: number; B?: number } = {}) {
  await start({ planAt, startAt: firstSyncAt, seed: 7 });
  const first = await syncBoth(store, crms, skew);
  expect(first.map((o) => o.status)).toEqual(['succeeded', 'succeeded']);
}
async function stop() {
  await Promise.all([store?.close(), fresh?.close()]);
  await crms?.stop();
}

const advance = (ms: number) => {
  crms.clocks.A.advance(ms);
  crms.clocks.B.advance(ms);
};
const asOf = () => Math.max(crms.clocks.A.now(), crms.clocks.B.now());
async function expectExact(label: string): Promise<Comparison> {
  const result = await compareWithFreshSync(store, fresh, crms, quartersOf(crms.plan), asOf());
  expect(result.figuresCompared, label).toBeGreaterThan(500);
  expect(result.figureDifferences, `${label}: figures that differ from a fresh full sync`).toEqual([]);
  expect(result.recordDifferences, `${label}: stored records that differ from a fresh full sync`).toEqual([]);
  return result;
}
const live = (side: 'A' | 'B') => crms.plan.deals.filter((d) => d.side === side && !d.deleted);
/** What the store holds of these records now: CRM id → amount (in the record's currency). */
async function storedAmounts(ids: string[]): Promise<Record<string, number>> {
  const rows = await store.dataSource.query<{ crm_id: string; amount: string }[]>(`select crm_id, amount::text from opportunities where crm_id = any($1::text[])`, [ids]);
  return Object.fromEntries(rows.map((r) => [r.crm_id, Number(r.amount)]));
}

describe('exact over time: figures equal a fresh full sync after every sync', () => {
  afterEach(stop);
  it('with the CRM clocks ten minutes ahead of ours, and ten minutes behind', async () => {
    for (const skew of [-10 * minute, 10 * minute]) {
      await freshStart({ A: skew, B: skew });
      advance(30 * minute);
      const a = live('A').slice(0, 6);
      a.forEach((d, i) => crms.salesforce.store.upsert('Opportunity', { Id: d.crmId, Amount: 50_000 + i }));
      const b = live('B').slice(0, 6);
      b.forEach((d, i) => crms.hubspot.store.updateDeal(d.crmId, { amount: String(60_000 + i) }));
      // Just after the edits: with our clock behind, they lie past our window's end; with it ahead, inside.
      advance(minute);
      await syncBoth(store, crms, { A: skew, B: skew });
      advance(30 * minute);
      await syncBoth(store, crms, { A: skew, B: skew });
      // The twelve edits, as the test made them.
      expect(await storedAmounts([...a, ...b].map((d) => d.crmId))).toEqual(
        Object.fromEntries([...a.map((d, i) => [d.crmId, 50_000 + i]), ...b.map((d, i) => [d.crmId, 60_000 + i])]),
      );
      await expectExact(`skew ${skew / minute} min`);
      await stop();
    }
  });

  it('reads a HubSpot edit that search indexes late, and a Salesforce late commit, on the next run', async () => {
    await freshStart();
    advance(30 * minute);
    const [lagged, other] = live('B');
    crms.hubspot.store.updateDeal(lagged.crmId, { amount: '777777' }, { searchLagMs: 5 * minute });
    const [late, later] = live('A');
    crms.salesforce.store.upsert('Opportunity', { Id: late.crmId, Amount: 888_888 }, { visibleAt: new Date(crms.clocks.A.now() + 4 * minute) });
    advance(minute);
    crms.hubspot.store.updateDeal(other.crmId, { amount: '1' });
    crms.salesforce.store.upsert('Opportunity', { Id: later.crmId, Amount: 2 });
    advance(2 * minute);
    await syncBoth(store, crms);
    // Not seen by this run: search had not indexed it, the transaction had not committed.
    const seen = await storedAmounts([lagged.crmId, late.crmId, other.crmId, later.crmId]);
    expect([seen[lagged.crmId], seen[late.crmId], seen[other.crmId], seen[later.crmId]]).not.toContain(777_777);
    expect(seen[late.crmId]).not.toBe(888_888);
    expect([seen[other.crmId], seen[later.crmId]]).toEqual([1, 2]);
    advance(10 * minute);
    await syncBoth(store, crms);
    expect(await storedAmounts([lagged.crmId, late.crmId])).toEqual({ [lagged.crmId]: 777_777, [late.crmId]: 888_888 });
    await expectExact('after the lookback');
  });

  it('keeps each record’s past the CRM’s when it changes twice between runs, across a quarter start', async () => {
    // Between two runs a deal moves to commit before the quarter starts and is then lost after it:
    // "commit at the start of the quarter" needs the first edit, which no run saw.
    await start({ planAt: '2026-12-31T12:00:00.000Z', startAt: '2026-12-31T13:00:00.000Z', seed: 8 });
    await syncBoth(store, crms);
    crms.clocks.A.set('2026-12-31T23:50:00.000Z');
    crms.clocks.B.set('2026-12-31T23:50:00.000Z');
    // Tagged deals (in scope) of both sides, reopened into next quarter's commit.
    const a = live('A').filter((d) => d.attribution).slice(0, 3);
    const b = live('B').filter((d) => d.attribution).slice(0, 3);
    expect(a.length + b.length).toBe(6);
    const openStage = crms.hubspot.store.seed.pipelines.flatMap((p) => p.stages).find((s) => s.metadata.isClosed === 'false')!.id;
    for (const d of a) crms.salesforce.store.upsert('Opportunity', { Id: d.crmId, StageName: 'Negotiation', ForecastCategoryName: 'Commit', CloseDate: '2027-02-15', Amount: 123_000 });
    for (const d of b) crms.hubspot.store.updateDeal(d.crmId, { dealstage: openStage, hs_manual_forecast_category: 'COMMIT', closedate: '2027-02-15T12:00:00.000Z', amount: '124000' });
    advance(20 * minute);
    for (const d of a) crms.salesforce.store.upsert('Opportunity', { Id: d.crmId, Amount: 99_000, CloseDate: '2027-03-20' });
    for (const d of b) crms.hubspot.store.updateDeal(d.crmId, { amount: '98000', closedate: '2027-03-20T12:00:00.000Z' });
    advance(30 * minute);
    await syncBoth(store, crms);
    await expectExact('two edits between runs');
    // No run saw the 23:50 state, yet each record's state at the quarter's first instant is that one, as the CRMs' histories say.
    const atStart = await store.dataSource.query<{ crm_id: string; forecast_category: string; amount: string; close_date: string }[]>(
      `select distinct on (o.crm_id) o.crm_id, h.forecast_category, h.amount::text, to_char(h.close_date, 'YYYY-MM-DD') as close_date
       from opportunity_history h join opportunities o on o.id = h.opportunity_id
       where o.crm_id = any($1::text[]) and h.valid_from <= '2027-01-01T00:00:00Z' order by o.crm_id, h.valid_from desc`,
      [[...a, ...b].map((d) => d.crmId)],
    );
    expect(Object.fromEntries(atStart.map((r) => [r.crm_id, [r.forecast_category, Number(r.amount), r.close_date]]))).toEqual(
      Object.fromEntries([...a.map((d) => [d.crmId, ['commit', 123_000, '2027-02-15']]), ...b.map((d) => [d.crmId, ['commit', 124_000, '2027-02-15']])]),
    );
    // And now: 99,000 and 98,000, closing 20 March.
    expect(await storedAmounts([...a, ...b].map((d) => d.crmId))).toEqual(
      Object.fromEntries([...a.map((d) => [d.crmId, 99_000]), ...b.map((d) => [d.crmId, 98_000])]),
    );
  });

  it('follows a delete then a restore, on both sides, and a HubSpot merge', async () => {
    await freshStart();
    advance(10 * minute);
    const [gone, back] = live('A');
    crms.salesforce.store.delete('Opportunity', gone.crmId);
    crms.salesforce.store.delete('Opportunity', back.crmId);
    const [goneB, backB, winner, loser] = live('B');
    crms.hubspot.store.archiveDeal(goneB.crmId);
    crms.hubspot.store.archiveDeal(backB.crmId);
    advance(2 * minute);
    await syncBoth(store, crms);
    advance(10 * minute);
    crms.salesforce.store.undelete('Opportunity', back.crmId);
    crms.hubspot.store.restoreDeal(backB.crmId);
    crms.hubspot.store.updateDeal(loser.crmId, { amount: '4321' });
    crms.hubspot.store.mergeDeals(winner.crmId, loser.crmId);
    advance(2 * minute);
    await syncBoth(store, crms);
    const flags = await store.dataSource.query<{ crm_id: string; is_deleted: boolean }[]>(
      `select crm_id, is_deleted from opportunities where crm_id = any($1::text[]) order by crm_id`,
      [[gone.crmId, back.crmId, goneB.crmId, backB.crmId, loser.crmId]],
    );
    expect(Object.fromEntries(flags.map((r) => [r.crm_id, r.is_deleted]))).toEqual({
      [gone.crmId]: true,
      [back.crmId]: false,
      [goneB.crmId]: true,
      [backB.crmId]: false,
      [loser.crmId]: true,
    });
    await expectExact('delete, restore, merge');
  });
});

describe('reconciliation: what no incremental run can see', () => {
  beforeAll(async () => {
    await freshStart();
  });
  afterAll(stop);

  it('heals changes stamped before the lookback, restores and purges, reports them, and a second pass finds nothing', async () => {
    advance(2 * 60 * minute);
    const a = live('A');
    const b = live('B');
    // A portal restored from a backup, an import with old stamps: edits stamped long before the cursor.
    const old = new Date('2025-01-01T00:00:00.000Z');
    crms.salesforce.store.upsert('Opportunity', { Id: a[0].crmId, Amount: 1_111 }, { at: old });
    crms.hubspot.store.updateDeal(b[0].crmId, { amount: '2222' }, { at: old });
    crms.hubspot.store.archiveDeal(b[1].crmId, { at: old });
    crms.salesforce.store.purge('Opportunity', a[1].crmId);
    // An account gone for good: its opportunities lose their account (name, domain) in the CRM.
    const account = crms.plan.accounts.find((acc) => a.slice(4).some((d) => d.account.sfId === acc.sfId))!;
    crms.salesforce.store.purge('Account', account.sfId);
    crms.hubspot.store.purgeDeal(b[2].crmId);
    // Restored with an old stamp after a sync stored it deleted: the CRM's version wins though it is stamped earlier.
    const restored = a[3];
    crms.salesforce.store.delete('Opportunity', restored.crmId);
    advance(minute);
    await syncBoth(store, crms);
    crms.salesforce.store.undelete('Opportunity', restored.crmId, { at: old });
    const created = crms.salesforce.store.upsert('Opportunity', { Name: 'Imported', AccountId: salesforceId('001', 3), StageName: 'Prospecting', CloseDate: '2026-12-20', Amount: 5_000, CurrencyIsoCode: 'USD' }, { at: old });
    advance(minute);

    await syncBoth(store, crms);
    const missed = await compareWithFreshSync(store, fresh, crms, quartersOf(crms.plan), crms.clocks.A.now());
    // The incremental runs cannot see any of it: this is what reconciliation is for.
    expect(missed.recordDifferences.length, missed.recordDifferences.join("\n")).toBeGreaterThanOrEqual(5);

    const [ra, rb] = await reconcileBoth(store, crms);
    expect([ra.status, rb.status]).toEqual(['succeeded', 'succeeded']);
    expect(ra.report!.checked.opportunities).toBe(crms.salesforce.store.rows('Opportunity').length);
    expect(ra.report!.healed.opportunities).toMatchObject({ changed: 1, missing: 1, purged: 1, deleted: 0, restored: 1 });
    expect(ra.report!.healed.accounts).toMatchObject({ purged: 1 });
    expect(rb.report!.healed.opportunities).toMatchObject({ changed: 1, deleted: 1, purged: 1, missing: 0 });
    expect(ra.report!.records.map((r) => [r.crmId, r.kind]).sort()).toEqual(
      [[a[0].crmId, 'changed'], [String(created.Id), 'missing'], [a[1].crmId, 'purged'], [restored.crmId, 'restored'], [account.sfId, 'purged']].sort(),
    );
    await expectExact('after reconciliation');

    const again = await reconcileBoth(store, crms);
    for (const o of again) expect(healedTotal(o.report!), JSON.stringify(o.report)).toBe(0);
    await expectExact('after a second reconciliation');
  });
});
