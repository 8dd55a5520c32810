import { z } from 'zod';
import type { DatedRate } from '../core/normalized.js';
import { isoDate } from './values.js';

const currencyTypeSchema = z.looseObject({ IsoCode: z.string(), IsCorporate: z.boolean(), ConversionRate: z.number().positive() });
const datedSchema = z.looseObject({ IsoCode: z.string(), StartDate: z.string(), NextStartDate: z.string().nullable(), ConversionRate: z.number().positive() });

/** Salesforce ends the current range at 9999-12-31; ours is open (null). */
const openEnd = '9999-12-31';
const allTime = '0001-01-01';

export function corporateCurrency(currencyTypes: unknown[]): string | null {
  for (const row of currencyTypes) {
    const parsed = currencyTypeSchema.safeParse(row);
    if (parsed.success && parsed.data.IsCorporate) return parsed.data.IsoCode.toUpperCase();
  }
  return null;
}

/**
 * DatedConversionRate rows (advanced currency management) plus, for a
 * currency with no dated range, its CurrencyType rate over all time: that is
 * the rate Salesforce itself converts with when dated rates are off.
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_datedconversionrate.htm
 */
export function datedRates(dated: unknown[], currencyTypes: unknown[]): DatedRate[] {
  const corporate = corporateCurrency(currencyTypes);
  if (!corporate) return [];
  const rates: DatedRate[] = [];
  for (const row of dated) {
    const parsed = datedSchema.safeParse(row);
    if (!parsed.success || !isoDate(parsed.data.StartDate)) continue;
    const next = parsed.data.NextStartDate;
    rates.push({
      currency: parsed.data.IsoCode.toUpperCase(),
      startDate: parsed.data.StartDate,
      nextStartDate: next === null || next === openEnd || !isoDate(next) ? null : next,
      perCorporateUnit: parsed.data.ConversionRate,
      corporateCurrency: corporate,
    });
  }
  for (const row of currencyTypes) {
    const parsed = currencyTypeSchema.safeParse(row);
    if (!parsed.success) continue;
    const currency = parsed.data.IsoCode.toUpperCase();
    if (rates.some((r) => r.currency === currency)) continue;
    rates.push({ currency, startDate: allTime, nextStartDate: null, perCorporateUnit: currency === corporate ? 1 : parsed.data.ConversionRate, corporateCurrency: corporate });
  }
  return rates;
}

/**
 * A single-currency org has no CurrencyType: its currency is its locale's.
 * The table covers the locales Salesforce orgs commonly run in; an org in
 * another one gets no currency, and its records are quarantined by the sync
 * for it rather than silently converted 1:1 (SPEC §3).
 */
const regionCurrency: Record<string, string> = {
  US: 'USD', GB: 'GBP', CA: 'CAD', AU: 'AUD', NZ: 'NZD', IE: 'EUR', DE: 'EUR', FR: 'EUR', ES: 'EUR', IT: 'EUR', NL: 'EUR',
  BE: 'EUR', AT: 'EUR', PT: 'EUR', FI: 'EUR', GR: 'EUR', LU: 'EUR', CH: 'CHF', SE: 'SEK', NO: 'NOK', DK: 'DKK', PL: 'PLN',
  CZ: 'CZK', JP: 'JPY', CN: 'CNY', HK: 'HKD', SG: 'SGD', IN: 'INR', KR: 'KRW', BR: 'BRL', MX: 'MXN', ZA: 'ZAR', IL: 'ILS', AE: 'AED',
};

export function localeCurrency(localeSidKey: unknown): string | null {
  if (typeof localeSidKey !== 'string') return null;
  const region = localeSidKey.split('_')[1];
  return region ? (regionCurrency[region.toUpperCase()] ?? null) : null;
}
