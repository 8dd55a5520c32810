import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticSeed } from '../../salesforce/__fixtures__/org.js';
import { salesforceId } from '../demo/deal-plan.js';
import { VirtualClock } from '../virtual-clock.js';
import { startSalesforceSimulator, type SalesforceSimulator } from './server.js';

/** The org's own clock and what it lets a test do to a sync: late commits, undelete, purge. */
let clock: VirtualClock;
let sim: SalesforceSimulator;
let token: string;
const opp = (n: number) => salesforceId('006', n);

beforeEach(async () => {
  clock = new VirtualClock('2026-02-01T00:00:00.000Z');
  sim = await startSalesforceSimulator({ seed: syntheticSeed({ opportunities: 4, accounts: 1 }), clock: () => clock.date() });
  token = sim.issueTokens().accessToken;
});
afterEach(() => sim.stop());

async function rows(soql: string, all = true): Promise<Record<string, unknown>[]> {
  const res = await fetch(`${sim.url}/services/data/v62.0/${all ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}`, { headers: { Authorization: `Bearer ${token}` } });
  return ((await res.json()) as { records: Record<string, unknown>[] }).records;
}
const changedSince = async (iso: string) =>
  (await rows(`SELECT Id, Amount, SystemModstamp, IsDeleted FROM Opportunity WHERE SystemModstamp >= ${iso} ORDER BY SystemModstamp ASC, Id ASC`)).map(
    (r) => `${String(r.Id).slice(-4)} ${String(r.SystemModstamp)} ${String(r.Amount)} ${r.IsDeleted ? 'deleted' : 'live'}`,
  );

describe('Salesforce simulator clock', () => {
  it('stamps writes and states its Date header with the org clock', async () => {
    sim.store.upsert('Opportunity', { Id: opp(0), Amount: 1 });
    const res = await fetch(`${sim.url}/services/data/v62.0/limits`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.headers.get('date')).toBe('Sun, 01 Feb 2026 00:00:00 GMT');
    expect(await changedSince('2026-02-01T00:00:00.000Z')).toEqual([`${opp(0).slice(-4)} 2026-02-01T00:00:00.000+0000 1 live`]);
  });

  it('hides a late commit, stamped when its transaction began, until it commits', async () => {
    // A long transaction stamps opportunity 1 at 00:00 and commits at 00:05; opportunity 2 is written at 00:01.
    sim.store.upsert('Opportunity', { Id: opp(1), Amount: 11 }, { visibleAt: '2026-02-01T00:05:00.000Z' });
    clock.advance(60_000);
    sim.store.upsert('Opportunity', { Id: opp(2), Amount: 22 });
    expect(sim.store.pendingCommits()).toBe(1);
    expect(await changedSince('2026-02-01T00:00:00.000Z')).toEqual([`${opp(2).slice(-4)} 2026-02-01T00:01:00.000+0000 22 live`]);
    clock.set('2026-02-01T00:05:00.000Z');
    expect(await changedSince('2026-02-01T00:00:00.000Z')).toEqual([
      `${opp(1).slice(-4)} 2026-02-01T00:00:00.000+0000 11 live`,
      `${opp(2).slice(-4)} 2026-02-01T00:01:00.000+0000 22 live`,
    ]);
    const history = await rows(`SELECT OpportunityId, Amount, CreatedDate FROM OpportunityHistory WHERE OpportunityId IN ('${opp(1)}') ORDER BY CreatedDate ASC, Id ASC`);
    expect(history.at(-1)).toMatchObject({ Amount: 11, CreatedDate: '2026-02-01T00:00:00.000+0000' });
  });

  it('undeletes from the recycle bin under a new stamp, and purges for good', async () => {
    sim.store.delete('Opportunity', opp(3));
    clock.advance(60_000);
    sim.store.undelete('Opportunity', opp(3));
    const [restored] = await rows(`SELECT Id, IsDeleted, SystemModstamp FROM Opportunity WHERE Id = '${opp(3)}'`, false);
    expect(restored).toMatchObject({ IsDeleted: false, SystemModstamp: '2026-02-01T00:01:00.000+0000' });
    sim.store.purge('Opportunity', opp(3));
    expect(await rows(`SELECT Id FROM Opportunity WHERE Id = '${opp(3)}'`)).toEqual([]);
    expect(await rows(`SELECT Id FROM OpportunityHistory WHERE OpportunityId = '${opp(3)}'`)).toEqual([]);
  });
});
