import type { MeetingView, SyncRunView } from '@alignboard/contracts';
import { describe, expect, it } from 'vitest';
import { nextMeeting } from './packet.js';
import { progressOf } from './sync.js';

const meeting = (id: string, scheduledDate: string, status: MeetingView['status'] = 'scheduled') => ({ id, scheduledDate, status }) as MeetingView;

describe('nextMeeting', () => {
  it('is the earliest scheduled meeting from today on', () => {
    const meetings = [meeting('q2', '2027-04-15'), meeting('q1', '2027-01-21'), meeting('q4', '2026-10-15', 'held')];
    expect(nextMeeting(meetings, '2026-11-23')?.id).toBe('q1');
    expect(nextMeeting(meetings, '2027-01-21')?.id).toBe('q1');
  });

  it('skips cancelled meetings, and falls back to the latest when none is ahead', () => {
    expect(nextMeeting([meeting('c', '2027-01-21', 'cancelled'), meeting('n', '2027-04-15')], '2026-11-23')?.id).toBe('n');
    expect(nextMeeting([meeting('old', '2026-04-16', 'held'), meeting('older', '2026-01-15', 'held')], '2026-11-23')?.id).toBe('old');
    expect(nextMeeting([], '2026-11-23')).toBeUndefined();
  });
});

describe('progressOf', () => {
  const run = (progress: SyncRunView['progress'], recordsFetched = 0) => ({ progress, recordsFetched }) as SyncRunView;

  it('gives the share read when the CRM says how many records there are', () => {
    expect(progressOf(run({ fetched: 600, total: 2700 }))).toEqual({ fetched: 600, total: 2700, share: 600 / 2700 });
  });

  it('has no share without a total (HubSpot gives none), and never more than all', () => {
    expect(progressOf(run({ fetched: 1100, total: null }))).toEqual({ fetched: 1100, total: null, share: null });
    expect(progressOf(run({ fetched: 2800, total: 2700 })).share).toBe(1);
    expect(progressOf(run(null, 42))).toEqual({ fetched: 42, total: null, share: null });
  });
});
