import { describe, expect, it } from 'vitest';
import { businessDaysBetween, partnershipHealth, type HealthMeeting } from './partnership-health.js';
import { dayOf } from './codes.js';

const meeting = (id: string, quarter: string, scheduledDate: string, over: Partial<HealthMeeting> = {}): HealthMeeting => ({
  id, quarter, scheduledDate, status: 'held', cancelledBy: null, attendees: { A: [], B: [] }, preworkSentAt: null, ...over,
});

describe('partnership health (SPEC §5)', () => {
  it('counts business days from the prework to the meeting, skipping weekends', () => {
    // Monday 13 → Thursday 16 April 2026: Mon, Tue, Wed.
    expect(businessDaysBetween(dayOf('2026-04-13'), dayOf('2026-04-16'))).toBe(3);
    // Thursday 9 → Thursday 16: Thu, Fri, Mon, Tue, Wed.
    expect(businessDaysBetween(dayOf('2026-04-09'), dayOf('2026-04-16'))).toBe(5);
  });

  it('over the four quarters ending with the queried one', () => {
    const h = partnershipHealth(
      {
        meetings: [
          meeting('old', '2025-Q2', '2025-04-17'), // outside the window
          meeting('m1', '2025-Q3', '2025-07-17', { preworkSentAt: '2025-07-14T09:00:00Z' }),
          meeting('m2', '2025-Q4', '2025-10-16', { status: 'cancelled', cancelledBy: 'B' }),
          meeting('m3', '2026-Q1', '2026-01-15', { status: 'cancelled', cancelledBy: 'B' }),
          meeting('m4', '2026-Q2', '2026-04-16', {
            preworkSentAt: '2026-04-09T09:00:00Z',
            attendees: { A: [1, 2, 3, 4, 5, 6, 7], B: [1, 2] },
          }),
        ],
        asks: [
          { fromSide: 'A', quarterRaised: '2025-Q3', status: 'delivered' },
          { fromSide: 'A', quarterRaised: '2026-Q1', status: 'open' },
          { fromSide: 'A', quarterRaised: '2025-Q1', status: 'delivered' }, // outside
          { fromSide: 'B', quarterRaised: '2026-Q2', status: 'dropped' },
        ],
        decisions: [{ meetingId: 'm4' }, { meetingId: 'm4' }, { meetingId: 'm2' }],
        artifacts: [{ quarter: '2026-Q2', sentAt: '2026-04-17T06:00:00Z' }, { quarter: '2025-Q3', sentAt: null }],
      },
      '2026-Q2',
      Date.parse('2026-06-30T00:00:00Z'),
    );
    expect(h).toEqual({
      quarters: ['2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2'],
      meetingsScheduled: 4,
      meetingsHeld: 2,
      heldShare: 0.5,
      cancellations: { A: 0, B: 2 },
      // The last two meetings are m3 (cancelled by B) and m4 (held): the alert was for m2 + m3, not now.
      consecutiveCancellations: { A: false, B: false },
      asks: { A: { raised: 2, delivered: 1, deliveredShare: 0.5 }, B: { raised: 1, delivered: 0, deliveredShare: 0 } },
      decisionsPerHeldMeeting: 1, // 2 decisions over m1 and m4 (m2's was not in a held meeting)
      statusMeetings: 1, // m1
      preworkLeadBusinessDays: [3, 5],
      hoursToArtifactSent: [30], // 16 April 00:00 → 17 April 06:00
      attendees: { A: 7, B: 2, overSix: { A: true, B: false } },
    });
  });

  it('flags two cancellations in a row by one side', () => {
    const h = partnershipHealth(
      {
        meetings: [
          meeting('m1', '2026-Q1', '2026-01-15', { status: 'cancelled', cancelledBy: 'A' }),
          meeting('m2', '2026-Q2', '2026-04-16', { status: 'cancelled', cancelledBy: 'A' }),
          // The next meeting on the calendar neither hides the alert nor counts yet.
          meeting('m3', '2026-Q3', '2026-07-16', { status: 'scheduled' }),
        ],
        asks: [], decisions: [], artifacts: [],
      },
      '2026-Q3',
      Date.parse('2026-05-01T00:00:00Z'),
    );
    expect(h.consecutiveCancellations).toEqual({ A: true, B: false });
    expect(h.decisionsPerHeldMeeting).toBeNull();
    expect(h.heldShare).toBe(0);
    expect(h.meetingsScheduled).toBe(2);
  });

  it('one cancellation alone is not two in a row', () => {
    const h = partnershipHealth(
      { meetings: [meeting('m1', '2026-Q2', '2026-04-16', { status: 'cancelled', cancelledBy: 'B' })], asks: [], decisions: [], artifacts: [] },
      '2026-Q2',
      Date.parse('2026-06-30T00:00:00Z'),
    );
    expect(h.consecutiveCancellations).toEqual({ A: false, B: false });
    expect(h.cancellations).toEqual({ A: 0, B: 1 });
  });
  it('a meeting scheduled for the as-of day counts; six attendees are not over six', () => {
    const h = partnershipHealth(
      {
        meetings: [meeting('m1', '2026-Q2', '2026-04-16', { status: 'scheduled', attendees: { A: [1, 2, 3, 4, 5, 6], B: [1, 2, 3, 4, 5, 6, 7] } })],
        asks: [], decisions: [], artifacts: [],
      },
      '2026-Q2',
      Date.parse('2026-04-16T08:00:00Z'),
    );
    expect(h.meetingsScheduled).toBe(1);
    expect(h.attendees).toEqual({ A: 6, B: 7, overSix: { A: false, B: true } });
    const dayBefore = partnershipHealth(
      { meetings: [meeting('m1', '2026-Q2', '2026-04-16', { status: 'scheduled' })], asks: [], decisions: [], artifacts: [] },
      '2026-Q2',
      Date.parse('2026-04-15T23:59:59Z'),
    );
    expect(dayBefore.meetingsScheduled).toBe(0);
  });
  it('meetings in any order; a meeting on today counts but is not a cancellation streak breaker', () => {
    const h = partnershipHealth(
      {
        meetings: [
          meeting('c2', '2026-Q2', '2026-06-10', { status: 'cancelled', cancelledBy: 'B' }),
          meeting('h1', '2026-Q1', '2026-02-10'),
          meeting('c1', '2026-Q2', '2026-06-01', { status: 'cancelled', cancelledBy: 'B' }),
          meeting('s1', '2026-Q2', '2026-06-30', { status: 'scheduled' }),
        ],
        asks: [], decisions: [], artifacts: [],
      },
      '2026-Q2',
      Date.parse('2026-06-30T12:00:00Z'),
    );
    // By date: h1, c1, c2, s1. The last two that took place or were cancelled are c1 and c2, both by B.
    expect(h.consecutiveCancellations).toEqual({ A: false, B: true });
    expect(h.meetingsScheduled).toBe(4);
  });

  it('attendees of the quarter’s last meeting not cancelled; status meetings are held ones without a decision', () => {
    const h = partnershipHealth(
      {
        meetings: [
          meeting('h0', '2026-Q1', '2026-02-10', { attendees: { A: [1, 2, 3, 4], B: [] } }),
          meeting('h1', '2026-Q2', '2026-04-10', { attendees: { A: [1, 2, 3], B: [1] } }),
          meeting('h2', '2026-Q2', '2026-05-10', { attendees: { A: [1, 2], B: [1, 2, 3, 4, 5, 6] } }),
          meeting('c1', '2026-Q2', '2026-06-01', { status: 'cancelled', cancelledBy: 'A', attendees: { A: [1, 2, 3, 4, 5, 6, 7, 8, 9], B: [] } }),
        ],
        asks: [], decisions: [{ meetingId: 'h1' }], artifacts: [],
      },
      '2026-Q2',
      Date.parse('2026-06-30T00:00:00Z'),
    );
    expect(h.attendees).toEqual({ A: 2, B: 6, overSix: { A: false, B: false } }); // h2
    expect(h.statusMeetings).toBe(2); // h0 and h2
    expect(h.decisionsPerHeldMeeting).toBe(0.333333); // 1 decision over 3 held meetings
    // A quarter with no meeting of its own has no attendees, whatever the quarter before had.
    const q3 = partnershipHealth({ meetings: [meeting('h0', '2026-Q2', '2026-05-10', { attendees: { A: [1, 2, 3, 4], B: [] } })], asks: [], decisions: [], artifacts: [] }, '2026-Q3', Date.parse('2026-09-30T00:00:00Z'));
    expect(q3.attendees).toEqual({ A: 0, B: 0, overSix: { A: false, B: false } });
  });
});
