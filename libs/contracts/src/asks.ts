import { z } from 'zod';
import {
  askStatusSchema,
  askVerdictSchema,
  isoDateSchema,
  quarterSchema,
  sideKeySchema,
  type AskStatus,
  type AskVerdict,
  type SideKey,
} from './domain.js';

const askText = z.string().trim().min(1, 'must not be empty');
const owner = z.string().trim().min(1, 'must not be empty').nullable();

export const createAskSchema = z
  .object({
    fromSide: sideKeySchema,
    toSide: sideKeySchema,
    quarterRaised: quarterSchema,
    text: askText,
    owner: owner.optional(),
    due: isoDateSchema.nullable().optional(),
    meetingId: z.guid({ error: 'expected a meeting id (UUID)' }).optional(),
  })
  .strict()
  .refine((a) => a.fromSide !== a.toSide, {
    path: ['toSide'],
    message: 'an ask is owed by one side to the other: toSide must differ from fromSide',
  });
export type CreateAskInput = z.infer<typeof createAskSchema>;

export const updateAskSchema = z
  .object({
    text: askText,
    owner,
    due: isoDateSchema.nullable(),
    status: askStatusSchema,
    verdict: askVerdictSchema.nullable(),
    /** Kept in the status history with the status or verdict change it explains. */
    note: z.string().trim().min(1, 'must not be empty'),
  })
  .partial()
  .strict()
  .refine((a) => a.note === undefined || a.status !== undefined || a.verdict !== undefined, {
    path: ['note'],
    message: 'a note explains a status or verdict change: send it with `status` or `verdict`',
  });
export type UpdateAskInput = z.infer<typeof updateAskSchema>;

export const listAsksQuerySchema = z
  .object({
    quarter: quarterSchema.optional(),
    status: askStatusSchema.optional(),
    fromSide: sideKeySchema.optional(),
    toSide: sideKeySchema.optional(),
  })
  .strict();
export type ListAsksQuery = z.infer<typeof listAsksQuerySchema>;

export interface AskView {
  id: string;
  fromSide: SideKey;
  toSide: SideKey;
  quarterRaised: string;
  text: string;
  owner: string | null;
  due: string | null;
  status: AskStatus;
  /** Review verdict of an undelivered ask; always null once delivered. */
  verdict: AskVerdict | null;
  meetingId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AskStatusChangeView {
  status: AskStatus;
  verdict: AskVerdict | null;
  changedAt: string;
  /** Email of the person who made the change; null for the CLI or a deleted user. */
  changedBy: string | null;
  note: string | null;
}

export interface AskDetailView extends AskView {
  /** Oldest first; the first row is the ask being raised (`open`). */
  history: AskStatusChangeView[];
}

/** An ask up for review at a meeting. */
export interface AskForReview extends AskView {
  /** Not delivered, not yet given a verdict (`wrong_ask`, `wrong_timing`, `wrong_priority`): the room owes it one. */
  needsVerdict: boolean;
}

/** GET /partnerships/:key/meetings/:id/asks — the asks half of a meeting. */
export interface MeetingAsksView {
  meetingId: string;
  /** The quarter of the meeting. */
  quarter: string;
  /**
   * Up for review: every ask raised in the quarter before the meeting's, and
   * any older one still open, in progress or blocked. Asks raised at this
   * meeting are not reviewed by it.
   */
  review: AskForReview[];
  /** Named in the room: asks linked to this meeting, for the quarter they are raised for (usually the next). */
  named: AskView[];
}
