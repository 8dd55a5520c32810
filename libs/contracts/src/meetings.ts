import { z } from 'zod';
import { isoDateSchema, quarterSchema, sideKeySchema, type MeetingStatus, type SideKey } from './domain.js';

/** More attendees than this on one side is flagged in the partnership's health (SPEC §5). */
export const attendeeLimitPerSide = 6;

export const attendeeSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty'),
    email: z
      .email({ error: 'expected an email address' })
      .transform((e) => e.toLowerCase())
      .optional(),
  })
  .strict();
export type Attendee = z.infer<typeof attendeeSchema>;

export const attendeesSchema = z
  .object({ A: z.array(attendeeSchema).default([]), B: z.array(attendeeSchema).default([]) })
  .strict();
export type Attendees = z.infer<typeof attendeesSchema>;

/** An instant with an explicit offset, kept as its UTC ISO form so equal instants compare equal. */
const instantSchema = z.iso
  .datetime({ offset: true, error: 'expected an ISO 8601 date-time with an offset, like 2026-04-13T09:00:00Z' })
  .transform((s) => new Date(s).toISOString());

// The quarter is a fiscal quarter name; whether the scheduled date falls inside it
// depends on the partnership's fiscal calendar, which is not modelled yet, so the
// two are deliberately not cross-checked here.
export const createMeetingSchema = z
  .object({
    quarter: quarterSchema,
    scheduledDate: isoDateSchema,
    attendees: attendeesSchema.optional(),
  })
  .strict();
export type CreateMeetingInput = z.infer<typeof createMeetingSchema>;

/** A meeting is scheduled when created; a PATCH can only record that it was held or cancelled. */
export const meetingOutcomeSchema = z.enum(['held', 'cancelled']);

export const updateMeetingSchema = z
  .object({
    scheduledDate: isoDateSchema,
    status: meetingOutcomeSchema,
    cancelledBy: sideKeySchema,
    attendees: attendeesSchema,
    preworkSentAt: instantSchema.nullable(),
  })
  .partial()
  .strict()
  .superRefine((m, ctx) => {
    if (m.status === 'cancelled' && !m.cancelledBy) {
      ctx.addIssue({ code: 'custom', path: ['cancelledBy'], message: 'a cancellation must say which side cancelled (A or B)' });
    }
    if (m.cancelledBy && m.status !== 'cancelled') {
      ctx.addIssue({ code: 'custom', path: ['cancelledBy'], message: 'only allowed together with status "cancelled"' });
    }
  });
export type UpdateMeetingInput = z.infer<typeof updateMeetingSchema>;

export const listMeetingsQuerySchema = z.object({ quarter: quarterSchema.optional() }).strict();
export type ListMeetingsQuery = z.infer<typeof listMeetingsQuerySchema>;

export interface MeetingView {
  id: string;
  quarter: string;
  scheduledDate: string;
  status: MeetingStatus;
  cancelledBy: SideKey | null;
  attendees: Record<SideKey, Attendee[]>;
  /** True for a side with more than `attendeeLimitPerSide` attendees. */
  attendeesOverLimit: Record<SideKey, boolean>;
  preworkSentAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** `POST …/meetings/generate`: create the missing meetings of the current quarter through `through`. */
export const generateMeetingsQuerySchema = z.object({ through: quarterSchema.optional() }).strict();
export type GenerateMeetingsQuery = z.infer<typeof generateMeetingsQuerySchema>;

/** How far ahead a schedule may be generated, in quarters after the current one. */
export const maxQuartersAhead = 8;

export interface GeneratedMeetingsView {
  /** The quarters considered, from the current one through `through`. */
  quarters: string[];
  /** Meetings created now, from the partnership's meeting rule. */
  created: MeetingView[];
  /** Quarters left alone: they already have a meeting (even a cancelled one), or the rule's date has passed. */
  skipped: { quarter: string; reason: 'has_meeting' | 'date_passed'; meetingId: string | null; date: string }[];
}
