import { z } from 'zod';
import type {
  AskStatus,
  AskVerdict,
  DecisionKind,
  ForecastCategory,
  MeetingStatus,
  SideKey,
} from './domain.js';
import type { Attendee } from './meetings.js';
import type {
  AttributionSplit,
  JointNumber,
  MotionAttainment,
  PartnershipHealth,
  QuarterCall,
} from './metrics.js';

/**
 * The prework packet of one meeting (SPEC §1): the number, the status of
 * every ask raised in the quarter just ended, one page per motion and what
 * changed since the last meeting. Frozen as of `asOf`: a later change to the
 * data shows in a new version, never in this one. Money in the base currency,
 * rounded to 2 decimals; ratios to 6.
 */
export interface PreworkPacketContent {
  partnership: { key: string; name: string; currency: string; companies: Record<SideKey, string> };
  meeting: {
    id: string;
    quarter: string;
    scheduledDate: string;
    attendees: Record<SideKey, Attendee[]>;
  };
  asOf: string;
  /** `ended` is the quarter before the meeting's, `current` the meeting's own. */
  quarters: { ended: string; current: string };
  /** The earlier meeting (not cancelled) the "since" lists count from; null for a first meeting. */
  lastMeeting: { id: string; quarter: string; scheduledDate: string; status: MeetingStatus } | null;
  /** The instant "since the last meeting" starts: the first instant of its day, else of the ended quarter. */
  since: string;
  number: { ended: PacketNumber; current: PacketNumber };
  /** SPEC §5 `health` over the four quarters ending with the meeting's. */
  health: PartnershipHealth;
  /** Every ask raised in the ended quarter, with its status as of `asOf`. */
  asks: PacketAsk[];
  motions: MotionPage[];
  changes: PacketChanges;
}

/** The SPEC §5 figures of one quarter, as of the packet's instant. */
export interface PacketNumber {
  quarter: string;
  quarterStart: string;
  quarterEnd: string;
  joint: JointNumber;
  split: AttributionSplit;
  call: QuarterCall;
  motions: MotionAttainment[];
  /** Data-quality warnings behind these figures (details in the metrics API). */
  warnings: number;
}

export interface PacketAsk {
  id: string;
  fromSide: SideKey;
  toSide: SideKey;
  quarterRaised: string;
  text: string;
  owner: string | null;
  due: string | null;
  status: AskStatus;
  verdict: AskVerdict | null;
  /** When the ask took its status (ISO). */
  statusSince: string;
}

/** A deal group as the packet shows it to both sides: figures, plus the names the owning side shares. */
export interface PacketDeal {
  groupId: string;
  /** The deal's name, from a member whose side shares names; null when none does. */
  name: string | null;
  accountName: string | null;
  amount: number;
  closeDate: string | null;
  category: ForecastCategory | null;
}

/** A deal whose close date or outcome changed between `since` and `asOf`. */
export interface PacketDealChange extends PacketDeal {
  /** The group's values at `since`; null when it did not exist then. */
  before: { amount: number; closeDate: string | null; category: ForecastCategory | null } | null;
}

export interface MotionTrendPoint {
  quarter: string;
  forecast: number | null;
  produced: number;
  attainment: number | null;
}

export interface MotionPage {
  key: string;
  name: string;
  status: 'active' | 'killed';
  /** `kill`: a kill candidate of the ended quarter; `at_risk`: behind pace in a running one. */
  flag: 'kill' | 'at_risk' | null;
  reason: string | null;
  /** Produced vs forecast over the four quarters ending with the meeting's (the last one so far). */
  trend: MotionTrendPoint[];
  /** The largest open groups of the motion closing in the meeting's quarter, at most five. */
  topDeals: PacketDeal[];
  /** Open deals whose close date moved from the ended or current quarter to a later quarter. */
  slipped: PacketDealChange[];
  /** Open deals whose close date moved later, within or into the two quarters. */
  pushed: PacketDealChange[];
  /** Open deals whose close date moved earlier. */
  pulledIn: PacketDealChange[];
  won: PacketDealChange[];
  lost: PacketDealChange[];
}

export interface JointNumberChange {
  quarter: string;
  /** `joint.total` at `since` and at `asOf`; `change` = now − then. */
  then: number;
  now: number;
  change: number;
}

export interface PacketChanges {
  jointNumber: { ended: JointNumberChange; current: JointNumberChange };
  /** Decisions logged on the last meeting. */
  decisions: {
    id: string;
    kind: DecisionKind;
    text: string;
    owner: string | null;
    due: string | null;
  }[];
  /** Asks (of any quarter) that became delivered between `since` and `asOf`. */
  asksDelivered: PacketAsk[];
}

export const packetTriggers = ['schedule', 'manual', 'cli'] as const;
export type PacketTrigger = (typeof packetTriggers)[number];

/** One stored version of a meeting's packet, without its rendered forms. */
export interface PacketSummaryView {
  id: string;
  meetingId: string;
  quarter: string;
  version: number;
  asOf: string;
  generatedAt: string;
  /** `schedule`, `user:<email>` or `cli:packet`. */
  generatedBy: string;
  trigger: PacketTrigger;
  /** Size of the PDF in bytes. */
  pdfBytes: number;
}

export interface PacketView extends PacketSummaryView {
  content: PreworkPacketContent;
}

const versionSchema = z.coerce
  .number({ error: 'expected a version number' })
  .int('expected a whole version number')
  .min(1, 'versions start at 1')
  // The column is an int4: a larger number names no version and would fail in the database.
  .max(2147483647, 'expected a version number up to 2147483647');

/** `?version=2`; without it, the latest. */
export const packetQuerySchema = z.object({ version: versionSchema.optional() }).strict();
export type PacketQuery = z.infer<typeof packetQuerySchema>;

/** `POST …/packet`: a new version now (or as of an earlier instant); `send` delivers it to both sides. */
export const regeneratePacketSchema = z
  .object({
    asOf: z.iso
      .datetime({ offset: true, error: 'expected an ISO 8601 instant like 2026-04-13T09:00:00Z' })
      .transform((s) => new Date(s).toISOString())
      .optional(),
    send: z.boolean({ error: 'expected true or false' }).optional(),
  })
  .strict();
export type RegeneratePacketInput = z.infer<typeof regeneratePacketSchema>;

export const listPacketsQuerySchema = z
  .object({ meetingId: z.guid({ error: 'expected a meeting id (UUID)' }).optional() })
  .strict();
export type ListPacketsQuery = z.infer<typeof listPacketsQuerySchema>;
