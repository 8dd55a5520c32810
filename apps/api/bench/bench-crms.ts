import type { DemoCrms } from '../src/cli/demo/demo-crms.js';

/**
 * Edits `share` of each side's records in the CRMs the way a user would (an
 * amount changed, stamped by the CRM's own clock), spread over the whole id
 * range; returns how many per side.
 */
export function editShare(crms: DemoCrms, share: number): { A: number; B: number } {
  const pick = (side: 'A' | 'B') => {
    const all = crms.plan.deals.filter((d) => d.side === side);
    const live = all.filter((d) => !d.deleted);
    const count = Math.round(all.length * share);
    return Array.from({ length: count }, (_, i) => live[Math.floor((i * live.length) / count)]);
  };
  const a = pick('A');
  a.forEach((deal, i) => crms.salesforce.store.upsert('Opportunity', { Id: deal.crmId, Amount: 1000 + (i % 997) * 10 }));
  const b = pick('B');
  b.forEach((deal, i) => crms.hubspot.store.updateDeal(deal.crmId, { amount: String(2000 + (i % 991) * 10) }));
  return { A: a.length, B: b.length };
}
