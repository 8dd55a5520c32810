import { describe, expect, it } from 'vitest';
import { columnsOf, deal } from './__fixtures__/deals.js';
import { attributionSplit, jointNumber, motionAttainment } from './__oracles__/group-scan.js';
import { groupDeals } from './deal-groups.js';
import type { DealRecord } from './deal-records.js';
import { buildFigureCube, jointAndSplitFromCube, motionSumsFromCube } from './figure-cube.js';
import { quarterBounds } from './fiscal-calendar.js';
import { judgeMotions } from './motion-attainment.js';

/** A seeded generator: the same records every run. */
function records(n: number): DealRecord[] {
  let seed = 42;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  return Array.from({ length: n }, (_, i) => {
    const day = Date.UTC(2025, 0, 1) + Math.floor(next() * 730) * 86_400_000;
    return deal({
      side: next() < 0.5 ? 'A' : 'B',
      crmId: `r${i}`,
      partnerRecordId: next() < 0.2 ? `r${Math.floor(next() * n)}` : null,
      domain: pick(['a.com', 'b.com', 'c.com', null]),
      amount: next() < 0.05 ? null : Math.round(next() * 1e7) / 100,
      closeDate: next() < 0.02 ? pick([null, '9999-12-31']) : new Date(day).toISOString().slice(0, 10),
      category: pick(['pipeline', 'upside', 'commit', 'closed_won', 'closed_lost', 'omitted', null]),
      attribution: pick(['sourced', 'influenced', null, null]),
      motion: pick(['m1', 'm2', 'm3', 'nope', null, null]),
      createdAt: new Date(day - Math.floor(next() * 200) * 86_400_000 - Math.floor(next() * 86_400_000)).toISOString(),
      deleted: next() < 0.03,
    });
  });
}

const cents = (x: unknown) => JSON.parse(JSON.stringify(x, (_, v) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v)));

describe('the per-day cube gives what a scan of every group gives', () => {
  const cols = columnsOf(records(3000), ['m1', 'm2', 'm3']);
  const groups = groupDeals(cols, { bookingSide: 'A', overrides: [] });
  const cube = buildFigureCube(groups, 3);
  const plans = ['m1', 'm2', 'm3'].map((key) => ({ key, name: key, status: 'active' as const, forecast: 50_000, stretch: 80_000 }));

  it.each(['2024-Q4', '2025-Q1', '2025-Q3', '2026-Q2', '2026-Q4', '2027-Q1'])('in %s', (quarter) => {
    const bounds = quarterBounds(quarter, { startMonth: 1, namedBy: 'start' });
    const range = { startDay: bounds.startMs / 86_400_000, endDay: bounds.endMs / 86_400_000 };
    const asOf = Date.UTC(2026, 5, 15);
    const scanned = jointNumber(groups, range);
    const { joint, split } = jointAndSplitFromCube(cube, range);
    expect(cents(joint)).toEqual(cents(scanned));
    expect(cents(split)).toEqual(cents(attributionSplit(groups, range, scanned.total)));
    expect(cents(judgeMotions(motionSumsFromCube(cube, range), plans, bounds, asOf, 0.05))).toEqual(
      cents(motionAttainment(groups, plans, bounds, range, asOf, 0.05)),
    );
  });

  it('keeps only days that have groups, so a close date in 9999 costs one entry', () => {
    expect(cube.closeDays.length).toBeLessThanOrEqual(731 + 1);
    expect(cube.closeDays.at(-1)).toBe(Date.UTC(9999, 11, 31) / 86_400_000);
  });
});
