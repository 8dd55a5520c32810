import type { PartnershipDefinition } from '@alignboard/contracts';
import { describe, expect, it } from 'vitest';
import { definitionAtQuarter } from './demo-dates.js';

/** The example file's dated parts, as of 2026-Q4 (the rest of a definition is carried over untouched). */
const example = {
  key: 'cobalt-northgate',
  meeting: { rule: 'third-thursday', preworkBusinessDays: 3, holidays: ['2026-12-24', '2026-12-25', '2027-01-01'] },
  motions: [
    {
      key: 'mssp-upsell',
      name: 'MSSP upsell',
      forecasts: { '2025-Q3': 300000, '2026-Q1': 400000, '2026-Q4': 600000 },
      stretch: { '2026-Q2': 650000 },
    },
    { key: 'smb-bundle', name: 'SMB bundle', forecasts: { '2026-Q3': 140000 } },
  ],
  currencyRates: { EUR: { '2025-07-01': 1.09, '2026-01-01': 1.08 }, GBP: 1.27 },
} as unknown as PartnershipDefinition;

describe('definitionAtQuarter', () => {
  it('moves forecasts and dated rates by quarters, holidays by years, to the quarter of the clock', () => {
    // 2026-Q4 → 2028-Q1: five quarters (fifteen months), two calendar years.
    const moved = definitionAtQuarter(example, '2028-Q1');
    expect(moved.motions.map((m) => [m.key, m.forecasts, m.stretch])).toEqual([
      ['mssp-upsell', { '2026-Q4': 300000, '2027-Q2': 400000, '2028-Q1': 600000 }, { '2027-Q3': 650000 }],
      ['smb-bundle', { '2027-Q4': 140000 }, undefined],
    ]);
    expect(moved.currencyRates).toEqual({ EUR: { '2026-10-01': 1.09, '2027-04-01': 1.08 }, GBP: 1.27 });
    expect(moved.meeting.holidays).toEqual(['2028-12-24', '2028-12-25', '2029-01-01']);
    expect(moved.key).toBe('cobalt-northgate');
  });

  it('moves back as well, and keeps a rate date past the end of a shorter month on its last day', () => {
    const withMonthEnd = { ...example, currencyRates: { EUR: { '2025-11-30': 1.1 } } } as unknown as PartnershipDefinition;
    // 2026-Q4 → 2027-Q1: one quarter, so 30 November becomes 28 February (2026 has no 29th).
    expect(definitionAtQuarter(withMonthEnd, '2027-Q1').currencyRates).toEqual({ EUR: { '2026-02-28': 1.1 } });
    // 2026-Q4 → 2026-Q2: two quarters back, the same year.
    const back = definitionAtQuarter(example, '2026-Q2');
    expect(back.motions[0].forecasts).toEqual({ '2025-Q1': 300000, '2025-Q3': 400000, '2026-Q2': 600000 });
    expect(back.meeting.holidays).toEqual(example.meeting.holidays);
    expect(back.currencyRates).toEqual({ EUR: { '2025-01-01': 1.09, '2025-07-01': 1.08 }, GBP: 1.27 });
  });

  it('changes nothing at the quarter the file is written in, or in a file without forecasts', () => {
    expect(definitionAtQuarter(example, '2026-Q4')).toEqual(example);
    const none = { ...example, motions: [] } as unknown as PartnershipDefinition;
    expect(definitionAtQuarter(none, '2031-Q2')).toBe(none);
  });
});
