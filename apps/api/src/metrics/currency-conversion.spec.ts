import { describe, expect, it } from 'vitest';
import { CurrencyConverter, type Conversion, type CrmDatedRate } from './currency-conversion.js';

const amountOf = (c: Conversion) => (c.ok ? c.amount : Number.NaN);

const dated = (currency: string, startDate: string, nextStartDate: string | null, perCorporateUnit: number, corporateCurrency = 'USD', connectionId = 'sf'): CrmDatedRate => ({
  connectionId,
  currency,
  startDate,
  nextStartDate,
  perCorporateUnit,
  corporateCurrency,
});

describe('CurrencyConverter', () => {
  const converter = new CurrencyConverter(
    'USD',
    [dated('EUR', '2026-01-01', '2026-05-01', 0.8), dated('EUR', '2026-05-01', null, 0.625), dated('CHF', '2026-01-01', null, 0.5, 'EUR', 'eu-org')],
    [
      { currency: 'EUR', startDate: '2026-05-01', basePerUnit: 1.2 },
      { currency: 'EUR', startDate: '2026-01-01', basePerUnit: 1.1 },
      { currency: 'GBP', startDate: '1900-01-01', basePerUnit: 1.25 },
    ],
  );

  it('leaves the base currency as it is', () => {
    expect(converter.toBase(1234.5, 'USD', '2026-05-01', 'sf')).toEqual({ ok: true, amount: 1234.5 });
  });

  it("uses the record's CRM's dated rate in force on the date: start included, next start excluded", () => {
    expect(converter.toBase(80, 'EUR', '2026-04-30', 'sf')).toEqual({ ok: true, amount: 100 }); // 80 / 0.8
    expect(converter.toBase(80, 'EUR', '2026-05-01', 'sf')).toEqual({ ok: true, amount: 128 }); // 80 / 0.625
  });

  it("falls back to the configured rate with the latest start on or before the date (another CRM's dated rates do not apply)", () => {
    expect(amountOf(converter.toBase(100, 'EUR', '2026-04-30', 'hubspot'))).toBeCloseTo(110, 9);
    expect(converter.toBase(100, 'EUR', '2026-05-01', 'hubspot')).toEqual({ ok: true, amount: 120 });
    expect(converter.toBase(100, 'GBP', '2020-02-02', 'sf')).toEqual({ ok: true, amount: 125 });
    // Before the first dated range of the CRM: the configured rates decide.
    expect(converter.toBase(100, 'EUR', '2025-12-31', 'sf')).toMatchObject({ ok: false });
  });

  it('goes through the CRM’s corporate currency when it is not the base', () => {
    // 50 CHF / 0.5 = 100 EUR, × 1.1 USD on 2026-03-01
    expect(amountOf(converter.toBase(50, 'CHF', '2026-03-01', 'eu-org'))).toBeCloseTo(110, 9);
  });

  it('fails, never 1:1, for a currency without a rate or a missing currency', () => {
    expect(converter.toBase(100, 'JPY', '2026-03-01', 'sf')).toEqual({
      ok: false,
      reason: "no rate from JPY to USD on 2026-03-01 in the CRM's dated rates or the partnership's currencyRates",
    });
    expect(converter.toBase(100, null, '2026-03-01', 'sf')).toEqual({ ok: false, reason: 'no currency: cannot convert to USD' });
    expect(converter.toBase(50, 'CHF', '2025-12-01', 'eu-org')).toMatchObject({ ok: false });
  });
});
