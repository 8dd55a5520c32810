import { describe, expect, it } from 'vitest';
import { currencySchema } from './currency.js';

describe('currencySchema', () => {
  it.each(['USD', 'EUR', 'GBP', 'JPY', 'CHF', 'XOF', 'XDR'])('accepts %s, listed by ISO 4217', (code) => {
    expect(currencySchema.parse(code)).toBe(code);
  });

  it.each(['XYZ', 'ABC', 'DEM', 'FRF', 'XXX'])('refuses %s, which ISO 4217 does not list as in use', (code) => {
    expect(currencySchema.safeParse(code).error?.issues.map((i) => i.message)).toEqual([
      `${code} is not an ISO 4217 currency code`,
    ]);
  });

  it.each(['usd', 'US', 'USDX', ' USD'])('refuses %j by its shape, with one message', (code) => {
    expect(currencySchema.safeParse(code).error?.issues.map((i) => i.message)).toEqual([
      'expected an ISO 4217 code like USD',
    ]);
  });
});
