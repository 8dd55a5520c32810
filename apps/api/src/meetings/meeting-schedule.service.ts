import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { maxQuartersAhead, type Attendees, type GeneratedMeetingsView } from '@alignboard/contracts';
import { quarterOf, quarterRange, shiftQuarter, type FiscalCalendar } from '@alignboard/metrics';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/principal.js';
import { utcDateOf } from '../calendar/business-days.js';
import { meetingDateOf } from '../calendar/meeting-rule.js';
import { CLOCK, type Clock } from '../clock/clock.js';
import { ValidationError } from '../common/errors.js';
import type { Partnership } from '../partnerships/entities/partnership.entity.js';
import { Meeting } from './entities/meeting.entity.js';
import { meetingStateOf, meetingViewOf } from './meeting-views.js';

/** The people invited by default: each side's CRO, head of partnerships and finance partner. */
const defaultAttendeeRoles = ['cro', 'partnerships', 'finance'];

export function fiscalCalendarOf(p: Partnership): FiscalCalendar {
  return { startMonth: p.fiscalYearStartMonth, namedBy: p.fiscalYearNamedBy };
}

/** The partnership's fiscal quarter at an instant. */
export function currentQuarterOf(p: Partnership, now: Date): string {
  return quarterOf(now.getTime(), fiscalCalendarOf(p));
}

/**
 * Creates the meetings a partnership's rule implies and that do not exist
 * yet. A quarter that has any meeting, even a cancelled one, is left alone:
 * a cancellation is an outcome to keep (SPEC §1: the health signal), and
 * rescheduling after one is a person's call. Concurrent runs (two API
 * processes) cannot double a quarter: the insert yields to the live-meeting
 * unique index.
 */
@Injectable()
export class MeetingScheduleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** From the current fiscal quarter through `through` (default: the next quarter). */
  async generate(
    partnership: Partnership,
    options: { through?: string; now?: Date },
    actor: Actor,
  ): Promise<GeneratedMeetingsView> {
    const now = options.now ?? this.clock.now();
    const current = currentQuarterOf(partnership, now);
    const through = options.through ?? shiftQuarter(current, 1);
    if (through < current) throw ValidationError.field('through', `must not be before the current quarter, ${current}`);
    const last = shiftQuarter(current, maxQuartersAhead);
    if (through > last) throw ValidationError.field('through', `at most ${maxQuartersAhead} quarters ahead: ${last} or earlier`);

    const quarters = quarterRange(current, through);
    const today = utcDateOf(now);
    return this.dataSource.transaction(async (manager) => {
      const result: GeneratedMeetingsView = { quarters, created: [], skipped: [] };
      const existing = await manager.getRepository(Meeting).find({
        where: { partnershipId: partnership.id, quarter: In(quarters) },
        order: { createdAt: 'ASC' },
      });
      const attendees = await this.defaultAttendees(manager, partnership.id);
      for (const quarter of quarters) {
        const date = meetingDateOf(partnership.meetingRule, quarter, fiscalCalendarOf(partnership), partnership.holidays);
        const inQuarter = existing.filter((m) => m.quarter === quarter);
        if (inQuarter.length) {
          const shown = inQuarter.find((m) => m.status !== 'cancelled') ?? inQuarter[inQuarter.length - 1];
          result.skipped.push({ quarter, reason: 'has_meeting', meetingId: shown.id, date: shown.scheduledDate });
          continue;
        }
        if (date < today) {
          result.skipped.push({ quarter, reason: 'date_passed', meetingId: null, date });
          continue;
        }
        const meeting = await this.insert(manager, partnership.id, quarter, date, attendees, now);
        if (!meeting) {
          result.skipped.push({ quarter, reason: 'has_meeting', meetingId: null, date });
          continue;
        }
        await this.audit.record(manager, actor, {
          action: 'meeting.create',
          entityType: 'meeting',
          entityId: meeting.id,
          partnershipId: partnership.id,
          before: null,
          after: { ...meetingStateOf(meeting), generatedFromRule: partnership.meetingRule },
        });
        result.created.push(meetingViewOf(meeting));
      }
      return result;
    });
  }

  /** Inserts unless the quarter has a live meeting (another process may have just made it); null then. */
  private async insert(
    manager: EntityManager,
    partnershipId: string,
    quarter: string,
    scheduledDate: string,
    attendees: Attendees,
    now: Date,
  ): Promise<Meeting | null> {
    // Created and updated by the product's clock, not the database's `default now()`.
    const rows = await manager.query<{ id: string }[]>(
      `insert into meetings (partnership_id, quarter, scheduled_date, status, attendees, created_at, updated_at)
       values ($1, $2, $3, 'scheduled', $4, $5, $5)
       on conflict do nothing
       returning id`,
      [partnershipId, quarter, scheduledDate, JSON.stringify(attendees), now],
    );
    return rows[0] ? manager.getRepository(Meeting).findOneByOrFail({ id: rows[0].id }) : null;
  }

  private async defaultAttendees(manager: EntityManager, partnershipId: string): Promise<Attendees> {
    const people = await manager.query<{ side: 'A' | 'B'; name: string; email: string }[]>(
      `select s.side, p.name, p.email from people p join sides s on s.id = p.side_id
       where s.partnership_id = $1 and p.role = any($2)
       order by s.side, p.email`,
      [partnershipId, defaultAttendeeRoles],
    );
    const attendees: Attendees = { A: [], B: [] };
    for (const p of people) attendees[p.side].push({ name: p.name, email: p.email });
    return attendees;
  }
}
