import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrmMapping } from '@alignboard/contracts';
import { createHubspotConnector } from '../../hubspot/hubspot.connector.js';
import { planDemoDeals } from '../demo/deal-plan.js';
import { toHubspotSeed } from './demo-seed.js';
import { startHubspotSimulator, type HubspotSimulator } from './server.js';
import type { ChangePage } from '../../core/normalized.js';

const mapping: CrmMapping = {
  attribution: { property: 'partner_attribution', values: { sourced: 'sourced', influenced: 'influenced' } },
  motion: { property: 'joint_motion' },
  partnerRecordId: { property: 'partner_opportunity_id' },
};

describe('toHubspotSeed(planDemoDeals(...)) through the real SDK', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  const plan = planDemoDeals({ now });
  const seed = toHubspotSeed(plan, {
    attributionProperty: 'partner_attribution',
    attributionValues: { sourced: 'sourced', influenced: 'influenced' },
    motionProperty: 'joint_motion',
    partnerIdProperty: 'partner_opportunity_id',
  });
  let sim: HubspotSimulator;
  const pages: ChangePage[] = [];

  beforeAll(async () => {
    sim = await startHubspotSimulator({ seed, credentials: { accessToken: 'pat-demo' } });
    const connector = createHubspotConnector(
      { provider: 'hubspot', basePath: sim.url, credentials: { accessToken: 'pat-demo' }, mapping },
      { now: () => now, maxRequestsPerSecond: 1000, searchRequestsPerSecond: 1000 },
    );
    await connector.connect();
    for await (const page of connector.changes(null)) pages.push(page);
    await connector.close();
  }, 30_000);
  afterAll(() => sim.stop());

  it('returns every side-B deal, live ones as opportunities and archived ones as deletions', () => {
    const planned = plan.deals.filter((d) => d.side === 'B');
    const opportunities = pages.flatMap((p) => p.opportunities);
    const quarantined = pages.flatMap((p) => p.quarantined);
    expect(opportunities.length + quarantined.length).toBeGreaterThanOrEqual(2000);
    const ids = new Set([...opportunities.map((o) => o.crmId), ...quarantined.map((q) => q.crmId)]);
    for (const deal of planned) expect(ids.has(deal.crmId)).toBe(true);
    expect(quarantined.length).toBeGreaterThan(5);
    expect(quarantined.every((q) => /amount "TBD"/.test(q.reason))).toBe(true);
  });

  it('archives the deleted deals and reads them back deleted at archivedAt (a malformed one as a bare deletion)', () => {
    const deleted = plan.deals.filter((d) => d.side === 'B' && d.deleted).map((d) => d.crmId).sort();
    expect(deleted.length).toBeGreaterThan(5);
    const read = pages.flatMap((p) => p.opportunities.filter((o) => o.isDeleted).map((o) => ({ crmId: o.crmId, deletedAt: o.deletedAt })));
    const bare = pages.flatMap((p) => p.deletions);
    // A deleted deal the mapper cannot read is still gone: it comes as a deletion, with its quarantine entry.
    expect(bare.every((d) => pages.some((p) => p.quarantined.some((q) => q.crmId === d.crmId)))).toBe(true);
    expect([...read, ...bare].map((d) => d.crmId).sort()).toEqual(deleted);
    for (const d of [...read, ...bare]) expect(d.deletedAt).toBe(seed.deals.find((s) => s.id === d.crmId)!.archivedAt);
  });

  it('shows the stage fallback, the closed-stage precedence, the website fallback and deals without a company', () => {
    const live = seed.deals.filter((d) => !d.archived);
    const open = live.filter((d) => !['closedwon', 'closedlost', '1004', '1005'].includes(d.properties.dealstage!));
    const closed = live.filter((d) => ['closedwon', 'closedlost', '1004', '1005'].includes(d.properties.dealstage!));
    expect(open.filter((d) => !d.properties.hs_manual_forecast_category).length).toBeGreaterThanOrEqual(5);
    expect(open.filter((d) => d.properties.hs_manual_forecast_category).length).toBeGreaterThan(open.length / 2);
    expect(closed.filter((d) => d.properties.hs_manual_forecast_category === 'COMMIT').length).toBeGreaterThan(20);
    const opportunities = pages.flatMap((p) => p.opportunities);
    const websiteOnly = new Set(seed.companies.filter((c) => !c.properties.domain && c.properties.website).map((c) => c.id));
    expect(opportunities.filter((o) => o.accountCrmId && websiteOnly.has(o.accountCrmId) && o.accountDomain).length).toBeGreaterThan(50);
    expect(opportunities.filter((o) => o.accountCrmId === null).length).toBeGreaterThan(5);
    expect(pages.flatMap((p) => p.accounts).length).toBeLessThanOrEqual(plan.accounts.length);
  });

  it('keeps the planned current state: category, amount, close date, attribution', () => {
    const byId = new Map(pages.flatMap((p) => p.opportunities).map((o) => [o.crmId, o]));
    let checked = 0;
    for (const deal of plan.deals.filter((d) => d.side === 'B')) {
      const opp = byId.get(deal.crmId);
      if (!opp) continue;
      const last = deal.states[deal.states.length - 1];
      expect(opp.forecastCategory).toBe(last.category);
      expect(opp.amount).toBe(last.amount === null ? null : String(last.amount));
      expect(opp.closeDate).toBe(last.closeDate);
      expect(opp.attribution).toBe(deal.attribution);
      expect(opp.motionKey).toBe(deal.motion);
      expect(opp.isDeleted).toBe(deal.deleted);
      checked++;
    }
    expect(checked).toBeGreaterThan(1900);
  });
});
