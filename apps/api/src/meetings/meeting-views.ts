import { attendeeLimitPerSide, type MeetingView } from '@alignboard/contracts';
import type { Meeting } from './entities/meeting.entity.js';

/** The fields of a meeting as compared, audited and returned. */
export function meetingStateOf(m: Meeting) {
  return {
    quarter: m.quarter,
    scheduledDate: m.scheduledDate,
    status: m.status,
    cancelledBy: m.cancelledBy,
    attendees: { A: m.attendees.A ?? [], B: m.attendees.B ?? [] },
    preworkSentAt: m.preworkSentAt ? m.preworkSentAt.toISOString() : null,
  };
}

export type MeetingState = ReturnType<typeof meetingStateOf>;

export function meetingViewOf(m: Meeting): MeetingView {
  const state = meetingStateOf(m);
  return {
    id: m.id,
    ...state,
    attendeesOverLimit: {
      A: state.attendees.A.length > attendeeLimitPerSide,
      B: state.attendees.B.length > attendeeLimitPerSide,
    },
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}
