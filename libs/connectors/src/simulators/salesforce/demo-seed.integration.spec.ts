import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordConfig } from '../../salesforce/__fixtures__/org.js';
import { createSalesforceConnector } from '../../salesforce/salesforce.connector.js';
import type { CrmConnector } from '../../core/crm-connector.js';
import type { ChangePage } from '../../core/normalized.js';
import { planDemoDeals } from '../demo/deal-plan.js';
import { toSalesforceSeed } from './demo-seed.js';
import { startSalesforceSimulator, type SalesforceSimulator } from './server.js';

const now = new Date('2026-11-23T12:00:00Z');
const plan = planDemoDeals({ now });
const sideA = plan.deals.filter((d) => d.side === 'A');
const seed = toSalesforceSeed(plan);
let sim: SalesforceSimulator;
let connector: CrmConnector;
let pages: ChangePage[];

beforeAll(async () => {
  sim = await startSalesforceSimulator({ seed, clock: () => now });
  connector = createSalesforceConnector(passwordConfig(sim), { now: () => new Date(now.getTime() + 120_000) });
  pages = [];
  for await (const page of connector.changes(null)) pages.push(page);
});
afterAll(async () => {
  await connector.close();
  await sim.stop();
});

describe('toSalesforceSeed(planDemoDeals(…)) in the simulator', () => {
  const opportunities = () => pages.flatMap((p) => p.opportunities);
  const quarantined = () => pages.flatMap((p) => p.quarantined);

  it('syncs side A whole: every planned deal is an opportunity or quarantined', () => {
    expect(sideA.length).toBeGreaterThanOrEqual(2000);
    expect(opportunities().length).toBeGreaterThanOrEqual(2000);
    expect(opportunities().length + quarantined().length).toBe(sideA.length);
    expect(pages.flatMap((p) => p.accounts)).toHaveLength(plan.accounts.length);
  });

  it('quarantines the three deals with an impossible CloseDate, naming it', () => {
    expect(quarantined()).toHaveLength(3);
    for (const q of quarantined()) expect(q.reason).toMatch(/^CloseDate "\d{2}\/\d{2}\/\d{4}" is not a date \(yyyy-MM-dd\)$/);
  });

  it('keeps the plan: deletions, attribution, motion, cross-references, currencies, closed outcomes', () => {
    const byId = new Map(opportunities().map((o) => [o.crmId, o]));
    const kept = sideA.filter((d) => byId.has(d.crmId));
    expect(kept.filter((d) => d.deleted).map((d) => d.crmId).sort()).toEqual(opportunities().filter((o) => o.isDeleted).map((o) => o.crmId).sort());
    for (const deal of kept) {
      const opp = byId.get(deal.crmId)!;
      const last = deal.states.at(-1)!;
      expect([opp.attribution, opp.motionKey, opp.partnerRecordId, opp.forecastCategory, opp.closeDate]).toEqual([deal.attribution, deal.motion, deal.partnerRecordId, last.category, last.closeDate]);
      expect(opp.amount).toBe(last.amount === null ? null : String(last.amount));
      expect(opp.accountDomain).toBe(deal.account.domain);
    }
    // Two deals are in a currency the org does not define: the sync quarantines them for want of a rate.
    expect(opportunities().filter((o) => o.currency === 'ZAR')).toHaveLength(2);
  });

  it('rebuilds each planned state from OpportunityHistory', async () => {
    const sample = sideA.filter((d) => d.states.length >= 3 && !d.deleted).slice(0, 3);
    const history = await connector.history(sample.map((d) => d.crmId));
    for (const deal of sample) {
      expect(history.get(deal.crmId)!.map((s) => [s.validFrom, s.forecastCategory, s.amount, s.closeDate])).toEqual(
        deal.states.map((s) => [new Date(Math.floor(Date.parse(s.at) / 1000) * 1000).toISOString(), s.category, s.amount === null ? null : String(s.amount), s.closeDate]),
      );
    }
  });

  it('serves EUR and GBP rates per quarter against USD', async () => {
    const rates = await connector.datedRates();
    // An all-time opening range plus one per planned quarter, for each of EUR and GBP, and USD itself.
    expect(rates).toHaveLength(2 * (1 + plan.quarters.length) + 1);
    expect(new Set(rates.map((r) => r.corporateCurrency))).toEqual(new Set(['USD']));
    expect(rates.filter((r) => r.nextStartDate === null).map((r) => r.currency).sort()).toEqual(['EUR', 'GBP', 'USD']);
  });
});
