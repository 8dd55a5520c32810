import type { CreatePartnershipInput, GeneratedMeetingsView, MeetingView } from '@alignboard/contracts';
import { quarterBounds, quarterOf, shiftQuarter } from '@alignboard/metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, bearer, createPartnership } from '../../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { cliActor } from '../auth/principal.js';
import { ValidationError } from '../common/errors.js';
import { Partnership } from '../partnerships/entities/partnership.entity.js';
import { MeetingScheduleCron } from './meeting-schedule.cron.js';
import { MeetingScheduleService } from './meeting-schedule.service.js';

const people: CreatePartnershipInput['sides'] = {
  A: {
    company: 'Cobalt Security',
    people: [
      { name: 'Dana Reyes', email: 'dana@cobalt.example', role: 'cro' },
      { name: 'Mo Chen', email: 'mo@cobalt.example', role: 'marketing' },
      { name: 'Pat Lee', email: 'pat@cobalt.example', role: 'partnerships' },
    ],
  },
  B: {
    company: 'Northgate Systems',
    people: [
      { name: 'Sam Okafor', email: 'sam@northgate.example', role: 'cro' },
      { name: 'Fran Diaz', email: 'fran@northgate.example', role: 'finance' },
      { name: 'Vic Read', email: 'vic@northgate.example', role: 'viewer' },
    ],
  },
};

/** 10 February 2026, noon UTC: inside 2026-Q1 of a calendar-year partnership, after its third Thursday (15 January). */
const feb10 = new Date('2026-02-10T12:00:00Z');

describe('meeting schedule', () => {
  let t: TestApp;
  let schedule: MeetingScheduleService;
  const actor = cliActor('test');
  const entity = (key: string) => t.db.dataSource.getRepository(Partnership).findOneByOrFail({ key });
  const meetingsOf = async (key: string) =>
    t.db.dataSource.query<{ quarter: string; scheduled_date: string; status: string }[]>(
      `select m.quarter, to_char(m.scheduled_date, 'YYYY-MM-DD') as scheduled_date, m.status
       from meetings m join partnerships p on p.id = m.partnership_id where p.key = $1 order by m.quarter, m.created_at`,
      [key],
    );

  beforeAll(async () => {
    t = await createTestApp();
    schedule = t.app.get(MeetingScheduleService);
  });
  afterAll(() => t.close());

  it('creates the missing meetings from the rule, moved off holidays, with both sides’ leaders invited', async () => {
    await createPartnership(t, 'sched-basic', {
      sides: people,
      meeting: { rule: 'third-thursday', preworkBusinessDays: 3, holidays: ['2026-04-16'] },
    });
    const result = await schedule.generate(await entity('sched-basic'), { now: feb10 }, actor);

    expect(result.quarters).toEqual(['2026-Q1', '2026-Q2']);
    // 2026-Q1's third Thursday (15 January) is behind us; 2026-Q2's (16 April) is a holiday: Friday 17 April.
    expect(result.skipped).toEqual([{ quarter: '2026-Q1', reason: 'date_passed', meetingId: null, date: '2026-01-15' }]);
    expect(result.created).toHaveLength(1);
    expect(result.created[0]).toMatchObject({
      quarter: '2026-Q2',
      scheduledDate: '2026-04-17',
      status: 'scheduled',
      cancelledBy: null,
      preworkSentAt: null,
      // CRO, partnerships and finance of each side, by email; marketing and viewers are not invited by default.
      attendees: {
        A: [
          { name: 'Dana Reyes', email: 'dana@cobalt.example' },
          { name: 'Pat Lee', email: 'pat@cobalt.example' },
        ],
        B: [
          { name: 'Fran Diaz', email: 'fran@northgate.example' },
          { name: 'Sam Okafor', email: 'sam@northgate.example' },
        ],
      },
    });
    const audit = await auditOf(t, result.created[0].id);
    expect(audit).toMatchObject([
      { action: 'meeting.create', actor: 'cli:test', before: null, after: { quarter: '2026-Q2', scheduledDate: '2026-04-17', generatedFromRule: 'third-thursday' } },
    ]);
  });

  it('is idempotent, keeps moved and cancelled meetings, and extends the schedule through a later quarter', async () => {
    const key = 'sched-again';
    const p = await createPartnership(t, key, { sides: people });
    const first = await schedule.generate(await entity(key), { now: feb10 }, actor);
    expect(first.created.map((m) => [m.quarter, m.scheduledDate])).toEqual([['2026-Q2', '2026-04-16']]);

    // People move the meeting and cancel nothing yet: a second run changes nothing.
    const q2 = first.created[0].id;
    await t.http.patch(`/api/partnerships/${key}/meetings/${q2}`).set(bearer(p.memberA)).send({ scheduledDate: '2026-04-23' }).expect(200);
    const again = await schedule.generate(await entity(key), { now: feb10 }, actor);
    expect(again.created).toEqual([]);
    expect(again.skipped).toEqual([
      { quarter: '2026-Q1', reason: 'date_passed', meetingId: null, date: '2026-01-15' },
      { quarter: '2026-Q2', reason: 'has_meeting', meetingId: q2, date: '2026-04-23' },
    ]);

    // Third Thursdays: 16 July, 15 October 2026.
    const later = await schedule.generate(await entity(key), { now: feb10, through: '2026-Q4' }, actor);
    expect(later.created.map((m) => [m.quarter, m.scheduledDate])).toEqual([['2026-Q3', '2026-07-16'], ['2026-Q4', '2026-10-15']]);

    // A cancellation is history: its quarter gets no new meeting from the rule.
    const q3 = later.created[0].id;
    await t.http.patch(`/api/partnerships/${key}/meetings/${q3}`).set(bearer(p.memberB)).send({ status: 'cancelled', cancelledBy: 'B' }).expect(200);
    const afterCancel = await schedule.generate(await entity(key), { now: feb10, through: '2026-Q4' }, actor);
    expect(afterCancel.created).toEqual([]);
    expect(afterCancel.skipped.map((s) => [s.quarter, s.reason, s.meetingId])).toEqual([
      ['2026-Q1', 'date_passed', null],
      ['2026-Q2', 'has_meeting', q2],
      ['2026-Q3', 'has_meeting', q3],
      ['2026-Q4', 'has_meeting', later.created[1].id],
    ]);
    expect(await meetingsOf(key)).toEqual([
      { quarter: '2026-Q2', scheduled_date: '2026-04-23', status: 'scheduled' },
      { quarter: '2026-Q3', scheduled_date: '2026-07-16', status: 'cancelled' },
      { quarter: '2026-Q4', scheduled_date: '2026-10-15', status: 'scheduled' },
    ]);
  });

  it('follows the fiscal calendar and other rules', async () => {
    // Start month 2: 2026-Q1 is Feb–Apr 2026 (Thursdays in February: 5, 12, 19), 2026-Q2 is May–Jul (May: 7, 14, 21).
    await createPartnership(t, 'sched-fiscal', { fiscalYearStartMonth: 2 });
    const fiscal = await schedule.generate(await entity('sched-fiscal'), { now: feb10 }, actor);
    expect(fiscal.created.map((m) => [m.quarter, m.scheduledDate])).toEqual([['2026-Q1', '2026-02-19'], ['2026-Q2', '2026-05-21']]);

    // The second Tuesday of the quarter's second month: 10 Feb 2026 (today: not passed), 12 May 2026.
    await createPartnership(t, 'sched-rule', { meeting: { rule: 'second-tuesday-month-2', preworkBusinessDays: 2 } });
    const rule = await schedule.generate(await entity('sched-rule'), { now: feb10 }, actor);
    expect(rule.created.map((m) => [m.quarter, m.scheduledDate])).toEqual([['2026-Q1', '2026-02-10'], ['2026-Q2', '2026-05-12']]);
  });

  it('never makes two meetings for a quarter when two runs race', async () => {
    await createPartnership(t, 'sched-race', { sides: people });
    const p = await entity('sched-race');
    const runs = await Promise.all([
      schedule.generate(p, { now: feb10, through: '2026-Q3' }, actor),
      schedule.generate(p, { now: feb10, through: '2026-Q3' }, actor),
    ]);
    expect(runs.flatMap((r) => r.created.map((m) => m.quarter)).sort()).toEqual(['2026-Q2', '2026-Q3']);
    expect((await meetingsOf('sched-race')).map((m) => m.quarter)).toEqual(['2026-Q2', '2026-Q3']);
  });

  it('refuses a range that starts in the past or reaches too far', async () => {
    const p = await entity('sched-race');
    await expect(schedule.generate(p, { now: feb10, through: '2025-Q4' }, actor)).rejects.toThrow(ValidationError);
    await expect(schedule.generate(p, { now: feb10, through: '2025-Q4' }, actor)).rejects.toThrow(
      'through: must not be before the current quarter, 2026-Q1',
    );
    await expect(schedule.generate(p, { now: feb10, through: '2028-Q2' }, actor)).rejects.toThrow(
      'through: at most 8 quarters ahead: 2028-Q1 or earlier',
    );
  });

  it('the daily pass keeps every partnership scheduled two quarters ahead, and a second pass adds nothing', async () => {
    await createPartnership(t, 'sched-cron', { sides: people });
    const cron = t.app.get(MeetingScheduleCron);
    await cron.generateAll(feb10);
    expect(await meetingsOf('sched-cron')).toEqual([
      { quarter: '2026-Q2', scheduled_date: '2026-04-16', status: 'scheduled' },
      { quarter: '2026-Q3', scheduled_date: '2026-07-16', status: 'scheduled' },
    ]);
    await cron.generateAll(feb10);
    expect(await meetingsOf('sched-cron')).toHaveLength(2);
  });

  describe('POST /api/partnerships/:key/meetings/generate', () => {
    it('schedules the current and next quarter today, on third Thursdays', async () => {
      const p = await createPartnership(t, 'sched-http', { sides: people });
      const url = `/api/partnerships/${p.key}/meetings/generate`;
      const res = await t.http.post(url).set(bearer(p.memberA)).expect(200);
      const body = res.body as GeneratedMeetingsView;
      const current = quarterOf(Date.now(), { startMonth: 1, namedBy: 'start' });
      expect(body.quarters).toEqual([current, shiftQuarter(current, 1)]);
      const skipped = body.skipped.map((s) => s.quarter);
      expect([...body.created.map((m) => m.quarter), ...skipped].sort()).toEqual(body.quarters);
      for (const m of body.created) {
        // A third Thursday falls on the 15th–21st of the quarter's first month (no holidays here).
        const first = new Date(quarterBounds(m.quarter, { startMonth: 1, namedBy: 'start' }).startMs);
        const day = new Date(`${m.scheduledDate}T00:00:00Z`);
        expect(day.getUTCDay()).toBe(4);
        expect(day.getUTCMonth()).toBe(first.getUTCMonth());
        expect(day.getUTCDate()).toBeGreaterThanOrEqual(15);
        expect(day.getUTCDate()).toBeLessThanOrEqual(21);
      }
      expect(body.skipped.every((s) => s.reason === 'date_passed' && s.quarter === current)).toBe(true);

      const again = (await t.http.post(url).set(bearer(p.memberB)).expect(200)).body as GeneratedMeetingsView;
      expect(again.created).toEqual([]);
      const listed = (await t.http.get(`/api/partnerships/${p.key}/meetings`).set(bearer(p.viewer)).expect(200)).body as MeetingView[];
      expect(listed.map((m) => m.id)).toEqual(body.created.map((m) => m.id));
    });

    it('names the field of a bad `through`, forbids viewers and hides other partnerships', async () => {
      const p = await createPartnership(t, 'sched-http-bad');
      const url = `/api/partnerships/${p.key}/meetings/generate`;
      const malformed = await t.http.post(url).query({ through: '2026-Q5' }).set(bearer(p.memberA)).expect(400);
      expect(malformed.body.issues[0]).toEqual({ field: 'through', message: 'expected a quarter like 2026-Q2' });
      const past = await t.http.post(url).query({ through: '2020-Q1' }).set(bearer(p.memberA)).expect(400);
      expect(past.body.issues[0].field).toBe('through');
      const viewer = await t.http.post(url).set(bearer(p.viewer)).expect(403);
      expect(viewer.body.message).toBe('Viewer tokens are read-only');
      const other = await createPartnership(t, 'sched-http-other');
      await t.http.post(url).set(bearer(other.memberA)).expect(404);
      expect(await meetingsOf(p.key)).toEqual([]);
    });
  });
});
