import { afterEach, describe, expect, it } from 'vitest';
import type { ChangePage, SyncCursor } from '../core/normalized.js';
import { startHubspotSimulator, type HubspotSimulator } from '../simulators/hubspot/server.js';
import { VirtualClock } from '../simulators/virtual-clock.js';
import { connection, deal, drain, portal } from './__fixtures__/portal.js';
import { createHubspotConnector } from './hubspot.connector.js';

/**
 * An edit search indexes late: the next run has already moved past its stamp.
 * The portal's clock runs ten minutes behind ours (the case that lost 135 of
 * 140 changes when cursors came from our clock).
 */
const portalClock = new VirtualClock('2026-11-23T12:00:00.000Z');
const ours = portalClock.skewed(10 * 60_000);
let sim: HubspotSimulator;
afterEach(() => sim?.stop());

async function run(cursor: SyncCursor | null, lookbackMs?: number): Promise<ChangePage[]> {
  const connector = createHubspotConnector(connection(sim.url), { now: ours, maxRequestsPerSecond: 1000, searchRequestsPerSecond: 1000, retryBaseMs: 5, lookbackMs });
  try {
    return await drain(connector.changes(cursor));
  } finally {
    await connector.close();
  }
}
const read = (pages: ChangePage[]) => pages.flatMap((p) => p.opportunities.map((o) => `${o.crmId} ${o.amount}`));

async function laggedEditAfterFirstSync(): Promise<SyncCursor> {
  portalClock.set('2026-11-23T12:00:00.000Z');
  sim = await startHubspotSimulator({ seed: portal(Array.from({ length: 20 }, (_, i) => deal(101 + i, '2026-11-20T00:00:00.000Z'))), clock: () => portalClock.now() });
  const first = await run(null);
  portalClock.set('2026-11-23T13:00:00.000Z');
  sim.store.updateDeal('105', { amount: '555' }, { searchLagMs: 4 * 60_000 });
  portalClock.set('2026-11-23T13:01:00.000Z');
  sim.store.updateDeal('106', { amount: '666' });
  portalClock.set('2026-11-23T13:02:00.000Z');
  return first.at(-1)!.cursor;
}

describe('HubSpot lookback', () => {
  it('reads an edit indexed late on the next run, from the mark HubSpot stamped, not from our clock', async () => {
    const cursor = await laggedEditAfterFirstSync();
    const second = await run(cursor);
    expect(read(second)).toContain('106 666');
    expect(read(second)).not.toContain('105 555');
    // The mark is deal 106's stamp; our clock (13:12) bounded the window only.
    expect(second.at(-1)!.cursor).toMatchObject({ v: 2, cursor: { ms: Date.parse('2026-11-23T13:01:00.000Z'), idsAtMs: ['106'] } });

    portalClock.set('2026-11-23T13:30:00.000Z');
    const third = await run(second.at(-1)!.cursor);
    // From 12:46 (the mark less 15 minutes): the late edit, and deal 106 again (the sync counts it unchanged).
    expect(read(third).sort()).toEqual(['105 555', '106 666']);
    expect(third.at(-1)!.cursor).toMatchObject({ cursor: { ms: Date.parse('2026-11-23T13:01:00.000Z') } });
  });

  it('misses it without a lookback: the hazard the lookback is for', async () => {
    const cursor = await laggedEditAfterFirstSync();
    const second = await run(cursor, 0);
    portalClock.set('2026-11-23T13:30:00.000Z');
    const third = await run(second.at(-1)!.cursor, 0);
    expect([...read(second), ...read(third)]).toEqual(['106 666']);
  });

  it('starts incremental reading no later than HubSpot\'s clock when the backfill began', async () => {
    portalClock.set('2026-11-23T12:00:00.000Z');
    sim = await startHubspotSimulator({ seed: portal([deal(101, '2026-11-23T12:30:00.000Z')]), clock: () => portalClock.now() });
    // A deal stamped after the portal's now (a clock jump): the mark must not trust it over the backfill's start.
    const pages = await run(null, 0);
    expect(pages.at(-1)!.cursor).toMatchObject({ cursor: { ms: Date.parse('2026-11-23T12:00:00.000Z'), idsAtMs: [] } });
  });

  it('takes a deal stamped exactly at the window\'s end, and one a millisecond later on the next run, each once', async () => {
    portalClock.set('2026-11-23T12:00:00.000Z');
    sim = await startHubspotSimulator({ seed: portal([deal(101, '2026-11-20T00:00:00.000Z')]), clock: () => portalClock.now() });
    const first = await run(null, 0);
    // Our clock 13:11 (the portal's 13:01 plus ten minutes): this run's window ends at 13:10:00.000.
    portalClock.set('2026-11-23T13:01:00.000Z');
    sim.store.createDeal({ dealname: 'At the edge', amount: '1' }, { id: '201', at: '2026-11-23T13:10:00.000Z', companyIds: ['9000'] });
    sim.store.createDeal({ dealname: 'Just past it', amount: '2' }, { id: '202', at: '2026-11-23T13:10:00.001Z', companyIds: ['9000'] });
    const second = await run(first.at(-1)!.cursor, 0);
    expect(read(second)).toEqual(['201 1']);
    portalClock.set('2026-11-23T13:30:00.000Z');
    const third = await run(second.at(-1)!.cursor, 0);
    expect(read(third)).toEqual(['202 2']);
    // With the default lookback, a run right after reads both again (the sync counts them unchanged);
    // once the run before began a whole lookback after the mark, nothing is left to read twice.
    const fourth = await run(second.at(-1)!.cursor);
    expect(read(fourth).sort()).toEqual(['201 1', '202 2']);
    portalClock.set('2026-11-23T14:00:00.000Z');
    const quiet = await run(fourth.at(-1)!.cursor);
    expect(read(quiet)).toEqual([]);
    const after = await run(quiet.at(-1)!.cursor);
    expect(read(after)).toEqual([]);
  });
});
