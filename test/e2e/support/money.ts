import { cents } from './expected-link.js';

/**
 * Cents of a money text as a person reads it: `$29,988,507.54`,
 * `USD 29,988,507.54`, `−$1,200.00`. Undefined when the text is not one amount
 * to the cent or the unit (`$30.0M` is not: it hides the cents the API gives).
 */
export function centsOfMoneyText(text: string): number | undefined {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  const match =
    /^([-−–(])?\s*(?:[A-Z]{3}\s?|[$€£¥]\s?)?([-−])?\s*(\d{1,3}(?:,\d{3})*|\d+)(\.\d{1,2})?\s*(?:[A-Z]{3})?\)?$/.exec(
      trimmed,
    );
  if (!match) return undefined;
  const negative = Boolean(match[1] || match[2]);
  const value = Number(`${match[3].replace(/,/g, '')}${match[4] ?? ''}`);
  return (negative ? -1 : 1) * cents(value);
}

/** Every amount written in a text (`1,234.56`, `209285`), in cents: to find a figure among others. */
export function amountsInText(text: string): number[] {
  return [...text.matchAll(/\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?/g)].map((m) =>
    cents(Number(m[0].replace(/,/g, ''))),
  );
}

/** How the prework packet writes money: whole units with the currency's code (`USD 29,988,508`). */
export function packetAmount(value: number, currency: string): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    currencyDisplay: 'code',
    maximumFractionDigits: 0,
    minimumFractionDigits: 0,
  })
    .format(value)
    .replace(/\u00a0/g, ' ');
}
