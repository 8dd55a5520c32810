import type { JointNumber, TrendPoint } from '@alignboard/contracts';

const joint = (j: Partial<JointNumber>): JointNumber => {
  const full = { open: 0, commit: 0, upside: 0, pipeline: 0, closedWon: 0, closedLost: 0, total: 0, deals: 0, duplicatesRemoved: 0, ...j };
  full.open = full.commit + full.upside + full.pipeline;
  full.total = full.open + full.closedWon;
  return full;
};

/** Three hand-made quarters: an ended one, the running one, and one not started (no call yet). */
export const trendFixture: TrendPoint[] = [
  {
    quarter: '2026-Q3',
    joint: joint({ closedWon: 900_000, deals: 9 }),
    split: { sourced: { open: 0, closedWon: 400_000, total: 400_000, deals: 4 }, influenced: { open: 0, closedWon: 500_000, total: 500_000, deals: 5 }, sourcedShare: 0.444444 },
    call: { commitAtStart: 800_000, upsideAtStart: 300_000, closedWon: 900_000, vsCommit: 1.125, vsCommitPlusUpside: 0.818182 },
  },
  {
    quarter: '2026-Q4',
    joint: joint({ commit: 500_000, upside: 250_000, pipeline: 125_000.5, closedWon: 600_000.25, deals: 12 }),
    split: { sourced: { open: 375_000, closedWon: 200_000, total: 575_000, deals: 5 }, influenced: { open: 500_000.5, closedWon: 400_000.25, total: 900_000.75, deals: 7 }, sourcedShare: 0.389831 },
    call: { commitAtStart: 1_000_000, upsideAtStart: 400_000, closedWon: 600_000.25, vsCommit: 0.60000025, vsCommitPlusUpside: 0.428572 },
  },
  {
    quarter: '2027-Q1',
    joint: joint({ pipeline: 50_000, deals: 1 }),
    split: { sourced: { open: 50_000, closedWon: 0, total: 50_000, deals: 1 }, influenced: { open: 0, closedWon: 0, total: 0, deals: 0 }, sourcedShare: 1 },
    call: { commitAtStart: null, upsideAtStart: null, closedWon: 0, vsCommit: null, vsCommitPlusUpside: null },
  },
];
