/**
 * How every view writes an amount of the partnership's base currency. One locale (en-US), so that
 * what the room reads, what the documents print and what the tests read are the same. Each
 * document's style is named here once; a document picks one, it does not format by hand.
 */
export type MoneyStyle =
  /** `$29,988,507.54`: the screen, to the cent, as the API gives it. */
  | 'exact'
  /** `29,988,507.54`: a figures table whose heading names the currency (board pack, CLI). */
  | 'column'
  /** `EUR 219,000`: prose between two companies, whole units; a code, since symbols differ between the sides' countries (prework packet). */
  | 'whole'
  /** `USD 352,500`, `EUR 25,000.5`: with the code, cents only when there are some (one-pager). */
  | 'code';

const styles: Record<MoneyStyle, (currency: string) => Intl.NumberFormatOptions> = {
  exact: (currency) => ({ style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  column: () => ({ minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  whole: (currency) => ({ style: 'currency', currency, currencyDisplay: 'code', minimumFractionDigits: 0, maximumFractionDigits: 0 }),
  code: () => ({ minimumFractionDigits: 0, maximumFractionDigits: 2 }),
};

const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(key: string, options: () => Intl.NumberFormatOptions): Intl.NumberFormat {
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat('en-US', options());
    formats.set(key, format);
  }
  return format;
}

const missing = (value: number | null | undefined): value is null | undefined =>
  value === null || value === undefined || !Number.isFinite(value);

/** An amount in one of the documents' styles; a missing amount is `—`. */
export function formatMoney(value: number | null | undefined, currency: string, style: MoneyStyle = 'exact'): string {
  if (missing(value)) return '—';
  // -0 would print as "-$0.00"; Intl writes the code style's space as a no-break space.
  const text = numberFormat(`${style}:${currency}`, () => styles[style](currency))
    .format(value === 0 ? 0 : value)
    .replace(/\u00a0/g, ' ');
  return style === 'code' ? `${currency} ${text}` : text;
}

/** `$30M`, `$8.5M`, `$950K`: for axes and bar labels, never for the figure itself. */
export function formatMoneyCompact(value: number | null | undefined, currency: string): string {
  if (missing(value)) return '—';
  const format = numberFormat(`compact:${currency}`, () => ({
    style: 'currency',
    currency,
    notation: 'compact',
    minimumFractionDigits: 0,
    maximumFractionDigits: 1,
  }));
  return format.format(value === 0 ? 0 : value);
}

/** `+USD 1,000` / `−USD 1,000` / `no change`: how an amount moved (a true minus sign). */
export function formatMoneyChange(value: number, currency: string, style: MoneyStyle): string {
  if (value === 0) return 'no change';
  return `${value > 0 ? '+' : '−'}${formatMoney(Math.abs(value), currency, style)}`;
}
