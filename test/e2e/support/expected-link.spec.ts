import { describe, expect, it } from 'vitest';
import type { ClusterRecord } from './expected-link.js';
import { expectedLinkChangeCents, heuristicPairs } from './expected-link.js';

/** The demo's Tyrell Telecom cluster, as side A sees it (hand-copied from the API). */
const record = (over: Partial<ClusterRecord> & Pick<ClusterRecord, 'member'>): ClusterRecord => ({
  countedCents: 0,
  inScope: true,
  category: null,
  closeDate: null,
  baseAmount: null,
  ...over,
});
const domain = 'tyrell-telecom.example';
const a1 = record({
  member: { side: 'A', crmId: 'A1', domain, amount: 271821, closeDate: '2026-10-22' },
  category: 'closed_lost',
  closeDate: '2026-10-22',
  baseAmount: 271821,
});
const a2 = record({
  member: { side: 'A', crmId: 'A2', domain, amount: 209285, closeDate: '2026-11-29' },
  countedCents: 20928500,
  category: 'commit',
  closeDate: '2026-11-29',
  baseAmount: 209285,
});
const b1 = record({
  member: { side: 'B', crmId: 'B1', domain, amount: 264675, closeDate: '2026-10-30' },
  countedCents: 26467500,
});
const b2 = record({
  member: { side: 'B', crmId: 'B2', domain, amount: 224920, closeDate: '2026-11-13' },
});
const cluster = [a1, a2, b1, b2];
const q4 = { start: '2026-10-01T00:00:00.000Z', end: '2027-01-01T00:00:00.000Z' };

describe('expectedLinkChangeCents', () => {
  it('drops the B record that counted when it joins a lost A record, and rematches the other two', () => {
    // A1+B1 is lost (A's category); A2 (commit) and B2 (omitted) now match each other: A2 still counts.
    expect(heuristicPairs([a2, b2])).toEqual([[a2, b2]]);
    expect(expectedLinkChangeCents(cluster, a1, b1, q4)).toBe(-26467500);
  });

  it('changes nothing when neither record counted and the rest stay apart', () => {
    // 209,285 vs 264,675: 55,390 apart, more than 20% of 264,675 (52,935): no match.
    expect(heuristicPairs([a2, b1])).toEqual([]);
    expect(expectedLinkChangeCents(cluster, a1, b2, q4)).toBe(0);
  });

  it('counts the change made by the rematch of the records left', () => {
    // A2+B2 keeps A2's 209,285; A1 and B1 then match, and the lost A1 takes B1's 264,675 out.
    expect(expectedLinkChangeCents(cluster, a2, b2, q4)).toBe(-26467500);
  });

  it("takes side A's amount when an untagged A record joins a tagged B record", () => {
    const a = record({
      ...a2,
      inScope: false,
      countedCents: 0,
      member: { ...a2.member, amount: 100000 },
      baseAmount: 100000.5,
    });
    const b = record({ ...b1, countedCents: 9000000, member: { ...b1.member, amount: 90000 } });
    expect(expectedLinkChangeCents([a, b], a, b, q4)).toBe(10000050 - 9000000);
  });

  it('counts nothing for a pair whose A record closes outside the quarter', () => {
    const a = record({ ...a2, closeDate: '2027-01-01' });
    expect(expectedLinkChangeCents([a, b1], a, b1, q4)).toBe(-a2.countedCents - b1.countedCents);
  });

  it("counts nothing for a pair whose A record is outside the quarter's groups view", () => {
    // A cluster of Q4 can hold a record closing in Q3: the Q4 groups view does not show it.
    const a = record({ member: { ...a2.member, closeDate: '2026-09-28' } });
    expect(expectedLinkChangeCents([a, b1], a, b1, q4)).toBe(-b1.countedCents);
  });

  it('refuses a pair whose A record closes in the quarter without its amount', () => {
    const a = record({ member: a2.member, closeDate: '2026-11-29', category: 'commit' });
    expect(() => expectedLinkChangeCents([a, b1], a, b1, q4)).toThrow(/no amount or category/);
  });
});
