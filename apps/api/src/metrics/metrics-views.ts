import {
  forecastCategories,
  type MetricWarning,
  type QuarterMetrics,
  type SharedField,
  type SideKey,
} from '@alignboard/contracts';
import { dayOf, type DealGroups } from '@alignboard/metrics';
import type { RecordVisibility } from './data-sharing.js';
import type { CurrencyIssue } from './partnership-data.js';

/** Close dates as day numbers, [startDay, endDay). */
export interface DayRange {
  startDay: number;
  endDay: number;
}

/** The figures' category codes follow the contract's list. */
const CLOSED_LOST = forecastCategories.indexOf('closed_lost');
const fieldOfWarning: Record<MetricWarning['kind'], SharedField> = {
  null_amount: 'amount',
  unknown_currency: 'amount',
  unmapped_attribution: 'attribution',
  unknown_motion: 'motion',
};

/**
 * The SPEC §5 object as one caller may see it. Figures are shared whole;
 * what names the other side's records is trimmed by the data-sharing rule:
 * - a conflict's group is in scope, so its members show; a side's values of
 *   a field that side does not share are left out;
 * - a possible duplicate's member of the other side shows only when it is in
 *   an in-scope group and its side shares its domain, amount and close date
 *   (what makes it a candidate); otherwise it is left out, and a cluster left
 *   with one side only is not listed, since its very existence would tell of
 *   the other side's direct business on that account;
 * - a warning about the other side's record shows only when the field it is
 *   about is shared.
 */
export function quarterMetricsFor(
  metrics: QuarterMetrics,
  visibility: RecordVisibility,
  currencyWarnings: MetricWarning[],
): QuarterMetrics {
  const warnings = [...metrics.warnings, ...currencyWarnings];
  if (visibility.viewer === null) return { ...metrics, warnings };
  const seen = (side: SideKey, crmId: string) => {
    const i = visibility.find(side, crmId);
    return i >= 0 && visibility.sees(i);
  };
  return {
    ...metrics,
    conflicts: metrics.conflicts.map((c) => ({
      ...c,
      values: {
        A: visibility.sideShares('A', c.field) ? c.values.A : [],
        B: visibility.sideShares('B', c.field) ? c.values.B : [],
      },
      members: c.members.filter((m) => seen(m.side, m.crmId)),
    })),
    possibleDuplicates: metrics.possibleDuplicates
      .map((cluster) => ({
        members: cluster.members.filter((m) => {
          const i = visibility.find(m.side, m.crmId);
          if (i < 0 || !visibility.sees(i)) return false;
          return (['accountDomain', 'amount', 'closeDate'] as const).every((f) =>
            visibility.shares(i, f),
          );
        }),
      }))
      .filter(
        (cluster) =>
          cluster.members.some((m) => m.side === 'A') &&
          cluster.members.some((m) => m.side === 'B'),
      ),
    warnings: warnings.filter((w) => {
      if (w.side === visibility.viewer) return true;
      if (!visibility.sideShares(w.side, fieldOfWarning[w.kind])) return false;
      const i = visibility.find(w.side, w.crmId);
      // A record left out of the figures (unknown currency) is in no group: it shows when it would be in scope.
      return i >= 0 ? visibility.sees(i) : w.kind === 'unknown_currency';
    }),
  };
}

/**
 * Currency warnings of the quarter: records left out that close in it and
 * would count jointly (tagged, or naming a partner record; an untagged
 * other-side record is never listed), and records counted in the quarter
 * whose past state could not be converted.
 */
export function currencyWarnings(
  issues: CurrencyIssue[],
  range: DayRange,
  groups: DealGroups,
  visibility: RecordVisibility,
): MetricWarning[] {
  const inQuarter = (day: number) => day >= range.startDay && day < range.endDay;
  return issues
    .filter((issue) => {
      if (issue.excluded) {
        const own = visibility.viewer === null || issue.side === visibility.viewer;
        return (
          issue.closeDate !== null &&
          inQuarter(dayOf(issue.closeDate)) &&
          issue.joint &&
          (own || issue.tagged)
        );
      }
      const i = visibility.find(issue.side, issue.crmId);
      const g = i >= 0 ? groups.groupOf[i] : -1;
      return (
        g >= 0 &&
        groups.inScope[g] === 1 &&
        inQuarter(groups.closeDay[g]) &&
        groups.category[g] <= CLOSED_LOST
      );
    })
    .sort(
      (x, y) =>
        x.side.localeCompare(y.side) || (x.crmId < y.crmId ? -1 : x.crmId > y.crmId ? 1 : 0),
    )
    .map((issue) => ({
      side: issue.side,
      crmId: issue.crmId,
      kind: 'unknown_currency' as const,
      message: issue.message,
    }));
}
