import type { SideKey } from '@alignboard/contracts';
import type { PartnershipSettings, StoredOpportunity } from '../metrics/partnership-snapshot.js';

/** A rate that could have converted an amount in the pack (SPEC §3): in force on a close date it shows. */
export interface RateUsed {
  /** `crm`: the side's CRM's dated rate (to its corporate currency); `configured`: the partnership's. */
  source: 'crm' | 'configured';
  side: SideKey | null;
  currency: string;
  /** First day in force, and the first day no longer (null: still in force). */
  from: string;
  until: string | null;
  /** As stored: units of `currency` per corporate unit (crm), or base units per unit (configured). */
  rate: number;
  /** What `rate` means, e.g. `EUR per USD`. */
  unit: string;
}

interface VisibleAmount {
  side: SideKey;
  currency?: string | null;
  closeDate?: string | null;
}

/**
 * The rates in force on the close dates of the records the pack shows, for
 * their currencies other than the base: each side's CRM dated rates for its
 * own records, the configured rates for all. A record whose amount the
 * caller may not see does not add its currency. Sorted for a stable sheet.
 */
export function ratesUsed(
  settings: PartnershipSettings,
  stored: StoredOpportunity[],
  visible: VisibleAmount[],
): RateUsed[] {
  const sideOf = new Map(stored.map((o) => [o.connectionId, o.side]));
  const windows = new Map<string, { first: string; last: string }>();
  const widen = (key: string, date: string) => {
    const w = windows.get(key);
    if (!w) windows.set(key, { first: date, last: date });
    else {
      if (date < w.first) w.first = date;
      if (date > w.last) w.last = date;
    }
  };
  for (const r of visible) {
    if (!r.currency || r.currency === settings.currency || !r.closeDate) continue;
    widen(`${r.side}:${r.currency}`, r.closeDate);
    widen(`*:${r.currency}`, r.closeDate);
  }
  const overlaps = (key: string, from: string, until: string | null) => {
    const w = windows.get(key);
    return !!w && from <= w.last && (until === null || until > w.first);
  };

  const out: RateUsed[] = [];
  for (const r of settings.datedRates) {
    const side = sideOf.get(r.connectionId);
    if (!side || r.currency === r.corporateCurrency) continue;
    if (!overlaps(`${side}:${r.currency}`, r.startDate, r.nextStartDate)) continue;
    out.push({
      source: 'crm',
      side,
      currency: r.currency,
      from: r.startDate,
      until: r.nextStartDate,
      rate: r.perCorporateUnit,
      unit: `${r.currency} per ${r.corporateCurrency}`,
    });
  }
  const configured = [...settings.configuredRates].sort(
    (x, y) => x.currency.localeCompare(y.currency) || x.startDate.localeCompare(y.startDate),
  );
  configured.forEach((r, k) => {
    const next = configured[k + 1];
    const until = next && next.currency === r.currency ? next.startDate : null;
    if (!overlaps(`*:${r.currency}`, r.startDate, until)) return;
    out.push({
      source: 'configured',
      side: null,
      currency: r.currency,
      from: r.startDate,
      until,
      rate: r.basePerUnit,
      unit: `${settings.currency} per ${r.currency}`,
    });
  });
  return out.sort(
    (x, y) =>
      x.currency.localeCompare(y.currency) ||
      (x.source === y.source ? 0 : x.source === 'crm' ? -1 : 1) ||
      (x.side ?? '').localeCompare(y.side ?? '') ||
      x.from.localeCompare(y.from),
  );
}
