import { afterEach, describe, expect, it } from 'vitest';
import type { CrmConnector } from '../core/crm-connector.js';
import type { ChangePage, SyncCursor } from '../core/normalized.js';
import { salesforceId } from '../simulators/demo/deal-plan.js';
import { startSalesforceSimulator, type SalesforceSimulator } from '../simulators/salesforce/server.js';
import { VirtualClock } from '../simulators/virtual-clock.js';
import { passwordConfig, syntheticSeed } from './__fixtures__/org.js';
import { createSalesforceConnector } from './salesforce.connector.js';

/**
 * A row stamped before rows already read, committed after them: only a
 * lookback finds it. The org's clock runs ten minutes behind ours, so our
 * window ends ahead of the org's now; the cursor is the org's own stamps.
 */
const org = new VirtualClock('2026-02-01T00:00:00.000Z');
const ours = org.skewed(10 * 60_000);
let sim: SalesforceSimulator;
const open: CrmConnector[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
  await sim?.stop();
});

async function run(cursor: SyncCursor | null, lookbackMs?: number): Promise<ChangePage[]> {
  const c = createSalesforceConnector(passwordConfig(sim), { now: ours, retryBaseMs: 5, lookbackMs });
  open.push(c);
  const pages: ChangePage[] = [];
  for await (const page of c.changes(cursor)) pages.push(page);
  return pages;
}
const read = (pages: ChangePage[]) => pages.flatMap((p) => p.opportunities.map((o) => `${o.crmId.slice(-4)} ${o.amount}`));
const [lateId, laterId] = [salesforceId('006', 1), salesforceId('006', 2)];

async function lateCommitAfterFirstSync(): Promise<SyncCursor> {
  org.set('2026-02-01T00:00:00.000Z');
  sim = await startSalesforceSimulator({ seed: syntheticSeed({ opportunities: 20, accounts: 2 }), clock: () => org.date() });
  const first = await run(null);
  org.set('2026-02-01T01:00:00.000Z');
  // Opportunity 1's transaction starts at 01:00 and commits at 01:04; opportunity 2 is saved at 01:01.
  sim.store.upsert('Opportunity', { Id: lateId, Amount: 111 }, { visibleAt: '2026-02-01T01:04:00.000Z' });
  org.set('2026-02-01T01:01:00.000Z');
  sim.store.upsert('Opportunity', { Id: laterId, Amount: 222 });
  org.set('2026-02-01T01:02:00.000Z');
  return first.at(-1)!.cursor;
}

describe('Salesforce lookback', () => {
  it('reads a late commit on the next run: the cursor is the org\'s last stamp read, the lookback reaches behind it', async () => {
    const cursor = await lateCommitAfterFirstSync();
    const second = await run(cursor);
    expect(read(second)).toContain(`${laterId.slice(-4)} 222`);
    expect(read(second)).not.toContain(`${lateId.slice(-4)} 111`);
    // Where the run stopped: opportunity 2's SystemModstamp, though our clock says 01:12.
    expect((second.at(-1)!.cursor as { opportunity: unknown }).opportunity).toEqual({ ts: '2026-02-01T01:01:00.000Z', id: laterId });

    org.set('2026-02-01T01:20:00.000Z');
    const third = await run(second.at(-1)!.cursor);
    // The default lookback (10 min) reads from 00:51: the late commit, and opportunity 2 again (the sync counts it unchanged).
    expect(read(third).sort()).toEqual([`${lateId.slice(-4)} 111`, `${laterId.slice(-4)} 222`]);
    expect((third.at(-1)!.cursor as { opportunity: unknown }).opportunity).toEqual({ ts: '2026-02-01T01:01:00.000Z', id: laterId });
  });

  it('misses the late commit without a lookback: the hazard the lookback is for', async () => {
    const cursor = await lateCommitAfterFirstSync();
    const second = await run(cursor, 0);
    org.set('2026-02-01T01:20:00.000Z');
    const third = await run(second.at(-1)!.cursor, 0);
    expect([...read(second), ...read(third)]).toEqual([`${laterId.slice(-4)} 222`]);
  });

  it('takes a row stamped exactly at the window\'s end, and one a second later on the next run, each once', async () => {
    org.set('2026-02-01T00:00:00.000Z');
    sim = await startSalesforceSimulator({ seed: syntheticSeed({ opportunities: 5, accounts: 1 }), clock: () => org.date() });
    const first = await run(null, 0);
    // Our clock is ten minutes ahead of the org's; at the org's 01:00 our window ends at 01:09:00.
    org.set('2026-02-01T01:00:00.000Z');
    sim.store.upsert('Opportunity', { Id: lateId, Amount: 10 }, { at: '2026-02-01T01:09:00.000Z' });
    sim.store.upsert('Opportunity', { Id: laterId, Amount: 20 }, { at: '2026-02-01T01:09:01.000Z' });
    const second = await run(first.at(-1)!.cursor, 0);
    expect(read(second)).toEqual([`${lateId.slice(-4)} 10`]);
    org.set('2026-02-01T01:30:00.000Z');
    const third = await run(second.at(-1)!.cursor, 0);
    expect(read(third)).toEqual([`${laterId.slice(-4)} 20`]);
  });

  it('reads nothing twice in a quiet org, and after a long run reads again from where that run began', async () => {
    org.set('2026-02-01T00:00:00.000Z');
    sim = await startSalesforceSimulator({ seed: syntheticSeed({ opportunities: 5, accounts: 1 }), clock: () => org.date() });
    const first = await run(null);
    org.set('2026-02-01T06:00:00.000Z');
    const quiet = await run(first.at(-1)!.cursor);
    // Everything was stamped long before this run began: no row is read again, only the run's start recorded.
    expect(read(quiet)).toEqual([]);
    expect(quiet.at(-1)!.cursor).toMatchObject({ orgRunStartedAt: '2026-02-01T06:00:00.000Z' });

    // A long run: it begins at 07:00; while it reads, a transaction stamped 07:01 is still open and
    // a row stamped 07:25 commits, so the run ends with its cursor at 07:25.
    org.set('2026-02-01T06:30:00.000Z');
    sim.store.upsert('Opportunity', { Id: salesforceId('006', 3), Amount: 630 });
    org.set('2026-02-01T07:00:00.000Z');
    const c = createSalesforceConnector(passwordConfig(sim), { now: () => new Date(Date.parse('2026-02-01T08:00:00.000Z')), retryBaseMs: 5, pageSize: 1 });
    open.push(c);
    const pages: ChangePage[] = [];
    for await (const page of c.changes(quiet.at(-1)!.cursor)) {
      pages.push(page);
      if (pages.length === 1) {
        org.set('2026-02-01T07:01:00.000Z');
        sim.store.upsert('Opportunity', { Id: lateId, Amount: 701 }, { visibleAt: '2026-02-01T07:40:00.000Z' });
        org.set('2026-02-01T07:25:00.000Z');
        sim.store.upsert('Opportunity', { Id: laterId, Amount: 725 });
      }
    }
    expect(read(pages)).toEqual([`${salesforceId('006', 3).slice(-4)} 630`, `${laterId.slice(-4)} 725`]);
    expect(read(pages)).not.toContain(`${lateId.slice(-4)} 701`);
    // Long after, the next run reads again from 06:50 (the long run's start less the lookback), not from 07:15.
    org.set('2026-02-01T09:00:00.000Z');
    const next = await run(pages.at(-1)!.cursor);
    expect(read(next)).toContain(`${lateId.slice(-4)} 701`);
  });
});
