import { describe, expect, it } from 'vitest';
import { lastSixQuarters, planDemoDeals, salesforceId } from './deal-plan.js';

describe('planDemoDeals', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  const plan = planDemoDeals({ now });
  const sideA = plan.deals.filter((d) => d.side === 'A');
  const sideB = plan.deals.filter((d) => d.side === 'B');

  it('plans at least 2,000 opportunities per side over six quarters', () => {
    expect(plan.quarters).toEqual(['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(sideA.length).toBeGreaterThanOrEqual(2000);
    expect(sideB.length).toBeGreaterThanOrEqual(2000);
  });

  it('is deterministic for a seed', () => {
    expect(planDemoDeals({ now }).deals.slice(0, 50)).toEqual(plan.deals.slice(0, 50));
  });

  it('pairs shared deals both ways, cross-referencing only some', () => {
    const byId = new Map(plan.deals.map((d) => [d.crmId, d]));
    const shared = sideA.filter((d) => d.twin);
    expect(shared.length).toBeGreaterThan(400);
    for (const deal of shared) expect(byId.get(deal.twin!)?.twin).toBe(deal.crmId);
    const crossReferenced = plan.deals.filter((d) => d.partnerRecordId).length;
    expect(crossReferenced).toBeGreaterThan(0);
    expect(crossReferenced).toBeLessThan(shared.length);
  });

  it('gives every deal a history that ends before now, and closes only past deals', () => {
    for (const deal of plan.deals) {
      expect(deal.states.length).toBeGreaterThan(0);
      const stamps = deal.states.map((s) => s.at);
      expect([...stamps].sort()).toEqual(stamps);
      expect(stamps.at(-1)! < now.toISOString()).toBe(true);
    }
  });
});

describe('salesforceId', () => {
  it('adds the case-safe suffix Salesforce computes', () => {
    // Each 5-character chunk's upper-case positions form the suffix letters.
    expect(salesforceId('006', 0)).toBe('006000000000000AAA');
    const id = salesforceId('001', 62 ** 3);
    expect(id).toHaveLength(18);
    expect(id.slice(0, 15)).toBe('001000000001000');
  });
});

describe('lastSixQuarters', () => {
  it('ends with the quarter holding now and crosses year boundaries', () => {
    expect(lastSixQuarters(new Date('2026-02-01T00:00:00Z'))).toEqual(['2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1']);
  });
});
