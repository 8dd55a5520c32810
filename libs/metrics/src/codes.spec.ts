import { describe, expect, it } from 'vitest';
import { attributionName, categoryName, money, NO_CATEGORY, ratio } from './codes.js';

describe('codes and output rounding (SPEC §5)', () => {
  it('names categories and attributions by code, and refuses an unknown attribution', () => {
    expect([0, 1, 2, 3, 4, 5].map(categoryName)).toEqual(['pipeline', 'upside', 'commit', 'closed_won', 'closed_lost', 'omitted']);
    expect(categoryName(NO_CATEGORY)).toBeNull();
    expect([attributionName(0), attributionName(1)]).toEqual(['sourced', 'influenced']);
    expect(() => attributionName(-1)).toThrow('no attribution has code -1');
  });

  it('money and ratios round to cents and 6 decimals, and never print -0', () => {
    expect(money(1234.565001)).toBe(1234.57);
    // -0.001 rounds to -0, which JSON would show as 0 but Object.is tells apart: a board sees 0.
    expect(Object.is(money(-0.001), 0)).toBe(true);
    expect(ratio(1, 3)).toBe(0.333333);
    expect(Object.is(ratio(-1, 1e7), 0)).toBe(true);
    expect([ratio(5, 0), ratio(5, null)]).toEqual([null, null]);
  });
});
