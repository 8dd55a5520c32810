import { describe, expect, it } from 'vitest';
import { artifactDueMs, preworkIsLate, syncFailure, type ConnectionSyncState } from './alert-conditions.js';

const at = (iso: string) => Date.parse(iso);

describe('prework late', () => {
  // Meeting Thursday 2027-01-07, prework due Monday 2027-01-04 (3 business days before).
  const late = (now: string) => preworkIsLate('2027-01-04', '2027-01-07', at(now));

  it('is late from the end of the prework day until the meeting day is over', () => {
    expect(late('2027-01-04T00:00:00Z')).toBe(false);
    expect(late('2027-01-04T23:59:59.999Z')).toBe(false);
    expect(late('2027-01-05T00:00:00Z')).toBe(true);
    expect(late('2027-01-07T23:59:59.999Z')).toBe(true);
    expect(late('2027-01-08T00:00:00Z')).toBe(false);
  });
});

describe('artifact due', () => {
  it('is 24 hours from the start of the meeting day (UTC), across a year boundary', () => {
    expect(new Date(artifactDueMs('2026-04-16')).toISOString()).toBe('2026-04-17T00:00:00.000Z');
    expect(new Date(artifactDueMs('2026-12-31')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('sync failing', () => {
  const now = at('2026-05-10T12:00:00Z');
  const failed = (iso: string, error = 'AUTH_EXPIRED: token revoked') => ({ status: 'failed' as const, startedAt: new Date(iso), error });
  const succeeded = (iso: string) => ({ status: 'succeeded' as const, startedAt: new Date(iso), error: null });
  const state = (s: Partial<ConnectionSyncState>): ConnectionSyncState => ({
    createdAt: new Date('2026-01-01T00:00:00Z'),
    lastRuns: [],
    lastSuccessAt: null,
    failuresSinceSuccess: 0,
    failingSince: null,
    ...s,
  });

  it('is not failing without runs, or when the last run succeeded', () => {
    expect(syncFailure(state({}), now)).toBeNull();
    expect(syncFailure(state({ lastRuns: [succeeded('2026-05-10T11:00:00Z'), failed('2026-05-10T10:00:00Z')], lastSuccessAt: new Date('2026-05-10T11:01:00Z') }), now)).toBeNull();
  });

  it('is not failing after one failure while the last success is recent', () => {
    const one = state({
      lastRuns: [failed('2026-05-10T11:00:00Z'), succeeded('2026-05-10T10:00:00Z')],
      lastSuccessAt: new Date('2026-05-10T10:05:00Z'),
      failuresSinceSuccess: 1,
      failingSince: new Date('2026-05-10T11:00:00Z'),
    });
    expect(syncFailure(one, now)).toBeNull();
  });

  it('is failing when the last two runs failed, since the first failure after the last success', () => {
    const f = syncFailure(
      state({
        lastRuns: [failed('2026-05-10T11:00:00Z', 'TEMPORARY: 503'), failed('2026-05-10T10:45:00Z')],
        lastSuccessAt: new Date('2026-05-10T10:20:00Z'),
        failuresSinceSuccess: 3,
        failingSince: new Date('2026-05-10T10:30:00Z'),
      }),
      now,
    );
    expect(f).toEqual({
      reason: 'two_failed_runs',
      failingSince: new Date('2026-05-10T10:30:00Z'),
      failedRuns: 3,
      lastError: 'TEMPORARY: 503',
      lastSuccessAt: new Date('2026-05-10T10:20:00Z'),
    });
  });

  it('is failing after one failure when the last success is more than 24 hours old (exactly 24 is not)', () => {
    const oneFailure = (lastSuccessAt: string) =>
      state({
        lastRuns: [failed('2026-05-10T11:00:00Z'), succeeded('2026-05-09T11:00:00Z')],
        lastSuccessAt: new Date(lastSuccessAt),
        failuresSinceSuccess: 1,
        failingSince: new Date('2026-05-10T11:00:00Z'),
      });
    expect(syncFailure(oneFailure('2026-05-09T12:00:00Z'), now)).toBeNull();
    expect(syncFailure(oneFailure('2026-05-09T11:59:59Z'), now)).toMatchObject({ reason: 'no_success_for_24h', failedRuns: 1 });
  });

  it('counts a connection that never synced from its creation', () => {
    const never = (createdAt: string) =>
      state({ createdAt: new Date(createdAt), lastRuns: [failed('2026-05-10T11:00:00Z')], failuresSinceSuccess: 1, failingSince: new Date('2026-05-10T11:00:00Z') });
    expect(syncFailure(never('2026-05-10T09:00:00Z'), now)).toBeNull();
    expect(syncFailure(never('2026-05-08T09:00:00Z'), now)).toMatchObject({ reason: 'no_success_for_24h', lastSuccessAt: null });
  });
});
