import { describe, expect, it } from 'vitest';
import { runSoak } from '../../bench/soak/soak.js';
import { storeFor } from '../../test-support/exact-sync.js';

/**
 * The virtual-time soak at a size `npm test` can afford (`npm run bench:soak`
 * runs a larger one): sixty virtual days across a quarter's end, and after
 * every day not one figure nor one stored record differs from a fresh full
 * sync of the same CRM state.
 */
describe('virtual-time soak', () => {
  it('stays exact for sixty days of CRM activity, skewed clocks, lag, late commits and crashes', async () => {
    const days = await runSoak({
      days: 60,
      perSide: 40,
      editsPerDay: 5,
      seed: 2026,
      startDay: '2026-12-01T00:00:00.000Z',
      openStore: storeFor,
      log: (line) => process.stdout.write(`soak: ${line}\n`),
    });
    expect(days).toHaveLength(60);
    const compared = days.reduce((n, d) => n + d.figuresCompared, 0);
    process.stdout.write(`soak: ${compared} figures and ${days.reduce((n, d) => n + d.recordsCompared, 0)} records compared over 60 days\n`);
    // The soak did what it says: edits of every day, hazards, crashes and a quarter boundary crossed.
    expect(days.every((d) => d.edits.A + d.edits.B > 0)).toBe(true);
    expect(days.reduce((n, d) => n + d.hazards, 0)).toBeGreaterThan(20);
    expect(days.reduce((n, d) => n + d.crashes, 0)).toBeGreaterThan(5);
    expect(days.map((d) => d.day)).toContain('2027-01-01');
    for (const d of days) {
      expect(d.figureDifferences, `${d.day}: figures that differ from a fresh full sync`).toEqual([]);
      expect(d.recordDifferences, `${d.day}: stored records that differ from a fresh full sync`).toEqual([]);
    }
  }, 900_000);
});
