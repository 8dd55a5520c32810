import { afterEach, describe, expect, it } from 'vitest';
import type { CrmConnector } from '../core/crm-connector.js';
import type { ChangePage } from '../core/normalized.js';
import { salesforceId } from '../simulators/demo/deal-plan.js';
import { salesforceMappingFor } from '../simulators/salesforce/demo-seed.js';
import { startSalesforceSimulator, type SalesforceSimulator } from '../simulators/salesforce/server.js';
import { passwordConfig, syntheticSeed, tokenConfig } from './__fixtures__/org.js';
import { createSalesforceConnector, type SalesforceConnectorOptions } from './salesforce.connector.js';

/** The org's clock and ours, moved by hand: stamps and windows are exact. */
let nowMs = Date.parse('2026-02-01T00:00:00.000Z');
const clock = () => new Date(nowMs);
let sim: SalesforceSimulator;
const open: CrmConnector[] = [];

async function start(seed = syntheticSeed()) {
  nowMs = Date.parse('2026-02-01T00:00:00.000Z');
  sim = await startSalesforceSimulator({ seed, clock });
  return sim;
}
function connector(options: SalesforceConnectorOptions = {}, config = passwordConfig(sim)) {
  // No lookback unless a test asks for one: the keyset alone must be exact.
  const c = createSalesforceConnector(config, { now: clock, retryBaseMs: 5, pageSize: 100, lookbackMs: 0, ...options });
  open.push(c);
  return c;
}
async function drain(c: CrmConnector, cursor: ChangePage['cursor'] | null = null): Promise<ChangePage[]> {
  const pages: ChangePage[] = [];
  for await (const page of c.changes(cursor)) pages.push(page);
  return pages;
}
const oppIds = (pages: ChangePage[]) => pages.flatMap((p) => p.opportunities.map((o) => o.crmId));
const allIds = (n: number) => Array.from({ length: n }, (_, k) => salesforceId('006', k)).sort();

afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
  await sim?.stop();
});

describe('Salesforce connector against the simulator (real jsforce over HTTP)', () => {
  it('syncs every record once across several pages, accounts first, with cursor and progress', async () => {
    await start();
    const c = connector({ pageSize: 250, batchSize: 200 });
    await c.connect();
    const pages = await drain(c);
    // 30 accounts in one page; 450 opportunities as two keyset queries of LIMIT 250, the first read in two HTTP pages.
    expect(pages.map((p) => [p.accounts.length, p.opportunities.length])).toEqual([[30, 0], [0, 200], [0, 50], [0, 200]]);
    expect(oppIds(pages).sort()).toEqual(allIds(450));
    // Progress counts opportunities (as the run's "read" does): the accounts page moves it by none.
    expect(pages.map((p) => p.progress)).toEqual([
      { fetched: 0, total: 450 },
      { fetched: 200, total: 450 },
      { fetched: 250, total: 450 },
      { fetched: 450, total: 450 },
    ]);
    // The last stamp, 2026-01-05T09:01:04Z (slot 448 and 449 of 450, seven a second), holds ids 448 × 7919 and 449 × 7919 mod 450 = 362 and 181.
    expect(pages.at(-1)!.cursor).toEqual({
      v: 1,
      account: { ts: '2026-01-05T08:00:29.000Z', id: salesforceId('001', 29) },
      opportunity: { ts: '2026-01-05T09:01:04.000Z', id: salesforceId('006', 362) },
      // The org's clock (its Date) when the run began: the next run judges what to read again by it.
      orgRunStartedAt: '2026-02-01T00:00:00.000Z',
    });
    expect(sim.stats().requests).toEqual({ token: 1, describe: 1, query: 1, queryAll: 4, queryMore: 1 });
    // login, describe, CurrencyType, one COUNT(), one account query, two opportunity queries and one queryMore.
    expect(c.apiCalls()).toBe(8);
  });

  it('hands out rows sharing one SystemModstamp across page boundaries exactly once', async () => {
    await start(syntheticSeed({ opportunities: 330, perSecond: 330 }));
    const pages = await drain(connector({ pageSize: 100 }));
    const ids = oppIds(pages);
    expect(pages.filter((p) => p.opportunities.length).map((p) => p.opportunities.length)).toEqual([100, 100, 100, 30]);
    expect(new Set(ids).size).toBe(330);
    expect([...ids].sort()).toEqual(allIds(330));
    // Within the one instant, rows come in Id order.
    expect(ids).toEqual(allIds(330));
  });

  it('returns exactly the changed records incrementally: edits, deletes, inserts and account edits', async () => {
    await start();
    const first = await drain(connector());
    const cursor = first.at(-1)!.cursor;

    nowMs += 5 * 60_000;
    const edited = [3, 77, 210, 300, 449].map((k) => salesforceId('006', k));
    for (const id of edited) sim.store.upsert('Opportunity', { Id: id, Amount: 5 });
    const deleted = [10, 11, 400].map((k) => salesforceId('006', k));
    for (const id of deleted) sim.store.delete('Opportunity', id);
    const inserted = [sim.store.upsert('Opportunity', { Name: 'New A', AccountId: salesforceId('001', 4), StageName: 'Qualification', CloseDate: '2026-09-30', Amount: 7000, CurrencyIsoCode: 'USD' })];
    inserted.push(sim.store.upsert('Opportunity', { Name: 'New B', AccountId: null, StageName: 'Proposal', CloseDate: '2026-08-31', Amount: null, CurrencyIsoCode: 'EUR' }));
    sim.store.upsert('Account', { Id: salesforceId('001', 4), Website: 'https://acme-renamed.example' });
    nowMs += 2 * 60_000;

    const next = await drain(connector(), cursor);
    expect(next.flatMap((p) => p.accounts.map((a) => [a.crmId, a.domain]))).toEqual([[salesforceId('001', 4), 'acme-renamed.example']]);
    expect(oppIds(next).sort()).toEqual([...edited, ...deleted, ...inserted.map((r) => String(r.Id))].sort());
    const byId = new Map(next.flatMap((p) => p.opportunities).map((o) => [o.crmId, o]));
    expect(edited.map((id) => byId.get(id)!.amount)).toEqual(['5', '5', '5', '5', '5']);
    expect(deleted.map((id) => [byId.get(id)!.isDeleted, byId.get(id)!.deletedAt])).toEqual(deleted.map(() => [true, '2026-02-01T00:05:00.000Z']));
    const newA = byId.get(String(inserted[0].Id))!;
    // Stage defaults applied by the org: Qualification is Pipeline at 20%; the new account domain comes through the lookup.
    expect([newA.forecastCategory, newA.probability, newA.accountDomain]).toEqual(['pipeline', 0.2, 'acme-renamed.example']);
    expect(byId.get(String(inserted[1].Id))!.warnings).toEqual(['Amount is empty: counted as 0']);

    // Caught up: a third run finds nothing.
    expect(await drain(connector(), next.at(-1)!.cursor)).toEqual([]);
  });

  it('resumes from the cursor of page N after a crash with exactly the remaining records', async () => {
    await start();
    const pages = await drain(connector({ pageSize: 100 }));
    const oppPages = pages.filter((p) => p.opportunities.length);
    expect(oppPages.map((p) => p.opportunities.length)).toEqual([100, 100, 100, 100, 50]);
    const crashAfter = oppPages[1];
    const resumed = await drain(connector({ pageSize: 100 }), crashAfter.cursor);
    expect(resumed.flatMap((p) => p.accounts)).toEqual([]);
    expect(oppIds(resumed)).toEqual(oppPages.slice(2).flatMap((p) => p.opportunities.map((o) => o.crmId)));
    expect(resumed.map((p) => p.progress.total)).toEqual([250, 250, 250]);
  });

  it('recovers from an expired query locator by querying again from the last row', async () => {
    await start();
    const c = connector({ pageSize: 450, batchSize: 200 });
    const pages: ChangePage[] = [];
    for await (const page of c.changes(null)) {
      pages.push(page);
      if (pages.length === 2) sim.inject({ kind: 'expireQueryLocators' });
    }
    expect(oppIds(pages).sort()).toEqual(allIds(450));
    expect(sim.stats().statuses['400']).toBe(1);
  });

  it('quarantines a malformed record with its reason, but passes a malformed deleted one on as a deletion', async () => {
    const seed = syntheticSeed({ opportunities: 4 });
    Object.assign(seed.opportunities[1], { CloseDate: '31/12/2025' });
    Object.assign(seed.opportunities[2], { Amount: '12,500.00', IsDeleted: true });
    await start(seed);
    const pages = await drain(connector());
    const [bad, gone] = [seed.opportunities[1].Id, seed.opportunities[2].Id];
    expect(pages.flatMap((p) => p.quarantined.map((q) => [q.crmId, q.objectType, q.reason]))).toEqual([[bad, 'opportunity', 'CloseDate "31/12/2025" is not a date (yyyy-MM-dd)']]);
    // Seven opportunities share each second, so slot 2 carries the seed's first stamp.
    expect(pages.flatMap((p) => p.deletions)).toEqual([{ crmId: gone, deletedAt: '2026-01-05T09:00:00.000Z' }]);
    expect(oppIds(pages)).toHaveLength(2);
  });

  it('connect() names a mapped field the org does not have', async () => {
    await start();
    const mapping = { ...salesforceMappingFor(), motion: { field: 'Motion__c' } };
    await expect(connector({}, passwordConfig(sim, mapping)).connect()).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: 'Opportunity has no field Motion__c (mapped as motion); its custom fields are: Partner_Attribution__c, Joint_Motion__c, Partner_Opportunity_Id__c',
    });
  });

  it('reads mapped field names case-insensitively, as SOQL does', async () => {
    await start();
    const mapping = { attribution: { field: 'partner_attribution__C', values: { 'Partner Sourced': 'sourced' as const } } };
    const pages = await drain(connector({}, passwordConfig(sim, mapping)));
    const sourced = pages.flatMap((p) => p.opportunities).filter((o) => o.attribution === 'sourced');
    // Ids k with k mod 3 = 0 among 0..449: 150 of them.
    expect(sourced).toHaveLength(150);
  });

  it('a single-currency org: no CurrencyIsoCode, every record in the locale currency, no dated rates', async () => {
    const seed = { ...syntheticSeed({ opportunities: 20 }), currencyTypes: [], datedConversionRates: [], organization: { DefaultLocaleSidKey: 'en_GB' } };
    for (const opp of seed.opportunities) delete opp.CurrencyIsoCode;
    await start(seed);
    const c = connector();
    const pages = await drain(c);
    expect(new Set(pages.flatMap((p) => p.opportunities.map((o) => o.currency)))).toEqual(new Set(['GBP']));
    expect(await c.datedRates()).toEqual([]);
  });

  it('reads dated rates with the corporate currency', async () => {
    await start();
    expect(await connector().datedRates()).toEqual([
      { currency: 'EUR', startDate: '0001-01-01', nextStartDate: '2026-01-01', perCorporateUnit: 0.9, corporateCurrency: 'USD' },
      { currency: 'EUR', startDate: '2026-01-01', nextStartDate: null, perCorporateUnit: 0.93, corporateCurrency: 'USD' },
      { currency: 'USD', startDate: '0001-01-01', nextStartDate: null, perCorporateUnit: 1, corporateCurrency: 'USD' },
    ]);
  });

  it('rebuilds pipeline → upside → commit → closed won from OpportunityHistory', async () => {
    await start(syntheticSeed({ opportunities: 0 }));
    const at = (iso: string) => (nowMs = Date.parse(iso));
    at('2026-01-05T09:00:00.000Z');
    const { Id } = sim.store.upsert('Opportunity', { Name: 'Journey', AccountId: salesforceId('001', 1), StageName: 'Prospecting', Amount: 100000, CloseDate: '2026-03-31', CurrencyIsoCode: 'USD' });
    at('2026-01-20T10:30:00.000Z');
    sim.store.upsert('Opportunity', { Id, StageName: 'Proposal', Amount: 120000 });
    at('2026-02-10T16:45:00.000Z');
    sim.store.upsert('Opportunity', { Id, StageName: 'Negotiation', CloseDate: '2026-03-15' });
    at('2026-02-11T08:00:00.000Z');
    sim.store.upsert('Opportunity', { Id, Name: 'Journey (renamed)' }); // not a tracked field: no history row
    at('2026-03-14T12:00:00.000Z');
    sim.store.upsert('Opportunity', { Id, StageName: 'Closed Won' });

    const history = await connector().history([String(Id), salesforceId('006', 999)]);
    expect(history.get(String(Id))).toEqual([
      { validFrom: '2026-01-05T09:00:00.000Z', stage: 'Prospecting', amount: '100000', closeDate: '2026-03-31', probability: 0.1, forecastCategory: 'pipeline' },
      { validFrom: '2026-01-20T10:30:00.000Z', stage: 'Proposal', amount: '120000', closeDate: '2026-03-31', probability: 0.5, forecastCategory: 'upside' },
      { validFrom: '2026-02-10T16:45:00.000Z', stage: 'Negotiation', amount: '120000', closeDate: '2026-03-15', probability: 0.8, forecastCategory: 'commit' },
      { validFrom: '2026-03-14T12:00:00.000Z', stage: 'Closed Won', amount: '120000', closeDate: '2026-03-15', probability: 1, forecastCategory: 'closed_won' },
    ]);
    expect(history.get(salesforceId('006', 999))).toEqual([]);
  });

  it('asks for history 200 ids at a time, deleted records included', async () => {
    await start(syntheticSeed({ opportunities: 450 }));
    nowMs += 60_000;
    const ids = allIds(450);
    for (const id of ids) sim.store.upsert('Opportunity', { Id: id, StageName: 'Proposal' });
    sim.store.delete('Opportunity', ids[0]);
    const before = sim.stats().requests.queryAll ?? 0;
    const history = await connector().history(ids);
    // 450 ids: three IN lists (200, 200, 50); each opportunity has the one row its stage change wrote.
    expect((sim.stats().requests.queryAll ?? 0) - before).toBe(3);
    expect([...history.values()].map((h) => h.length)).toEqual(ids.map(() => 1));
    expect(history.get(ids[0])![0].forecastCategory).toBe('upside');
  });

  it('rejects a cursor it did not write', async () => {
    await start();
    await expect(drain(connector(), { v: 2, deals: 'x' })).rejects.toMatchObject({ code: 'CURSOR_INVALID' });
  });

  it('works the same with a stored token instead of a password', async () => {
    await start(syntheticSeed({ opportunities: 40 }));
    const pages = await drain(connector({}, tokenConfig(sim)));
    expect(oppIds(pages)).toHaveLength(40);
    expect(sim.stats().tokenGrants).toEqual({});
  });
});
