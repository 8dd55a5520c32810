import { describe, expect, it } from 'vitest';
import { deal, partnershipData, state } from './__fixtures__/deals.js';
import type { DealHistoryRow, DealRecord } from './deal-records.js';
import { PartnershipFigures, type MotionDefinition } from './quarter-metrics.js';

/**
 * One partnership, quarter 2026-Q2 (1 April – 1 July 2026, start month 1),
 * booking side A, kill threshold 5%. Every expected figure below is worked
 * out by hand in the comments.
 */
const motions: MotionDefinition[] = [
  { key: 'mssp', name: 'MSSP upsell', status: 'active', forecasts: { '2026-Q2': { forecast: 1000, stretch: 2000 } } },
  { key: 'cloud', name: 'Cloud', status: 'active', forecasts: { '2026-Q2': { forecast: 0, stretch: null } } },
  { key: 'edge', name: 'Edge', status: 'active', forecasts: { '2026-Q2': { forecast: 10000, stretch: null } } },
  { key: 'partner-led', name: 'Partner-led', status: 'active', forecasts: { '2026-Q2': { forecast: 800, stretch: null } } },
  { key: 'retired', name: 'Retired', status: 'killed', forecasts: { '2026-Q2': { forecast: 800, stretch: null } } },
];

const records: DealRecord[] = [
  // G1 = a1 + b1 by cross-reference: booking side A → 100, commit, 10 May. Attribution conflict (sourced vs influenced → sourced).
  deal({ side: 'A', crmId: 'a1', amount: 100, closeDate: '2026-05-10', category: 'commit', attribution: 'sourced', motion: 'mssp', createdAt: '2026-04-05T00:00:00Z', domain: 'acme.com' }),
  deal({ side: 'B', crmId: 'b1', partnerRecordId: 'a1', amount: 120, closeDate: '2026-05-20', category: 'upside', attribution: 'influenced', motion: 'mssp', createdAt: '2026-03-01T00:00:00Z' }),
  // G2: closed won 200, influenced.
  deal({ side: 'A', crmId: 'a2', amount: 200, closeDate: '2026-06-01', category: 'closed_won', attribution: 'influenced', createdAt: '2026-04-10T00:00:00Z' }),
  // G3: pipeline 300, motion "MSSP " (trimmed, case-insensitive), created in Q2 → produced for mssp.
  deal({ side: 'B', crmId: 'b2', amount: 300, closeDate: '2026-06-15', category: 'pipeline', motion: 'MSSP ', createdAt: '2026-04-20T00:00:00Z' }),
  // G4: closed lost 50, edge, created in Q2 → still produced.
  deal({ side: 'A', crmId: 'a3', amount: 50, closeDate: '2026-05-05', category: 'closed_lost', attribution: 'sourced', motion: 'edge', createdAt: '2026-04-02T00:00:00Z' }),
  // Omitted: in no figure, not produced.
  deal({ side: 'A', crmId: 'a4', amount: 1000, closeDate: '2026-05-05', category: 'omitted', attribution: 'sourced', motion: 'edge', createdAt: '2026-04-02T00:00:00Z' }),
  // Out of scope (no attribution, no motion).
  deal({ side: 'A', crmId: 'a5', amount: 400, closeDate: '2026-05-01', category: 'commit', createdAt: '2026-06-01T00:00:00Z' }),
  // Deleted since: in no current figure, but alive at the quarter's start.
  deal({ side: 'B', crmId: 'b3', amount: 70, closeDate: '2026-04-15', category: 'upside', attribution: 'sourced', deleted: true, createdAt: '2026-02-01T00:00:00Z' }),
  // Closes in Q3 now; closed in Q2 at the quarter's start.
  deal({ side: 'A', crmId: 'a6', amount: 500, closeDate: '2026-07-01', category: 'commit', attribution: 'sourced', createdAt: '2026-01-15T00:00:00Z' }),
  // No amount: counts 0, warned about. Was commit 80 at the start.
  deal({ side: 'A', crmId: 'a7', amount: null, closeDate: '2026-05-02', category: 'pipeline', attribution: 'sourced', createdAt: '2026-01-01T00:00:00Z' }),
  // Ambiguous: a8 sees b4 and b5 → one cluster, nothing linked. a8 alone is in scope (pipeline 1000, sourced).
  deal({ side: 'A', crmId: 'a8', amount: 1000, closeDate: '2026-05-01', category: 'pipeline', attribution: 'sourced', domain: 'beta.io', createdAt: '2026-04-25T00:00:00Z' }),
  deal({ side: 'B', crmId: 'b4', amount: 950, closeDate: '2026-05-10', category: 'pipeline', domain: 'beta.io', createdAt: '2026-04-25T00:00:00Z' }),
  deal({ side: 'B', crmId: 'b5', amount: 1050, closeDate: '2026-05-20', category: 'pipeline', domain: 'beta.io', createdAt: '2026-04-25T00:00:00Z' }),
  // G5 = a9 + b6 by the unique heuristic match: 500 (A's), upside, sourced (B's, A has none), cloud (A's).
  deal({ side: 'A', crmId: 'a9', amount: 500, closeDate: '2026-06-10', category: 'upside', motion: 'cloud', domain: 'gamma.com', createdAt: '2026-04-03T00:00:00Z' }),
  deal({ side: 'B', crmId: 'b6', amount: 450, closeDate: '2026-06-30', category: 'upside', attribution: 'sourced', domain: 'gamma.com', createdAt: '2026-04-08T00:00:00Z' }),
];

const history: DealHistoryRow[] = [
  // b1 became upside exactly at the quarter's first instant: part of the state then.
  state('B:b1', '2026-03-01T00:00:00Z', { amount: 120, closeDate: '2026-05-20', category: 'pipeline', attribution: 'influenced', motion: 'mssp' }),
  state('B:b1', '2026-04-01T00:00:00Z', { amount: 120, closeDate: '2026-05-20', category: 'upside', attribution: 'influenced', motion: 'mssp' }),
  state('B:b3', '2026-02-01T00:00:00Z', { amount: 70, closeDate: '2026-04-15', category: 'commit', attribution: 'sourced' }),
  state('B:b3', '2026-05-01T00:00:00Z', { amount: 70, closeDate: '2026-04-15', category: 'commit', attribution: 'sourced', deleted: true }),
  state('A:a6', '2026-01-15T00:00:00Z', { amount: 500, closeDate: '2026-06-20', category: 'commit', attribution: 'sourced' }),
  state('A:a6', '2026-04-10T00:00:00Z', { amount: 500, closeDate: '2026-07-01', category: 'commit', attribution: 'sourced' }),
  state('A:a7', '2026-01-01T00:00:00Z', { amount: 80, closeDate: '2026-05-02', category: 'commit', attribution: 'sourced' }),
  state('A:a7', '2026-05-01T00:00:00Z', { amount: null, closeDate: '2026-05-02', category: 'pipeline', attribution: 'sourced' }),
];

const loadedAt = Date.parse('2026-06-30T00:00:00Z');
const figures = () => new PartnershipFigures(partnershipData(records, history, { motions, stateAtMs: loadedAt }));

describe('quarter metrics (SPEC §5) on a hand-computed partnership', () => {
  const m = figures().quarterMetrics('2026-Q2', loadedAt);

  it('joint: each group once, in scope, closing in the quarter', () => {
    // open = G1 commit 100 + G3 pipeline 300 + a7 pipeline 0 + a8 pipeline 1000 + G5 upside 500 = 1900
    expect(m.joint).toEqual({
      open: 1900, commit: 100, upside: 500, pipeline: 1300, closedWon: 200, closedLost: 50,
      total: 2100, deals: 6, duplicatesRemoved: 2, // G1, G2, G3, a7, a8, G5; G1 and G5 have two records each
    });
  });

  it('split by group attribution', () => {
    // sourced: G1 100 + a7 0 + a8 1000 + G5 500 = 1600 open; influenced: G2 200 won. G3 has none.
    expect(m.split).toEqual({
      sourced: { open: 1600, closedWon: 0, total: 1600, deals: 4 },
      influenced: { open: 0, closedWon: 200, total: 200, deals: 1 },
      sourcedShare: 0.761905, // 1600 / 2100 = 0.7619047…
    });
  });

  it('call: commit and upside rebuilt as of the quarter’s first instant', () => {
    // Alive on 1 April: b1 (upside 120, changed exactly then), b3 (commit 70, deleted later), a6 (commit 500, closing 20 June then),
    // a7 (commit 80). a1, a2, … were created later.
    expect(m.call).toEqual({
      commitAtStart: 650, upsideAtStart: 120, closedWon: 200,
      vsCommit: 0.307692, // 200 / 650
      vsCommitPlusUpside: 0.25974, // 200 / 770 = 0.2597402…
    });
  });

  it('motions: produced by groups created in the quarter, at-risk late in a running quarter', () => {
    const byKey = Object.fromEntries(m.motions.map((x) => [x.key, x]));
    // mssp: G1 was created 1 March (b1), so only G3's 300 is produced: 300 / 1000, 300 / 2000.
    expect(byKey.mssp).toMatchObject({ produced: 300, attainment: 0.3, stretchAttainment: 0.15, closedWon: 0, deals: 1, killCandidate: false, atRisk: false });
    // cloud: G5's 500 produced against a forecast of 0: no attainment.
    expect(byKey.cloud).toMatchObject({ produced: 500, attainment: null, stretchAttainment: null, killCandidate: false, atRisk: false });
    // edge: a3's 50 (closed lost still counts; omitted a4 does not) / 10000 = 0.005. 90 of 91 days gone:
    // pace 0.005 / (90/91) = 0.00506 < 0.05 → at risk.
    expect(byKey.edge).toMatchObject({ produced: 50, attainment: 0.005, killCandidate: false, atRisk: true });
    expect(byKey.edge.reason).toMatch(/98\.9% of the quarter/);
    expect(byKey['partner-led']).toMatchObject({ produced: 0, attainment: 0, atRisk: true, deals: 0 });
    expect(byKey.retired).toMatchObject({ killCandidate: false, atRisk: false, reason: null });
  });

  it('kill candidates once the quarter has ended; a null attainment never is one', () => {
    const ended = figures().quarterMetrics('2026-Q2', Date.parse('2026-07-01T00:00:00Z'));
    const flags = Object.fromEntries(ended.motions.map((x) => [x.key, [x.killCandidate, x.atRisk]]));
    expect(flags).toEqual({ mssp: [false, false], cloud: [false, false], edge: [true, false], 'partner-led': [true, false], retired: [false, false] });
  });

  it('conflicts and possible duplicates of the quarter', () => {
    expect(m.conflicts).toEqual([
      { groupId: 'A:a1', field: 'attribution', values: { A: ['sourced'], B: ['influenced'] }, used: 'sourced', members: [{ side: 'A', crmId: 'a1' }, { side: 'B', crmId: 'b1' }] },
    ]);
    expect(m.possibleDuplicates).toEqual([
      {
        members: [
          { side: 'A', crmId: 'a8', domain: 'beta.io', amount: 1000, closeDate: '2026-05-01' },
          { side: 'B', crmId: 'b4', domain: 'beta.io', amount: 950, closeDate: '2026-05-10' },
          { side: 'B', crmId: 'b5', domain: 'beta.io', amount: 1050, closeDate: '2026-05-20' },
        ],
      },
    ]);
  });

  it('warns about the null amount behind a counted group', () => {
    expect(m.warnings).toEqual([{ side: 'A', crmId: 'a7', kind: 'null_amount', message: 'no amount: counted as 0' }]);
  });

  it('as of a past instant: the state then, before and after a category change', () => {
    // The last second of April. Records with no history rows are alive from their creation with their current values:
    // a1 commit 100 (+ b1 → G1 commit 100), a2 won 200, a3 lost 50, b2 pipeline 300 (20 April), a8 pipeline 1000 (25 April),
    // a9 + b6 upside 500. From history: b3 commit 70 (deleted 1 May), a7 commit 80 (changed 1 May), a6 in Q3 since 10 April.
    const april = figures().quarterMetrics('2026-Q2', Date.parse('2026-04-30T23:59:59Z'));
    // commit 100 + 70 + 80 = 250; open 250 + 500 + 1300 = 2050; total 2050 + 200 = 2250.
    expect(april.joint).toMatchObject({ commit: 250, upside: 500, pipeline: 1300, closedWon: 200, closedLost: 50, total: 2250 });
    // After 1 May, a7 is pipeline 0 and b3 deleted: commit 100 only.
    const may = figures().quarterMetrics('2026-Q2', Date.parse('2026-05-01T00:00:00Z'));
    expect(may.joint.commit).toBe(100);
  });

  it('a quarter not started at asOf has no call yet', () => {
    const q3 = figures().quarterMetrics('2026-Q3', loadedAt);
    expect(q3.call).toEqual({ commitAtStart: null, upsideAtStart: null, closedWon: 0, vsCommit: null, vsCommitPlusUpside: null });
    expect(q3.joint.commit).toBe(500); // a6
  });

  it('an empty partnership: zeros, and null for every ratio', () => {
    const empty = new PartnershipFigures(partnershipData([], [], { motions, stateAtMs: loadedAt })).quarterMetrics('2026-Q2', loadedAt);
    expect(empty.joint.total).toBe(0);
    expect(empty.split.sourcedShare).toBeNull();
    expect(empty.call.vsCommit).toBeNull();
    expect(empty.motions.find((x) => x.key === 'cloud')!.attainment).toBeNull();
  });

  it('fiscal start month 2: a deal closing 20 April belongs to 2026-Q1', () => {
    const data = partnershipData([deal({ side: 'A', crmId: 'x', amount: 10, closeDate: '2026-04-20', category: 'commit', attribution: 'sourced' })], [], {
      motions: [], stateAtMs: loadedAt, calendar: { startMonth: 2, namedBy: 'start' },
    });
    const f = new PartnershipFigures(data);
    expect(f.quarterMetrics('2026-Q1', loadedAt).joint.commit).toBe(10);
    expect(f.quarterMetrics('2026-Q2', loadedAt).joint.commit).toBe(0);
  });
});

describe('conflicts, possible duplicates and warnings belong to a quarter by close date, first and last day included', () => {
  const conflict = (n: string, closeDate: string) => [
    deal({ side: 'A', crmId: `c${n}`, amount: 10, closeDate, category: 'commit', attribution: 'sourced' }),
    deal({ side: 'B', crmId: `d${n}`, partnerRecordId: `c${n}`, amount: 10, closeDate, category: 'commit', attribution: 'influenced' }),
  ];
  const noAmount = (crmId: string, closeDate: string | null, over: Partial<DealRecord> = {}) =>
    deal({ side: 'A', crmId, amount: null, closeDate, category: 'pipeline', attribution: 'sourced', ...over });
  const records: DealRecord[] = [
    ...conflict('1', '2026-04-01'), // in: the quarter's first day
    ...conflict('2', '2026-07-01'), // out: the next quarter's first day
    ...conflict('3', '2026-03-31'), // out
    ...conflict('4', '2026-06-30'), // in: the last day
    noAmount('w1', '2026-04-01'), // warned
    noAmount('w2', '2026-07-01'), // out of the quarter
    noAmount('w3', '2026-06-30', { category: 'closed_lost' }), // warned: lost groups are counted
    noAmount('w4', '2026-05-01', { category: 'omitted' }), // omitted: in no figure
    noAmount('w5', '2026-05-01', { attribution: null }), // out of scope
    noAmount('w6', null), // no close date: in no quarter
    noAmount('w7', '2026-03-31'), // out
    // Cluster P (p.com): only b1 closes in Q2, on its first day; a is in scope.
    deal({ side: 'A', crmId: 'pa', domain: 'p.com', amount: 1000, closeDate: '2026-03-20', category: 'pipeline', attribution: 'sourced' }),
    deal({ side: 'B', crmId: 'pb1', domain: 'p.com', amount: 950, closeDate: '2026-04-01', category: 'pipeline' }),
    deal({ side: 'B', crmId: 'pb2', domain: 'p.com', amount: 1050, closeDate: '2026-03-25', category: 'pipeline' }),
    // Cluster Q (q.com): every record closes in Q3, from its first day.
    deal({ side: 'A', crmId: 'qa', domain: 'q.com', amount: 1000, closeDate: '2026-07-01', category: 'pipeline', attribution: 'sourced' }),
    deal({ side: 'B', crmId: 'qb1', domain: 'q.com', amount: 950, closeDate: '2026-07-05', category: 'pipeline' }),
    deal({ side: 'B', crmId: 'qb2', domain: 'q.com', amount: 1050, closeDate: '2026-07-10', category: 'pipeline' }),
    // Cluster R (r.com): in Q2, but no record in scope.
    deal({ side: 'A', crmId: 'ra', domain: 'r.com', amount: 1000, closeDate: '2026-05-05', category: 'pipeline' }),
    deal({ side: 'B', crmId: 'rb1', domain: 'r.com', amount: 950, closeDate: '2026-05-06', category: 'pipeline' }),
    deal({ side: 'B', crmId: 'rb2', domain: 'r.com', amount: 1050, closeDate: '2026-05-07', category: 'pipeline' }),
  ];
  const m = new PartnershipFigures(partnershipData(records, [], { motions: [], stateAtMs: loadedAt })).quarterMetrics('2026-Q2', loadedAt);

  it('conflicts of groups closing on the first and the last day', () => {
    expect(m.conflicts.map((c) => c.groupId)).toEqual(['A:c1', 'A:c4']);
    expect(m.conflicts[0]).toEqual({
      groupId: 'A:c1', field: 'attribution', values: { A: ['sourced'], B: ['influenced'] }, used: 'sourced',
      members: [{ side: 'A', crmId: 'c1' }, { side: 'B', crmId: 'd1' }],
    });
  });

  it('a cluster with any record closing in the quarter and any in scope', () => {
    expect(m.possibleDuplicates).toEqual([
      {
        members: [
          { side: 'A', crmId: 'pa', domain: 'p.com', amount: 1000, closeDate: '2026-03-20' },
          { side: 'B', crmId: 'pb1', domain: 'p.com', amount: 950, closeDate: '2026-04-01' },
          { side: 'B', crmId: 'pb2', domain: 'p.com', amount: 1050, closeDate: '2026-03-25' },
        ],
      },
    ]);
  });

  it('warnings of counted groups only: in scope, closing in the quarter, open, won or lost', () => {
    expect(m.warnings.map((w) => w.crmId)).toEqual(['w1', 'w3']);
  });
});
