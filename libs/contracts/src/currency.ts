import { z } from 'zod';

let isoCodes: ReadonlySet<string> | undefined;

/**
 * ISO 4217 codes as the runtime's ICU knows them (`Intl.supportedValuesOf`,
 * CLDR's list of currencies in use: 162 in Node 20). A withdrawn code such as
 * DEM is refused: no rate can be configured for it today. Read on first use,
 * so merely importing the contracts (the dashboard does) never calls it.
 */
export function isIsoCurrencyCode(code: string): boolean {
  isoCodes ??= new Set(Intl.supportedValuesOf('currency'));
  return isoCodes.has(code);
}

/** A currency: three capital letters that ISO 4217 lists (the partnership's base currency, a rate's currency). */
export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, { error: 'expected an ISO 4217 code like USD', abort: true })
  .refine(isIsoCurrencyCode, { error: (issue) => `${String(issue.input)} is not an ISO 4217 currency code` });
