import { afterEach, describe, expect, it } from 'vitest';
import type { ChangePage, SyncCursor } from '../core/normalized.js';
import { startHubspotSimulator, type HubspotSimulator, type HubspotSimulatorOptions } from '../simulators/hubspot/server.js';
import { VirtualClock } from '../simulators/virtual-clock.js';
import { connection, deal, drain, portal } from './__fixtures__/portal.js';
import { createHubspotConnector, type HubspotConnectorOptions } from './hubspot.connector.js';

// No lookback unless a test asks for one: the keyset alone must be exact.
const fast: HubspotConnectorOptions = { maxRequestsPerSecond: 1000, searchRequestsPerSecond: 1000, retryBaseMs: 5, lookbackMs: 0 };
const minute = (i: number) => new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString();
/** Deals 101..(100+n), deal 100+i last modified i minutes into 1 November 2026. */
const deals = (n: number) => Array.from({ length: n }, (_, i) => deal(101 + i, minute(i + 1)));
const ids = (pages: ChangePage[]) => pages.flatMap((p) => p.opportunities.map((o) => o.crmId));
const at = (iso: string) => () => new Date(iso);

let sim: HubspotSimulator;
afterEach(() => sim?.stop());
/** The portal's clock: each sync below runs when the portal says it is `now`. */
const portalClock = new VirtualClock('2026-11-23T12:00:00Z');
const startPortal = (options: HubspotSimulatorOptions) => startHubspotSimulator({ clock: () => portalClock.now(), ...options });

async function sync(cursor: SyncCursor | null, now: string, options: HubspotConnectorOptions = {}) {
  portalClock.set(now);
  const connector = createHubspotConnector(connection(sim.url), { ...fast, now: at(now), ...options });
  const pages = await drain(connector.changes(cursor));
  await connector.close();
  return pages;
}

describe('HubSpot changes(): backfill, then search windows', () => {
  it('backfills through the list endpoint, then searches exactly the deals changed since', async () => {
    sim = await startPortal({ seed: portal(deals(250)) });
    const first = await sync(null, '2026-11-23T12:00:00Z');

    expect(ids(first)).toEqual(Array.from({ length: 250 }, (_, i) => String(101 + i)));
    const lists = sim.stats().log.filter((r) => r.endpoint === 'GET /crm/v3/objects/deals');
    // Three live pages (100, 100, 50: the last without `paging`), then one archived page.
    expect(lists.map((r) => new URLSearchParams(r.query).get('after'))).toEqual([null, '201', '301', null]);
    expect(lists.map((r) => new URLSearchParams(r.query).get('archived'))).toEqual(['false', 'false', 'false', 'true']);
    const last = first[first.length - 1].cursor;
    // The mark is HubSpot's highest stamp listed (deal 350, minute 250), not the end of a window at our clock.
    expect(last).toMatchObject({
      v: 2,
      mode: 'incremental',
      backfill: null,
      cursor: { ms: Date.parse(minute(250)), idsAtMs: ['350'], drain: null },
      archivedScan: { after: null, lastCompletedAt: '2026-11-23T12:00:00.000Z' },
    });
    // The three live list pages make one page of changes (up to five list pages do).
    expect(first[0].opportunities).toHaveLength(250);
    expect(first[0].progress).toEqual({ fetched: 250, total: null });

    sim.store.updateDeal('150', { amount: '2500' }, { at: '2026-11-23T12:30:00Z' });
    sim.store.updateDeal('120', { dealstage: 'closedwon' }, { at: '2026-11-23T12:31:00Z' });
    sim.store.createDeal({ dealname: 'New', amount: '10', dealstage: 'appointmentscheduled', closedate: '2027-01-10T05:00:00Z' }, { id: '900', at: '2026-11-23T12:32:00Z', companyIds: ['9000'] });
    // Edited after the window's end (now − 60 s): not indexed yet, next run's business.
    sim.store.updateDeal('130', { amount: '1' }, { at: '2026-11-23T12:59:30Z' });
    sim.resetStats();

    const second = await sync(last, '2026-11-23T13:00:00Z');
    expect(ids(second)).toEqual(['150', '120', '900']);
    const opps = second.flatMap((p) => p.opportunities);
    expect(opps.map((o) => [o.amount, o.forecastCategory, o.accountDomain])).toEqual([
      ['2500', 'pipeline', 'acme-4.example'],
      ['1000', 'closed_won', 'acme-1.example'],
      ['10', 'pipeline', 'acme-0.example'],
    ]);
    expect(sim.stats().byEndpoint['POST /crm/v3/objects/deals/search']).toBe(1);
    const search = sim.stats().log.find((r) => r.endpoint.endsWith('/search'))!.body!;
    expect(search.filterGroups).toEqual([
      {
        filters: [
          // From the mark (no lookback here), up to our clock less the indexing lag.
          { propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(Date.parse(minute(250))) },
          { propertyName: 'hs_lastmodifieddate', operator: 'LTE', value: String(Date.parse('2026-11-23T12:59:00Z')) },
        ],
      },
    ]);
    expect(search.sorts).toEqual([{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }]);
    expect(second[second.length - 1].cursor).toMatchObject({ cursor: { ms: Date.parse('2026-11-23T12:32:00Z'), idsAtMs: ['900'] } });

    const third = await sync(second[second.length - 1].cursor, '2026-11-23T14:00:00Z');
    expect(ids(third)).toEqual(['130']);
  });

  it('resumes from the cursor of any page with exactly the rest, ties at one millisecond included', async () => {
    sim = await startPortal({ seed: portal(deals(520)) });
    const backfill = await sync(null, '2026-11-23T12:00:00Z');
    // Backfill resume: pages of five list pages (500 deals), so after the first come deals 601..620.
    expect(backfill[0].opportunities).toHaveLength(500);
    const afterPage1 = await sync(backfill[0].cursor, '2026-11-23T12:00:00Z');
    expect(ids(afterPage1)).toEqual(Array.from({ length: 20 }, (_, i) => String(601 + i)));

    // 450 edits at 150 instants, three deals per millisecond: page ends fall inside ties.
    for (let i = 0; i < 450; i++) sim.store.updateDeal(String(101 + i), { amount: String(i) }, { at: new Date(Date.parse('2026-11-23T12:10:00Z') + Math.floor(i / 3)).toISOString() });
    const start = backfill[backfill.length - 1].cursor;
    const full = await sync(start, '2026-11-23T13:00:00Z');
    const all = ids(full);
    expect(all).toHaveLength(450);
    expect(new Set(all).size).toBe(450);
    for (let n = 0; n < full.length - 1; n++) {
      const rest = await sync(full[n].cursor, '2026-11-23T13:00:00Z');
      const before = full.slice(0, n + 1).flatMap((p) => p.opportunities.map((o) => o.crmId));
      expect(ids(rest)).toEqual(all.filter((id) => !before.includes(id)));
    }
    // Page 1 (deal 620 at the mark, skipped, then 101…299) ends inside a tie: the cursor keeps the ids read at its millisecond.
    expect(full[0].opportunities.map((o) => o.crmId)).toEqual(Array.from({ length: 199 }, (_, i) => String(101 + i)));
    expect(full[0].cursor).toMatchObject({ cursor: { ms: Date.parse('2026-11-23T12:10:00Z') + 66, idsAtMs: ['299'] } });
  });

  it('reads archived deals and merged-away deals back whole, deleted as of HubSpot\'s stamps', async () => {
    sim = await startPortal({ seed: portal(deals(30)) });
    const first = await sync(null, '2026-11-23T12:00:00Z');
    expect(first.flatMap((p) => p.deletions)).toEqual([]);

    sim.store.archiveDeal('105', { at: '2026-11-23T12:20:00Z' });
    sim.store.updateDeal('111', { amount: '4444' }, { at: '2026-11-23T12:24:00Z' });
    sim.store.mergeDeals('110', '111', { at: '2026-11-23T12:25:00Z' });
    const second = await sync(first[first.length - 1].cursor, '2026-11-23T13:00:00Z');

    const opps = second.flatMap((p) => p.opportunities);
    // The survivor changed; the merged-away deal is read with it (archived), and the archived list brings 105 again.
    expect(opps.find((o) => o.crmId === '110')).toMatchObject({ isDeleted: false, raw: { properties: { hs_merged_object_ids: '111' } } });
    const deleted = new Map(opps.filter((o) => o.isDeleted).map((o) => [o.crmId, [o.deletedAt, o.modifiedAt, o.amount]]));
    expect(deleted).toEqual(
      new Map([
        ['105', ['2026-11-23T12:20:00.000Z', '2026-11-23T12:20:00.000Z', '1000']],
        // Its last edit before the merge is there: a full sync would store the same.
        ['111', ['2026-11-23T12:25:00.000Z', '2026-11-23T12:25:00.000Z', '4444']],
      ]),
    );
    expect(second.flatMap((p) => p.deletions)).toEqual([]);
    // Read with its survivor, then listed as archived: handed out (and counted) once in the run.
    expect(opps.filter((o) => o.crmId === '111')).toHaveLength(1);
    expect(second.at(-1)!.progress.fetched).toBe(opps.length);
  });

  it('quarantines malformed deals with their reason and goes on with the rest', async () => {
    const seed = portal(deals(4));
    // A record whose JSON shape is broken is just seed data: HubSpot never sends a number here.
    seed.deals[1].properties.amount = 1500 as unknown as string;
    seed.deals[2].properties.amount = 'n/a';
    sim = await startPortal({ seed });
    const pages = await sync(null, '2026-11-23T12:00:00Z');
    expect(ids(pages)).toEqual(['101', '104']);
    expect(pages.flatMap((p) => p.quarantined).map((q) => [q.crmId, q.objectType, q.reason])).toEqual([
      ['102', 'opportunity', 'unexpected deal shape: properties.amount: Invalid input: expected string, received number'],
      ['103', 'opportunity', 'amount "n/a" is not a decimal number'],
    ]);
  });

  it('follows association paging and takes the 207 for deals without companies in stride', async () => {
    const seed = portal(deals(3), { '101': ['9001', '9002', '9000'], '103': ['9000'] });
    seed.companies.push(
      { id: '9001', properties: { name: 'Primary Co', domain: null, website: 'https://www.primary.example/' }, createdAt: minute(0), updatedAt: minute(0) },
      { id: '9002', properties: { name: 'Other Co', domain: 'other.example', website: null }, createdAt: minute(0), updatedAt: minute(0) },
    );
    sim = await startPortal({ seed, associationsPageSize: 2 });
    const pages = await sync(null, '2026-11-23T12:00:00Z');

    const accounts = new Map(pages.flatMap((p) => p.opportunities).map((o) => [o.crmId, [o.accountCrmId, o.accountName, o.accountDomain]]));
    expect(accounts).toEqual(
      new Map([
        ['101', ['9001', 'Primary Co', 'primary.example']],
        ['102', [null, null, null]],
        ['103', ['9000', 'Acme 0', 'acme-0.example']],
      ]),
    );
    const reads = sim.stats().log.filter((r) => r.endpoint === 'POST /crm/v4/associations/deals/companies/batch/read');
    expect(reads.map((r) => [r.status, r.body])).toEqual([
      [207, { inputs: [{ id: '101' }, { id: '102' }, { id: '103' }] }],
      [200, { inputs: [{ id: '101', after: '2' }] }],
    ]);
    // Only the primary companies are read, once each.
    expect(pages.flatMap((p) => p.accounts).map((a) => a.crmId).sort()).toEqual(['9000', '9001']);
  });
});
