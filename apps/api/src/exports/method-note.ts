import { formatUtcMinute } from '@alignboard/presentation';
import type { BoardPack } from './board-pack.js';

export interface MethodParagraph {
  heading: string;
  text: string;
}

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];


/**
 * How the figures were made, in the words a finance partner checks them
 * against (SPEC §3–§5): what counts, how shared deals are counted once,
 * whose values a group takes, the currency policy, the as-of instant and
 * whose view the deal rows are.
 */
export function methodNote(pack: BoardPack): MethodParagraph[] {
  const p = pack.partnership;
  const booking = `side ${p.bookingSide} (${p.companies[p.bookingSide]})`;
  const clusters = pack.quarters.reduce((n, m) => n + m.possibleDuplicates.length, 0);
  const warnings = pack.quarters.flatMap((m) => m.warnings);
  const unknownCurrency = warnings.filter((w) => w.kind === 'unknown_currency').length;
  const nullAmounts = warnings.filter((w) => w.kind === 'null_amount').length;
  const viewer =
    pack.viewer === null
      ? 'Prepared by the operator: every record of both sides is shown.'
      : `Prepared for side ${pack.viewer} (${p.companies[pack.viewer]}): its own records are shown in full; ` +
        `the other side's only in partner deal groups, and only the fields that side shares (a blank is not shared or empty). ` +
        'Figures are shared whole with both sides.';
  return [
    {
      heading: 'As of',
      text:
        `${formatUtcMinute(pack.asOf)} (${pack.asOf}). Both CRMs' records are taken as they stood at that instant, rebuilt from their ` +
        'history; a quarter not yet ended at that instant shows its open pipeline as of then. ' +
        `Fiscal quarters: the fiscal year starts in ${monthNames[p.fiscalYearStartMonth - 1]} and is named by the calendar year it ${p.fiscalYearNamedBy}s in.`,
    },
    {
      heading: 'What counts',
      text:
        'Partner revenue is the deal groups in scope (any record of the group carries a partner attribution or a joint motion) ' +
        'closing in the quarter. Open pipeline is pipeline, upside and commit; the joint number is open pipeline plus closed won. ' +
        'Partner-sourced and partner-influenced follow the group attribution; groups in scope through a joint motion alone are ' +
        'in the joint number and in neither split ("no attribution"). Closed lost and omitted deals are not in the joint number.',
    },
    {
      heading: 'Shared deals counted once',
      text:
        `The same deal usually lives in both CRMs. Records are grouped, and every figure counts a group once: manual link and ` +
        "unlink overrides first, then cross-references (either side's partner-record field names the other side's record), " +
        'then a heuristic match (same account domain, close dates within 45 days, amounts within 20%, exactly one candidate ' +
        `each way). Ambiguous candidates are not linked; ${clusters} cluster${clusters === 1 ? ' is' : 's are'} listed for review in this range.`,
    },
    {
      heading: 'Attribution rule',
      text:
        `A group's amount, close date and forecast category come from the booking side, ${booking}, when it has a record in the ` +
        "group, else from the other side's. Attribution and motion come from the records; when they disagree the booking " +
        `side's value is used and the group is listed as a conflict: ${pack.conflicts.length} conflict${pack.conflicts.length === 1 ? '' : 's'} left in this range (listed on the Method sheet of the workbook).`,
    },
    {
      heading: 'Currency',
      text:
        `Every amount is in ${p.currency}, converted with the rate in force on its close date: the record's own CRM dated rates ` +
        "first (to its corporate currency, then the configured rate if that is not the base), else the partnership's configured rates. " +
        `A record with no rate is left out and listed, never converted 1:1: ${unknownCurrency} in this range. ` +
        `Missing amounts count as 0: ${nullAmounts}. ` +
        (pack.rates.length
          ? `Rates in force on the close dates shown: ${pack.rates.map(rateText).join('; ')}.`
          : `No other currency than ${p.currency} appears in the records shown.`),
    },
    {
      heading: 'Rounding and reconciliation',
      text:
        'Figures are summed unrounded and rounded to cents at output; ratios to 6 decimals. The deal rows carry unrounded ' +
        'amounts, so their sums round to the figures to the cent; a sum of amounts rounded one by one can differ by a few cents. ' +
        'The reconciliation goes from CRM records to deal groups (less the duplicates removed) to the figures.',
    },
    { heading: 'Whose view', text: viewer },
  ];
}

export function rateText(r: BoardPack['rates'][number]): string {
  const where = r.source === 'crm' ? `side ${r.side} CRM` : 'configured';
  const period = r.until ? `${r.from} until ${r.until}` : `from ${r.from}`;
  return `${r.rate} ${r.unit} (${where}, ${period})`;
}
