import { describe, expect, it } from 'vitest';
import { columnsOf, deal } from './__fixtures__/deals.js';
import { groupDeals, type GroupOverride } from './deal-groups.js';
import type { DealRecord } from './deal-records.js';

/** Groups as sorted lists of crm ids, e.g. [['a1', 'b1'], ['a2']]. */
function grouped(records: DealRecord[], overrides: GroupOverride[] = [], bookingSide: 'A' | 'B' = 'A') {
  const cols = columnsOf(records, ['mssp', 'cloud']);
  const groups = groupDeals(cols, { bookingSide, overrides });
  const lists: string[][] = [];
  for (let g = 0; g < groups.count; g++) {
    lists.push([...groups.members.slice(groups.memberStart[g], groups.memberStart[g + 1])].map((i) => cols.crmId[i]!).sort());
  }
  const clusters = groups.possibleDuplicates.map((c) => c.map((i) => cols.crmId[i]!));
  return { lists: lists.sort(), groups, cols, clusters };
}

const candidate = (side: 'A' | 'B', crmId: string, amount: number, closeDate: string, domain = 'acme.com') =>
  deal({ side, crmId, amount, closeDate, domain, category: 'pipeline' });

describe('deal grouping (SPEC §4)', () => {
  it('a cross-reference from one side only links the two records', () => {
    const { lists } = grouped([deal({ side: 'A', crmId: 'a1' }), deal({ side: 'B', crmId: 'b1', partnerRecordId: 'a1' })]);
    expect(lists).toEqual([['a1', 'b1']]);
  });

  it('compares Salesforce ids by their first 15 characters', () => {
    const { lists } = grouped([
      deal({ side: 'A', crmId: '006000000000001AAA' }),
      deal({ side: 'B', crmId: '77', partnerRecordId: '006000000000001' }),
    ]);
    expect(lists).toEqual([['006000000000001AAA', '77']]);
  });

  it('ignores a cross-reference to a deleted or unknown record, and a deleted record leaves its group', () => {
    const { lists, groups } = grouped([
      deal({ side: 'A', crmId: 'a1', deleted: true }),
      deal({ side: 'B', crmId: 'b1', partnerRecordId: 'a1' }),
      deal({ side: 'B', crmId: 'b2', partnerRecordId: 'nope' }),
    ]);
    expect(lists).toEqual([['b1'], ['b2']]);
    expect(groups.groupOf[0]).toBe(-1);
  });

  it('matches on domain, 45 days and 20% — boundaries included', () => {
    // |100 − 80| = 20 = 0.2 × 100; 15 May → 29 June is 45 days.
    expect(grouped([candidate('A', 'a1', 100, '2026-05-15'), candidate('B', 'b1', 80, '2026-06-29')]).lists).toEqual([['a1', 'b1']]);
    // 100 vs 79.99 is more than 20% apart; 46 days is too far.
    expect(grouped([candidate('A', 'a1', 100, '2026-05-15'), candidate('B', 'b1', 79.99, '2026-05-15')]).lists).toEqual([['a1'], ['b1']]);
    expect(grouped([candidate('A', 'a1', 100, '2026-05-15'), candidate('B', 'b1', 100, '2026-06-30')]).lists).toEqual([['a1'], ['b1']]);
    // Other domains (eu.acme.com ≠ acme.com), and records without a domain or an amount, are never candidates.
    expect(grouped([candidate('A', 'a1', 100, '2026-05-15'), candidate('B', 'b1', 100, '2026-05-15', 'eu.acme.com')]).lists).toEqual([['a1'], ['b1']]);
    expect(grouped([deal({ side: 'A', crmId: 'a1', amount: 100, closeDate: '2026-05-15' }), candidate('B', 'b1', 100, '2026-05-15')]).lists).toHaveLength(2);
    expect(grouped([candidate('A', 'a1', 100, '2026-05-15'), deal({ side: 'B', crmId: 'b1', amount: null, closeDate: '2026-05-15', domain: 'acme.com' })]).lists).toHaveLength(2);
  });

  it('leaves ambiguous candidates apart and lists them as one cluster, not as pairs', () => {
    const { lists, clusters } = grouped([
      candidate('A', 'a1', 1000, '2026-05-01'),
      candidate('B', 'b1', 950, '2026-05-10'),
      candidate('B', 'b2', 1050, '2026-05-20'),
      // b3 sees only a2, but a2 also sees b2: the whole chain is one cluster.
      candidate('A', 'a2', 1100, '2026-06-01'),
      candidate('B', 'b3', 1150, '2026-07-10'),
    ]);
    expect(lists).toEqual([['a1'], ['a2'], ['b1'], ['b2'], ['b3']]);
    expect(clusters).toEqual([['a1', 'b1', 'b2', 'a2', 'b3']]);
  });

  it('a record linked by cross-reference is no heuristic candidate', () => {
    // Without the cross-reference a1 would have two candidates; with it, b2 is matched to nothing and a1 to b1.
    const { lists, clusters } = grouped([
      candidate('A', 'a1', 100, '2026-05-01'),
      { ...candidate('B', 'b1', 100, '2026-05-01'), partnerRecordId: 'a1' },
      candidate('B', 'b2', 100, '2026-05-01'),
    ]);
    expect(lists).toEqual([['a1', 'b1'], ['b2']]);
    expect(clusters).toEqual([]);
  });

  it('manual overrides win: unlink beats a cross-reference and a match, link joins what nothing else would', () => {
    const records = [
      deal({ side: 'A', crmId: 'a1' }),
      deal({ side: 'B', crmId: 'b1', partnerRecordId: 'a1' }),
      candidate('A', 'a2', 100, '2026-05-01'),
      candidate('B', 'b2', 100, '2026-05-01'),
      deal({ side: 'A', crmId: 'a3' }),
      deal({ side: 'B', crmId: 'b3' }),
    ];
    const { lists } = grouped(records, [
      { kind: 'unlink', a: 'a1', b: 'b1' },
      { kind: 'unlink', a: 'a2', b: 'b2' },
      { kind: 'link', a: 'a3', b: 'b3' },
    ]);
    expect(lists).toEqual([['a1'], ['a2'], ['a3', 'b3'], ['b1'], ['b2']]);
  });

  it('takes amount, close date and category from the booking side; several members on a side add up, the largest decides', () => {
    const { groups } = grouped([
      deal({ side: 'A', crmId: 'a1', amount: 100, closeDate: '2026-05-01', category: 'commit' }),
      deal({ side: 'A', crmId: 'a2', amount: 300, closeDate: '2026-06-01', category: 'upside', partnerRecordId: 'b1' }),
      deal({ side: 'B', crmId: 'b1', amount: 5000, closeDate: '2026-04-01', category: 'closed_won', partnerRecordId: 'a1' }),
    ]);
    expect(groups.count).toBe(1);
    expect(groups.amount[0]).toBe(400);
    expect(groups.category[0]).toBe(1); // upside, a2's
    expect(groups.closeDay[0]).toBe(Date.UTC(2026, 5, 1) / 86_400_000);
    expect(groups.memberCount[0]).toBe(3);
    // Booking side B: b1's values.
    const b = grouped([deal({ side: 'A', crmId: 'a1', amount: 100 }), deal({ side: 'B', crmId: 'b1', amount: 5000, partnerRecordId: 'a1' })], [], 'B');
    expect(b.groups.amount[0]).toBe(5000);
  });

  it('attribution and motion: a missing value does not disagree; differing values take the booking side’s and are listed', () => {
    const { groups } = grouped([
      deal({ side: 'A', crmId: 'a1', attribution: null, motion: 'MSSP ' }),
      deal({ side: 'B', crmId: 'b1', attribution: 'influenced', motion: 'mssp', partnerRecordId: 'a1' }),
      deal({ side: 'A', crmId: 'a2', attribution: 'sourced', motion: 'cloud' }),
      deal({ side: 'B', crmId: 'b2', attribution: 'influenced', motion: 'mssp', partnerRecordId: 'a2' }),
    ]);
    const g1 = groups.groupOf[0];
    const g2 = groups.groupOf[2];
    expect([groups.attribution[g1], groups.motion[g1], groups.inScope[g1]]).toEqual([1, 0, 1]); // influenced, mssp
    expect([groups.attribution[g2], groups.motion[g2]]).toEqual([0, 1]); // sourced, cloud: side A's
    expect(groups.conflicts).toEqual([
      { group: g2, field: 'attribution', values: [[0], [1]], used: 0 },
      { group: g2, field: 'motion', values: [[1], [0]], used: 1 },
    ]);
  });

  it('a group is in scope when any member has an attribution or a motion; its creation time is its earliest remaining member’s', () => {
    const { groups } = grouped([
      deal({ side: 'A', crmId: 'a1', createdAt: '2026-03-01T00:00:00.000Z' }),
      deal({ side: 'B', crmId: 'b1', partnerRecordId: 'a1', createdAt: '2026-02-01T00:00:00.000Z', deleted: true }),
      deal({ side: 'B', crmId: 'b2', partnerRecordId: 'a1', createdAt: '2026-04-01T00:00:00.000Z' }),
      deal({ side: 'A', crmId: 'a3', motion: 'unknown-motion' }),
    ]);
    expect(groups.count).toBe(2);
    expect(new Date(groups.createdMs[groups.groupOf[0]]).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(groups.inScope[groups.groupOf[0]]).toBe(0);
    expect(groups.inScope[groups.groupOf[3]]).toBe(0); // a motion no motion has counts as none
  });

  it('an empty table has no groups', () => {
    const { groups } = grouped([]);
    expect(groups.count).toBe(0);
    expect(groups.possibleDuplicates).toEqual([]);
  });
});
