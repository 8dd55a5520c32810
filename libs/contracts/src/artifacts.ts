import { z } from 'zod';
import type { AskStatus, AskVerdict, DecisionKind, SideKey } from './domain.js';
import { sideKeySchema } from './domain.js';
import type { AttributionSplit, JointNumber, MotionAttainment, QuarterCall } from './metrics.js';
import { forecastAmountSchema } from './motions.js';

/**
 * The joint number as it stood when the one-pager took it (SPEC §5 figures,
 * which both sides see whole; records are not part of it).
 */
export interface ArtifactNumbers {
  quarter: string;
  currency: string;
  /** The instant the figures describe (ISO, UTC). */
  asOf: string;
  joint: JointNumber;
  split: AttributionSplit;
  call: QuarterCall;
  motions: MotionAttainment[];
}

/** A commitment for the coming quarter, as the room writes it. */
export const commitmentSchema = z
  .object({
    text: z.string().trim().min(1, 'must not be empty').max(1000),
    ownerSide: sideKeySchema,
    owner: z.string().trim().min(1, 'must not be empty').max(200).nullish(),
    /** In the partnership's base currency. */
    amount: forecastAmountSchema.nullish(),
  })
  .strict();
export type Commitment = z.infer<typeof commitmentSchema>;

export interface ArtifactAsk {
  id: string;
  fromSide: SideKey;
  toSide: SideKey;
  quarterRaised: string;
  text: string;
  owner: string | null;
  due: string | null;
  status: AskStatus;
  verdict: AskVerdict | null;
}

export interface ArtifactDecision {
  id: string;
  kind: DecisionKind;
  text: string;
  owner: string | null;
  due: string | null;
}

/** The one-pager's content; each revision stores it whole. */
export interface ArtifactContent {
  numbers: ArtifactNumbers;
  commitments: Commitment[];
  /** The asks of the quarter (raised in it, or named at its meeting), as they stood when taken. */
  asks: ArtifactAsk[];
  /** The decision log of the quarter's meeting, as it stood when taken. */
  decisions: ArtifactDecision[];
  notes: string;
}

const notesSchema = z.string().max(20000, 'at most 20,000 characters');
const instantSchema = z.iso
  .datetime({
    offset: true,
    error: 'expected an ISO 8601 date-time with an offset, like 2026-04-13T09:00:00Z',
  })
  .transform((s) => new Date(s).toISOString());

/** The parts of the one-pager that are taken from elsewhere and can be taken again. */
export const artifactSources = ['numbers', 'asks', 'decisions'] as const;
export type ArtifactSource = (typeof artifactSources)[number];

/** POST /partnerships/:key/artifacts/:quarter — revision 1; numbers, asks and decisions are taken now. */
export const createArtifactSchema = z
  .object({
    /** The instant the numbers describe; default now. */
    asOf: instantSchema.optional(),
    commitments: z.array(commitmentSchema).max(100).optional(),
    notes: notesSchema.optional(),
  })
  .strict();
export type CreateArtifactInput = z.infer<typeof createArtifactSchema>;

const revisionNumber = z
  .number({ error: 'expected a revision number' })
  .int('expected a revision number')
  .min(1, 'revisions start at 1');

/**
 * PUT /partnerships/:key/artifacts/:quarter — a new revision on top of
 * `baseRevision`, which must be the latest (else 409 with the latest).
 * `commitments` and `notes` replace what they name; `refresh` takes the
 * numbers (as of now), the asks or the decisions again.
 */
export const updateArtifactSchema = z
  .object({
    baseRevision: revisionNumber,
    commitments: z.array(commitmentSchema).max(100).optional(),
    notes: notesSchema.optional(),
    refresh: z.array(z.enum(artifactSources)).optional(),
  })
  .strict();
export type UpdateArtifactInput = z.infer<typeof updateArtifactSchema>;

/**
 * POST …/confirm — the caller's side confirms `revision`, which must be the
 * latest. Admins stand on neither side and name the side they confirm for.
 */
export const confirmArtifactSchema = z
  .object({ revision: revisionNumber, side: sideKeySchema.optional() })
  .strict();
export type ConfirmArtifactInput = z.infer<typeof confirmArtifactSchema>;

/** POST …/send — sends `revision` (the latest, confirmed by both sides). */
export const sendArtifactSchema = z.object({ revision: revisionNumber }).strict();
export type SendArtifactInput = z.infer<typeof sendArtifactSchema>;

/** One step of a revision's diff against the one before (microdiff's shape). */
export interface ArtifactDiffEntry {
  type: 'CREATE' | 'REMOVE' | 'CHANGE';
  path: (string | number)[];
  value?: unknown;
  oldValue?: unknown;
}

export interface ArtifactRevisionSummary {
  revision: number;
  /** Email of the author; null for the CLI or a deleted user. */
  author: string | null;
  createdAt: string;
  /** Against the revision before; empty for revision 1. */
  diff: ArtifactDiffEntry[];
}

export interface ArtifactRevisionView extends ArtifactRevisionSummary {
  content: ArtifactContent;
}

export interface ArtifactConfirmation {
  at: string;
  by: string | null;
}

export interface ArtifactView {
  id: string;
  quarter: string;
  /** The latest revision. */
  revision: number;
  content: ArtifactContent;
  author: string | null;
  updatedAt: string;
  /** Each side's confirmation of the latest revision; a new revision clears both. */
  confirmations: Record<SideKey, ArtifactConfirmation | null>;
  /** First send; null until sent. */
  sentAt: string | null;
  sentRevision: number | null;
  lastSentAt: string | null;
  createdAt: string;
  /** Every revision, oldest first, without content (GET …/revisions/:n has it). */
  history: ArtifactRevisionSummary[];
}
