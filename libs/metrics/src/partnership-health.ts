import type { AskHealth, PartnershipHealth, SideKey } from '@alignboard/contracts';
import { DAY_MS, dayOf, ratio } from './codes.js';
import { shiftQuarter } from './fiscal-calendar.js';

export interface HealthMeeting {
  id: string;
  quarter: string;
  scheduledDate: string;
  status: 'scheduled' | 'held' | 'cancelled';
  cancelledBy: SideKey | null;
  attendees: { A: unknown[]; B: unknown[] };
  preworkSentAt: string | null;
}

export interface HealthInput {
  meetings: HealthMeeting[];
  asks: { fromSide: SideKey; quarterRaised: string; status: string }[];
  decisions: { meetingId: string }[];
  artifacts: { quarter: string; sentAt: string | null }[];
}

/** Weekdays d with from ≤ d < to (UTC days); holidays arrive with the meeting calendar. */
export function businessDaysBetween(fromDay: number, toDay: number): number {
  let days = 0;
  for (let d = fromDay; d < toDay; d++) {
    const weekday = (d + 4) % 7; // 1970-01-01 was a Thursday
    if (weekday !== 0 && weekday !== 6) days++;
  }
  return days;
}

/**
 * SPEC §5 `health` over the four quarters ending with the queried one, as
 * of an instant: a meeting still ahead then (scheduled after that day) is
 * not counted yet, and "two cancellations in a row" looks at the last two
 * meetings that took place or were cancelled.
 */
export function partnershipHealth(input: HealthInput, quarter: string, asOfMs: number): PartnershipHealth {
  const quarters = [3, 2, 1, 0].map((n) => shiftQuarter(quarter, -n));
  const inWindow = (q: string) => quarters.includes(q);
  const today = Math.floor(asOfMs / DAY_MS);
  const meetings = input.meetings
    .filter((m) => inWindow(m.quarter) && (m.status !== 'scheduled' || dayOf(m.scheduledDate) <= today))
    .sort((x, y) => x.scheduledDate.localeCompare(y.scheduledDate));
  const held = meetings.filter((m) => m.status === 'held');
  const cancellations = { A: 0, B: 0 };
  for (const m of meetings) if (m.cancelledBy) cancellations[m.cancelledBy]++;
  const closed = meetings.filter((m) => m.status !== 'scheduled');
  const twice = (side: SideKey) => closed.length >= 2 && closed.at(-2)!.cancelledBy === side && closed.at(-1)!.cancelledBy === side;

  const decisionsByMeeting = new Map<string, number>();
  for (const d of input.decisions) decisionsByMeeting.set(d.meetingId, (decisionsByMeeting.get(d.meetingId) ?? 0) + 1);
  const decisions = held.reduce((n, m) => n + (decisionsByMeeting.get(m.id) ?? 0), 0);

  const askHealth = (side: SideKey): AskHealth => {
    const raised = input.asks.filter((a) => a.fromSide === side && inWindow(a.quarterRaised));
    const delivered = raised.filter((a) => a.status === 'delivered').length;
    return { raised: raised.length, delivered, deliveredShare: ratio(delivered, raised.length) };
  };
  const sentByQuarter = new Map(input.artifacts.filter((a) => a.sentAt).map((a) => [a.quarter, Date.parse(a.sentAt!)]));
  const current = meetings.filter((m) => m.quarter === quarter && m.status !== 'cancelled').at(-1);
  const attendees = { A: current?.attendees.A.length ?? 0, B: current?.attendees.B.length ?? 0 };

  return {
    quarters,
    meetingsScheduled: meetings.length,
    meetingsHeld: held.length,
    heldShare: ratio(held.length, meetings.length),
    cancellations,
    consecutiveCancellations: { A: twice('A'), B: twice('B') },
    asks: { A: askHealth('A'), B: askHealth('B') },
    decisionsPerHeldMeeting: ratio(decisions, held.length),
    statusMeetings: held.filter((m) => !decisionsByMeeting.get(m.id)).length,
    preworkLeadBusinessDays: meetings
      .filter((m) => m.preworkSentAt)
      .map((m) => businessDaysBetween(Math.floor(Date.parse(m.preworkSentAt!) / DAY_MS), dayOf(m.scheduledDate))),
    // A meeting has a date, not a time: hours count from the start of its day (UTC).
    hoursToArtifactSent: held
      .filter((m) => sentByQuarter.has(m.quarter))
      .map((m) => Math.round(((sentByQuarter.get(m.quarter)! - dayOf(m.scheduledDate) * DAY_MS) / 3_600_000) * 100) / 100),
    attendees: { ...attendees, overSix: { A: attendees.A > 6, B: attendees.B > 6 } },
  };
}
