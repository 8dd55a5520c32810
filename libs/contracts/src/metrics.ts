import { z } from 'zod';
import { motionKeySchema, quarterSchema, type Attribution, type ForecastCategory, type SideKey } from './domain.js';

/**
 * The SPEC §5 object for one partnership and one quarter. Key names are a
 * stable interface (SPEC §6): the CLI's `--json` prints exactly this.
 * Money is in the base currency's major unit, rounded to 2 decimals; ratios
 * to 6 decimals; a ratio whose denominator is 0 is null.
 */
export interface QuarterMetrics {
  partnership: string;
  quarter: string;
  currency: string;
  /** The instant whose state is used, and "now" for elapsed fractions (ISO, UTC). */
  asOf: string;
  /** First and last instants of the quarter (ISO, UTC; end exclusive). */
  quarterStart: string;
  quarterEnd: string;
  joint: JointNumber;
  split: AttributionSplit;
  call: QuarterCall;
  motions: MotionAttainment[];
  conflicts: GroupConflict[];
  possibleDuplicates: PossibleDuplicate[];
  health: PartnershipHealth;
  /** Data-quality warnings behind the figures (null amounts, unmapped values). */
  warnings: MetricWarning[];
}

export interface JointNumber {
  open: number;
  commit: number;
  upside: number;
  pipeline: number;
  closedWon: number;
  closedLost: number;
  /** open + closedWon: the joint number. */
  total: number;
  deals: number;
  duplicatesRemoved: number;
}

export interface SplitPart {
  open: number;
  closedWon: number;
  total: number;
  deals: number;
}

export interface AttributionSplit {
  sourced: SplitPart;
  influenced: SplitPart;
  sourcedShare: number | null;
}

export interface QuarterCall {
  /** Null while the quarter has not started at asOf: there is no call yet. */
  commitAtStart: number | null;
  upsideAtStart: number | null;
  closedWon: number;
  vsCommit: number | null;
  vsCommitPlusUpside: number | null;
}

export interface MotionAttainment {
  key: string;
  name: string;
  status: 'active' | 'killed';
  forecast: number | null;
  stretch: number | null;
  produced: number;
  attainment: number | null;
  stretchAttainment: number | null;
  closedWon: number;
  /** Groups behind `produced`. */
  deals: number;
  killCandidate: boolean;
  atRisk: boolean;
  reason: string | null;
}

/** A member record as the figures see it; the API trims it to what the viewer may see. */
export interface GroupMemberRef {
  side: SideKey;
  crmId: string;
}

export interface GroupConflict {
  groupId: string;
  field: 'attribution' | 'motion';
  /** Each side's value(s) as the members hold them; the booking side's wins. */
  values: { A: string[]; B: string[] };
  used: string;
  members: GroupMemberRef[];
}

export interface PossibleDuplicate {
  /** One cluster of heuristic candidates that could not be matched one to one. */
  members: (GroupMemberRef & { domain: string; amount: number; closeDate: string })[];
}

export interface PartnershipHealth {
  /** The four quarters ending with the queried one. */
  quarters: string[];
  meetingsScheduled: number;
  meetingsHeld: number;
  heldShare: number | null;
  cancellations: { A: number; B: number };
  /** A side that cancelled the last two meetings in a row (an alert). */
  consecutiveCancellations: { A: boolean; B: boolean };
  asks: { A: AskHealth; B: AskHealth };
  decisionsPerHeldMeeting: number | null;
  /** Held meetings with no decision. */
  statusMeetings: number;
  /** Business days between prework sent and the meeting, per meeting with prework (latest last). */
  preworkLeadBusinessDays: number[];
  /** Hours from meeting to artifact sent, per quarter with both. */
  hoursToArtifactSent: number[];
  attendees: { A: number; B: number; overSix: { A: boolean; B: boolean } };
}

export interface AskHealth {
  raised: number;
  delivered: number;
  deliveredShare: number | null;
}

export interface MetricWarning {
  side: SideKey;
  crmId: string;
  /** `unknown_currency`: no rate to the base currency on the close date; the record is left out of the figures. */
  kind: 'null_amount' | 'unmapped_attribution' | 'unknown_motion' | 'unknown_currency';
  message: string;
}

/** `?quarter=2026-Q2&asOf=2026-05-01T00:00:00Z` */
export const metricsQuerySchema = z
  .object({
    quarter: quarterSchema,
    asOf: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 instant like 2026-05-01T00:00:00Z' }).optional(),
  })
  .strict();
export type MetricsQuery = z.infer<typeof metricsQuerySchema>;

/** A trend is read on one screen: more quarters than this do not fit its chart. */
export const MAX_TREND_QUARTERS = 20;
const quarterCount = (from: string, to: string) =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 4 + Number(to.slice(6)) - Number(from.slice(6)) + 1;
/** Range checks only once both ends are quarters: a bad `from` is reported as itself alone. */
const bothQuarters = (q: { from: string; to: string }) =>
  quarterSchema.safeParse(q.from).success && quarterSchema.safeParse(q.to).success;

/** `?from=2025-Q1&to=2026-Q2`: at most 20 quarters, in order. */
export const trendQuerySchema = z
  .object({
    from: quarterSchema,
    to: quarterSchema,
    asOf: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 instant like 2026-05-01T00:00:00Z' }).optional(),
  })
  .strict()
  // Both ends are quarters of 1970–2999 here, so their text order is their time order.
  .refine((q) => !bothQuarters(q) || q.from <= q.to, { path: ['to'], message: 'must not be before from' })
  .refine((q) => !bothQuarters(q) || quarterCount(q.from, q.to) <= MAX_TREND_QUARTERS, {
    path: ['to'],
    error: (issue) => {
      const { from, to } = issue.input as { from: string; to: string };
      return `at most ${MAX_TREND_QUARTERS} quarters: ${from} to ${to} is ${quarterCount(from, to)}`;
    },
  });
export type TrendQuery = z.infer<typeof trendQuerySchema>;

export interface TrendPoint {
  quarter: string;
  joint: JointNumber;
  split: AttributionSplit;
  call: QuarterCall;
}

/** A manual override of the matching (SPEC §4 rule 1): side A's record and side B's. */
export const groupOverrideSchema = z
  .object({
    kind: z.enum(['link', 'unlink']),
    a: z.string().trim().min(1, 'must name side A’s CRM record id').max(64),
    b: z.string().trim().min(1, 'must name side B’s CRM record id').max(64),
    note: z.string().trim().max(2000).optional(),
  })
  .strict();
export type GroupOverrideInput = z.infer<typeof groupOverrideSchema>;


/** A figure of the quarter a deal group can count in (`motion.*`: its own motion's). */
export const metricFigures = [
  'joint.total',
  'joint.open',
  'joint.commit',
  'joint.upside',
  'joint.pipeline',
  'joint.closedWon',
  'joint.closedLost',
  'split.sourced',
  'split.influenced',
  'motion.produced',
  'motion.closedWon',
] as const;
export type MetricFigure = (typeof metricFigures)[number];

/** `?quarter=2026-Q2&figure=joint.commit`: the deal groups behind the quarter's figures. */
export const dealGroupsQuerySchema = z
  .object({
    quarter: quarterSchema,
    asOf: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 instant like 2026-05-01T00:00:00Z' }).optional(),
    figure: z.enum(metricFigures).optional(),
    /** Only the groups of this motion. */
    motion: motionKeySchema.optional(),
    /** `all` adds the caller's own out-of-scope groups closing in the quarter (to review tagging). */
    scope: z.enum(['in', 'all']).optional(),
  })
  .strict();
export type DealGroupsQuery = z.infer<typeof dealGroupsQuerySchema>;

/**
 * One record of a group as the caller may see it (SPEC §2): the caller's own
 * side in full; the other side's only the fields its owner shares. A field
 * left out is absent, not null.
 */
export interface DealGroupMemberView {
  side: SideKey;
  crmId: string;
  name?: string | null;
  accountName?: string | null;
  accountDomain?: string | null;
  /** In the record's own currency. */
  amount?: number | null;
  currency?: string | null;
  /** In the partnership's base currency, as the figures count it. */
  baseAmount?: number | null;
  closeDate?: string | null;
  stage?: string | null;
  forecastCategory?: ForecastCategory | null;
  attribution?: Attribution | null;
  /** The motion value as the CRM holds it. */
  motion?: string | null;
  probability?: number | null;
}

export interface DealGroupView {
  /** `A:0061…`: the first visible member by side and id. */
  groupId: string;
  amount: number;
  closeDate: string | null;
  category: ForecastCategory | null;
  attribution: Attribution | null;
  /** The motion's key. */
  motion: string | null;
  createdAt: string | null;
  inScope: boolean;
  /** The quarter's figures this group counts in. */
  figures: MetricFigure[];
  members: DealGroupMemberView[];
}

export interface DealGroupsView {
  partnership: string;
  quarter: string;
  currency: string;
  asOf: string;
  figure: MetricFigure | null;
  groups: DealGroupView[];
}

export interface GroupOverrideView {
  id: string;
  kind: 'link' | 'unlink';
  /** Side A's and side B's CRM record ids, as stored. */
  a: string;
  b: string;
  note: string | null;
  createdBy: string;
  createdAt: string;
}
