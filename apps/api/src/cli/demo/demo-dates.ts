import type { PartnershipDefinition } from '@alignboard/contracts';
import { shiftQuarter } from '@alignboard/metrics';

/**
 * The example partnership file is written as of one quarter: its motions'
 * forecasts cover the six quarters up to it (2026-Q4), as the demo's CRMs
 * hold six quarters of deals ending with the current one. The demo runs at
 * the product clock's date, so it moves the file to the clock's quarter:
 * forecast and stretch quarters, and the dated currency rates (they cover the
 * same six quarters), by the quarters between the file's last forecast
 * quarter and `current`; the holidays (Christmas, New Year) by whole years.
 * A file without forecasts has nothing to line up and is returned as it is.
 */
export function definitionAtQuarter(definition: PartnershipDefinition, current: string): PartnershipDefinition {
  const anchor = definition.motions.flatMap((m) => Object.keys(m.forecasts)).sort().at(-1);
  if (!anchor) return definition;
  const quarters = quarterIndex(current) - quarterIndex(anchor);
  const years = Number(current.slice(0, 4)) - Number(anchor.slice(0, 4));
  const byQuarter = <T>(amounts: Record<string, T>) =>
    Object.fromEntries(Object.entries(amounts).map(([q, amount]) => [shiftQuarter(q, quarters), amount]));
  return {
    ...definition,
    meeting: definition.meeting.holidays
      ? { ...definition.meeting, holidays: definition.meeting.holidays.map((day) => addMonths(day, 12 * years)) }
      : definition.meeting,
    motions: definition.motions.map((m) => ({
      ...m,
      forecasts: byQuarter(m.forecasts),
      ...(m.stretch ? { stretch: byQuarter(m.stretch) } : {}),
    })),
    ...(definition.currencyRates
      ? {
          currencyRates: Object.fromEntries(
            Object.entries(definition.currencyRates).map(([currency, rate]) => [
              currency,
              typeof rate === 'number'
                ? rate
                : Object.fromEntries(Object.entries(rate).map(([day, value]) => [addMonths(day, 3 * quarters), value])),
            ]),
          ),
        }
      : {}),
  };
}

/** `2026-Q4` → 2026 × 4 + 3: quarters count on from there. */
const quarterIndex = (quarter: string) => Number(quarter.slice(0, 4)) * 4 + Number(quarter.slice(6)) - 1;

/** An ISO date `months` later (earlier when negative), its day kept or, past the month's end, its last day. */
function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay))).toISOString().slice(0, 10);
}
