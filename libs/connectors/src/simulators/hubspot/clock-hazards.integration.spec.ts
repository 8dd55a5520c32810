import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deal, portal } from '../../hubspot/__fixtures__/portal.js';
import { VirtualClock } from '../virtual-clock.js';
import { startHubspotSimulator, type HubspotSimulator } from './server.js';

/** The portal's own clock and what it lets a test do to a sync: search lag, late commits, restore, purge. */
let clock: VirtualClock;
let sim: HubspotSimulator;
const auth = { authorization: 'Bearer pat-clock', 'content-type': 'application/json' };
const ms = (iso: string) => String(Date.parse(iso));

beforeEach(async () => {
  clock = new VirtualClock('2026-11-02T09:00:00.000Z');
  sim = await startHubspotSimulator({ seed: portal([deal(101, '2026-11-01T00:00:00.000Z'), deal(102, '2026-11-01T00:00:00.000Z')]), clock: () => clock.now() });
});
afterEach(() => sim.stop());

/** Ids and stamps of the deals search finds modified from `fromIso` on. */
async function searchSince(fromIso: string): Promise<[string, string][]> {
  const res = await fetch(`${sim.url}/crm/v3/objects/deals/search`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: ms(fromIso) }] }],
      sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
      properties: ['amount'],
      limit: 100,
    }),
  });
  const body = (await res.json()) as { results: { id: string; properties: Record<string, string> }[] };
  return body.results.map((r) => [r.id, `${r.properties.hs_lastmodifieddate} ${r.properties.amount}`]);
}

async function listed(archived = false): Promise<string[]> {
  const res = await fetch(`${sim.url}/crm/v3/objects/deals?archived=${archived}&properties=amount`, { headers: auth });
  const body = (await res.json()) as { results: { id: string; properties: Record<string, string> }[] };
  return body.results.map((r) => `${r.id}:${r.properties.amount}`);
}

describe('HubSpot simulator clock', () => {
  it('stamps edits and states its Date header with the portal clock, not the machine clock', async () => {
    sim.store.updateDeal('101', { amount: '5' });
    expect(sim.store.deals.get('101')!.properties.hs_lastmodifieddate).toBe('2026-11-02T09:00:00.000Z');
    const res = await fetch(`${sim.url}/crm/v3/objects/deals`, { headers: auth });
    expect(res.headers.get('date')).toBe('Mon, 02 Nov 2026 09:00:00 GMT');
  });

  it('keeps a change out of search until its lag has passed, showing the indexed values meanwhile', async () => {
    sim.store.searchLagMs = 5 * 60_000;
    sim.store.updateDeal('101', { amount: '2000' });
    sim.store.createDeal({ dealname: 'New', amount: '30' }, { id: '103' });
    // The list endpoint reads the database: it has the change at once.
    expect(await listed()).toEqual(['101:2000', '102:1000', '103:30']);
    // Search still has deal 101 as indexed before the edit, and does not know 103 yet.
    expect(await searchSince('2026-11-02T00:00:00.000Z')).toEqual([]);
    expect(await searchSince('2026-10-01T00:00:00.000Z')).toEqual([
      ['101', '2026-11-01T00:00:00.000Z 1000'],
      ['102', '2026-11-01T00:00:00.000Z 1000'],
    ]);
    clock.advance(5 * 60_000);
    expect(await searchSince('2026-11-02T00:00:00.000Z')).toEqual([
      ['101', '2026-11-02T09:00:00.000Z 2000'],
      ['103', '2026-11-02T09:00:00.000Z 30'],
    ]);
  });

  it('makes a late commit visible only when its time comes, under its earlier stamp', async () => {
    sim.store.updateDeal('101', { amount: '7' }, { visibleAt: '2026-11-02T09:10:00.000Z' });
    clock.advance(60_000);
    sim.store.updateDeal('102', { amount: '8' });
    expect(await listed()).toEqual(['101:1000', '102:8']);
    expect((await searchSince('2026-11-02T00:00:00.000Z')).map(([id]) => id)).toEqual(['102']);
    clock.set('2026-11-02T09:10:00.000Z');
    expect(await listed()).toEqual(['101:7', '102:8']);
    // Stamped before deal 102, though it became visible after it.
    expect(await searchSince('2026-11-02T00:00:00.000Z')).toEqual([
      ['101', '2026-11-02T09:00:00.000Z 7'],
      ['102', '2026-11-02T09:01:00.000Z 8'],
    ]);
  });

  it('restores an archived deal as a modification, and purges one from every list', async () => {
    sim.store.archiveDeal('101');
    expect(await listed(true)).toEqual(['101:1000']);
    clock.advance(60_000);
    sim.store.restoreDeal('101');
    expect(await listed(true)).toEqual([]);
    expect(await searchSince('2026-11-02T09:01:00.000Z')).toEqual([['101', '2026-11-02T09:01:00.000Z 1000']]);
    sim.store.archiveDeal('102');
    sim.store.purgeDeal('102');
    expect(await listed()).toEqual(['101:1000']);
    expect(await listed(true)).toEqual([]);
  });
});
