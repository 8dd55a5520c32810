import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangePage, SyncCursor } from '../core/normalized.js';
import { startHubspotSimulator, type HubspotSimulator } from '../simulators/hubspot/server.js';
import { connection, deal, drain, portal } from './__fixtures__/portal.js';
import { createHubspotConnector } from './hubspot.connector.js';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const ids = (pages: ChangePage[]) => pages.flatMap((p) => p.opportunities.map((o) => o.crmId));
/** A cursor as a previous run would have left it: incremental from `ms`. */
const incrementalFrom = (ms: number): SyncCursor => ({
  v: 2,
  mode: 'incremental',
  backfill: null,
  cursor: { property: 'hs_lastmodifieddate', ms, idsAtMs: [], drain: null },
  window: null,
  archivedScan: { after: null, lastCompletedAt: null },
});

async function sync(sim: HubspotSimulator, cursor: SyncCursor, nowMs: number) {
  const connector = createHubspotConnector(connection(sim.url), {
    now: () => new Date(nowMs),
    maxRequestsPerSecond: 10_000,
    searchRequestsPerSecond: 10_000,
    // The windows themselves are under test: no overlap before the cursor.
    lookbackMs: 0,
  });
  const pages = await drain(connector.changes(cursor));
  await connector.close();
  return pages;
}

const searches = (sim: HubspotSimulator) =>
  sim.stats().log.filter((r) => r.endpoint === 'POST /crm/v3/objects/deals/search').map((r) => r.body as { filterGroups: { filters: { operator: string; value: string }[] }[]; after: string });

describe('search windows past the 10,000-result cap', () => {
  describe('10,500 deals modified in one window', () => {
    let sim: HubspotSimulator;
    // Deal 100001+i modified at T0 + 300 i ms: 52.5 minutes of edits.
    beforeAll(async () => {
      const deals = Array.from({ length: 10_500 }, (_, i) => deal(100_001 + i, new Date(T0 + 300 * i).toISOString()));
      sim = await startHubspotSimulator({ seed: portal(deals) });
    });
    afterAll(() => sim.stop());

    it('halves the window until HubSpot can page it, and returns every deal exactly once', async () => {
      // Window [T0, T0 + 1 h]: its first page says 10,500 > 10,000, so [T0, T0 + 30 min] (6,001 deals) comes first.
      const pages = await sync(sim, incrementalFrom(T0), T0 + 3_600_000 + 60_000);
      const all = ids(pages);
      expect(all).toHaveLength(10_500);
      expect(new Set(all).size).toBe(10_500);
      expect(all[0]).toBe('100001');
      expect(all[all.length - 1]).toBe('110500');

      const bodies = searches(sim);
      const range = (b: (typeof bodies)[number]) => b.filterGroups[0].filters.map((f) => Number(f.value) - T0);
      expect(range(bodies[0])).toEqual([0, 3_600_000]);
      expect(range(bodies[1])).toEqual([0, 1_800_000]);
      // 31 pages of the first half, then the second half from the millisecond after it.
      expect(range(bodies[32])).toEqual([1_800_001, 3_600_000]);
      expect(bodies.every((b) => Number(b.after) + 200 <= 10_000)).toBe(true);
      expect(sim.stats().log.filter((r) => r.status !== 200 && r.status !== 207)).toEqual([]);
      // The mark is the last deal's own stamp (T0 + 300 × 10,499 ms), not the window's end.
      expect(pages[pages.length - 1].cursor).toMatchObject({ cursor: { ms: T0 + 300 * 10_499, idsAtMs: ['110500'], drain: null } });
    }, 20_000);
  });

  describe('10,200 deals modified in the same millisecond', () => {
    let sim: HubspotSimulator;
    const T1 = T0 + 5_000;
    beforeAll(async () => {
      const deals = [
        deal(1, new Date(T0 + 1_000).toISOString()),
        ...Array.from({ length: 10_200 }, (_, i) => deal(200_001 + i, new Date(T1).toISOString())),
        deal(2, new Date(T1 + 1).toISOString()),
      ];
      sim = await startHubspotSimulator({ seed: portal(deals) });
    });
    afterAll(() => sim.stop());

    it('drains the millisecond by hs_object_id, and resumes mid-drain with exactly the rest', async () => {
      const pages = await sync(sim, incrementalFrom(T0), T0 + 120_000);
      const all = ids(pages);
      expect(all).toHaveLength(10_202);
      expect(new Set(all).size).toBe(10_202);
      expect([all[0], all[1], all[all.length - 1]]).toEqual(['1', '200001', '2']);

      const drains = searches(sim).filter((b) => b.filterGroups[0].filters[0].operator === 'EQ');
      expect(drains).toHaveLength(51);
      expect(drains[1].filterGroups[0].filters).toEqual([
        { propertyName: 'hs_lastmodifieddate', operator: 'EQ', value: String(T1) },
        { propertyName: 'hs_object_id', operator: 'GT', value: '200200' },
      ]);

      const midDrain = pages.findIndex((p) => (p.cursor as { cursor: { drain: { afterId: string } | null } }).cursor.drain?.afterId === '205000');
      expect(midDrain).toBeGreaterThan(0);
      const rest = await sync(sim, pages[midDrain].cursor, T0 + 120_000);
      expect(ids(rest)).toEqual([...Array.from({ length: 5_200 }, (_, i) => String(205_001 + i)), '2']);
    }, 20_000);
  });
});
