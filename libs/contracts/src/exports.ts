import { z } from 'zod';
import { quarterSchema } from './domain.js';

/**
 * The board pack of partner revenue (issue #7): one partnership, a range of
 * fiscal quarters, one as-of instant. `GET /api/partnerships/KEY/exports/board-pack.FORMAT`
 * and `alignboard export` produce the same bytes for the same as-of.
 */
export const exportFormats = ['pdf', 'xlsx', 'csv', 'arrow'] as const;
export const exportFormatSchema = z.enum(exportFormats, {
  error: 'expected one of pdf, xlsx, csv, arrow',
});
export type ExportFormat = (typeof exportFormats)[number];

export const exportContentTypes: Record<ExportFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  arrow: 'application/vnd.apache.arrow.file',
};

/** A board pack compares at most two fiscal years: more does not fit its two pages. */
export const MAX_BOARD_PACK_QUARTERS = 8;

const quarterIndex = (q: string) => Number(q.slice(0, 4)) * 4 + Number(q.slice(6)) - 1;
/** Range checks only once both ends are quarters: a bad `from` is reported as itself alone. */
const bothQuarters = (q: { from: string; to: string }) =>
  quarterSchema.safeParse(q.from).success && quarterSchema.safeParse(q.to).success;

/** Zod's ISO check refuses dates off the calendar (2026-02-31) as well as bad shapes. */
const asOfSchema = z.iso.datetime({
  offset: true,
  error: 'expected an ISO 8601 instant like 2026-07-15T00:00:00Z',
});

/** `?from=2025-Q3&to=2026-Q2&asOf=2026-07-15T00:00:00Z` */
export const boardPackQuerySchema = z
  .object({
    from: quarterSchema,
    to: quarterSchema,
    asOf: asOfSchema.optional(),
  })
  .strict()
  .refine((q) => !bothQuarters(q) || quarterIndex(q.from) <= quarterIndex(q.to), {
    path: ['to'],
    message: 'must not be before from',
  })
  .refine(
    (q) => !bothQuarters(q) || quarterIndex(q.to) - quarterIndex(q.from) < MAX_BOARD_PACK_QUARTERS,
    {
      path: ['to'],
      message: `a board pack covers at most ${MAX_BOARD_PACK_QUARTERS} quarters`,
    },
  );
export type BoardPackQuery = z.infer<typeof boardPackQuerySchema>;

/** `cobalt-northgate-board-pack-2025-Q3-2026-Q2-asof-20260715T000000Z.pdf` */
export function boardPackFileName(
  partnership: string,
  query: { from: string; to: string },
  asOf: string,
  format: ExportFormat,
): string {
  const stamp = new Date(asOf)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  const range = query.from === query.to ? query.from : `${query.from}-${query.to}`;
  return `${partnership}-board-pack-${range}-asof-${stamp}.${format}`;
}

/**
 * The deal-level table (Arrow IPC, and the XLSX `Deals` sheet): one row per
 * deal group and quarter it counts in. Column names are a stable interface
 * for BI tools. Amounts are the group's, in the base currency, unrounded:
 * sums of them round to the figures to the cent.
 */
export const boardPackDealColumns = [
  'quarter',
  'group_id',
  'amount',
  'close_date',
  'created_at',
  'category',
  'attribution',
  'motion',
  /** Counts in the joint number (open or closed won, closing in the quarter). */
  'in_joint_total',
  /** Counts in closed lost (closing in the quarter). */
  'in_closed_lost',
  /** Counts in its motion's `produced` (created in the quarter). */
  'in_motion_produced',
  'records_a',
  'records_b',
] as const;
export type BoardPackDealColumn = (typeof boardPackDealColumns)[number];

/** The board pack's CSV: every figure, one per row (`motion` empty outside motion rows). */
export const boardPackCsvColumns = [
  'partnership',
  'as_of',
  'quarter',
  'figure',
  'motion',
  'value',
  'unit',
] as const;
