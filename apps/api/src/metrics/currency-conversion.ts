/** A CRM's dated rate (Salesforce `DatedConversionRate`): units of `currency` per corporate unit. */
export interface CrmDatedRate {
  connectionId: string;
  currency: string;
  startDate: string;
  /** First day it no longer applies; null while current. */
  nextStartDate: string | null;
  perCorporateUnit: number;
  corporateCurrency: string;
}

/** A partnership's configured rate: units of the base currency per unit, from `startDate` on. */
export interface ConfiguredRate {
  currency: string;
  startDate: string;
  basePerUnit: number;
}

export type Conversion = { ok: true; amount: number } | { ok: false; reason: string };

/**
 * Amounts to the partnership's base currency with the rate in force on a
 * date (SPEC §3): the record's CRM's dated rates first (to its corporate
 * currency, then to the base with a configured rate unless the corporate
 * currency is the base), else the configured rate with the latest start on
 * or before the date. No rate is a failure, never a silent 1:1. Dates are
 * `YYYY-MM-DD`, which compare as strings.
 */
export class CurrencyConverter {
  private readonly dated = new Map<string, CrmDatedRate[]>();
  private readonly configured = new Map<string, ConfiguredRate[]>();

  constructor(
    readonly base: string,
    datedRates: CrmDatedRate[],
    configuredRates: ConfiguredRate[],
  ) {
    for (const r of datedRates) push(this.dated, `${r.connectionId}:${r.currency}`, r);
    for (const r of configuredRates) push(this.configured, r.currency, r);
    for (const list of this.configured.values())
      list.sort((x, y) => x.startDate.localeCompare(y.startDate));
  }

  toBase(
    amount: number,
    currency: string | null,
    onDate: string,
    connectionId: string,
  ): Conversion {
    if (!currency) return { ok: false, reason: `no currency: cannot convert to ${this.base}` };
    if (currency === this.base) return { ok: true, amount };
    const dated = this.datedRate(connectionId, currency, onDate);
    if (dated) {
      const corporate = amount / dated.perCorporateUnit;
      if (dated.corporateCurrency === this.base) return { ok: true, amount: corporate };
      const onward = this.configuredRate(dated.corporateCurrency, onDate);
      if (onward) return { ok: true, amount: corporate * onward.basePerUnit };
    }
    const configured = this.configuredRate(currency, onDate);
    if (configured) return { ok: true, amount: amount * configured.basePerUnit };
    return {
      ok: false,
      reason: `no rate from ${currency} to ${this.base} on ${onDate} in the CRM's dated rates or the partnership's currencyRates`,
    };
  }

  private datedRate(
    connectionId: string,
    currency: string,
    onDate: string,
  ): CrmDatedRate | undefined {
    return this.dated
      .get(`${connectionId}:${currency}`)
      ?.find(
        (r) => r.startDate <= onDate && (r.nextStartDate === null || onDate < r.nextStartDate),
      );
  }

  private configuredRate(currency: string, onDate: string): ConfiguredRate | undefined {
    return this.configured.get(currency)?.findLast((r) => r.startDate <= onDate);
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
