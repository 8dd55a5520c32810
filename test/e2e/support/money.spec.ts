import { describe, expect, it } from 'vitest';
import { amountsInText, centsOfMoneyText, packetAmount } from './money.js';

describe('centsOfMoneyText', () => {
  it.each([
    ['$29,988,507.54', 2998850754],
    ['USD 29,988,507.54', 2998850754],
    ['29,988,507.54 USD', 2998850754],
    ['$209,285', 20928500],
    ['$209,285.00', 20928500],
    ['−$264,675.00', -26467500],
    ['-$0.50', -50],
    ['$1,234.5', 123450],
  ])('reads %s to the cent', (text, expected) => {
    expect(centsOfMoneyText(text)).toBe(expected);
  });

  it.each(['$30.0M', '$29.99M', '1.2K', 'n/a', '', '$1,234.567'])(
    'refuses %s, which is not an amount to the cent',
    (text) => {
      expect(centsOfMoneyText(text)).toBeUndefined();
    },
  );
});

describe('amountsInText', () => {
  it('finds every amount among dates and words', () => {
    expect(amountsInText('Tyrell — $209,285.00 closes 2026-11-29; 105761')).toEqual([
      20928500, 202600, 1100, 2900, 10576100,
    ]);
  });
});

describe('packetAmount', () => {
  it('writes whole units with the currency code, as the packet does', () => {
    expect(packetAmount(29988507.54, 'USD')).toBe('USD 29,988,508');
  });
});
