import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CreateMeetingInput, ListMeetingsQuery, MeetingView, UpdateMeetingInput } from '@alignboard/contracts';
import { isDeepStrictEqual } from 'node:util';
import { DataSource, Not, QueryFailedError, type EntityManager } from 'typeorm';
import { Ask } from '../asks/entities/ask.entity.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/principal.js';
import { ConflictError } from '../common/errors.js';
import { Decision } from '../decisions/entities/decision.entity.js';
import { findInPartnership } from '../partnerships/find-in-partnership.js';
import type { PartnershipScope } from '../partnerships/partnership-access.service.js';
import { Meeting } from './entities/meeting.entity.js';
import { meetingStateOf, meetingViewOf, type MeetingState } from './meeting-views.js';

const liveMeetingIndex = 'meetings_partnership_quarter_live_uq';

/**
 * A partnership's quarterly meetings. At most one live (not cancelled) meeting
 * per quarter; cancelled ones stay, because cancellations are the health signal.
 */
@Injectable()
export class MeetingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(scope: PartnershipScope, query: ListMeetingsQuery): Promise<MeetingView[]> {
    const meetings = await this.dataSource.getRepository(Meeting).find({
      where: { partnershipId: scope.partnership.id, ...(query.quarter ? { quarter: query.quarter } : {}) },
      order: { scheduledDate: 'ASC', createdAt: 'ASC' },
    });
    return meetings.map(meetingViewOf);
  }

  async get(scope: PartnershipScope, id: string): Promise<MeetingView> {
    return meetingViewOf(await this.findInPartnership(this.dataSource.manager, scope, id));
  }

  /** The meeting, if it belongs to the scope's partnership; `lock` holds it until the transaction ends. */
  async findInPartnership(manager: EntityManager, scope: PartnershipScope, id: string, lock = false): Promise<Meeting> {
    return findInPartnership(manager, Meeting, 'meeting', scope, id, lock);
  }

  async create(scope: PartnershipScope, input: CreateMeetingInput, actor: Actor): Promise<MeetingView> {
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(Meeting);
      const partnershipId = scope.partnership.id;
      const live = await repo.findOneBy({ partnershipId, quarter: input.quarter, status: Not('cancelled' as const) });
      if (live) throw liveMeetingConflict(input.quarter, live);
      let id: string;
      try {
        const inserted = await repo.insert({
          partnershipId,
          quarter: input.quarter,
          scheduledDate: input.scheduledDate,
          status: 'scheduled',
          cancelledBy: null,
          attendees: input.attendees ?? { A: [], B: [] },
          preworkSentAt: null,
        });
        id = (inserted.identifiers[0] as { id: string }).id;
      } catch (error) {
        // A concurrent request won the race past the check above; the partial unique index caught it.
        if (isUniqueViolation(error, liveMeetingIndex)) throw liveMeetingConflict(input.quarter, null);
        throw error;
      }
      const meeting = await repo.findOneByOrFail({ id });
      await this.audit.record(manager, actor, {
        action: 'meeting.create',
        entityType: 'meeting',
        entityId: meeting.id,
        partnershipId,
        before: null,
        after: meetingStateOf(meeting),
      });
      return meetingViewOf(meeting);
    });
  }

  async update(scope: PartnershipScope, id: string, input: UpdateMeetingInput, actor: Actor): Promise<MeetingView> {
    return this.dataSource.transaction(async (manager) => {
      const meeting = await this.findInPartnership(manager, scope, id, true);
      const before = meetingStateOf(meeting);
      const next: MeetingState = {
        ...before,
        scheduledDate: input.scheduledDate ?? before.scheduledDate,
        attendees: input.attendees ?? before.attendees,
        preworkSentAt: input.preworkSentAt === undefined ? before.preworkSentAt : input.preworkSentAt,
      };
      if (input.status) {
        if (input.status !== before.status && before.status !== 'scheduled') {
          throw new ConflictError(
            `Meeting ${id} is already ${before.status}; only a scheduled meeting can be marked ${input.status}`,
          );
        }
        next.status = input.status;
        next.cancelledBy = input.cancelledBy ?? null;
      }
      if (isDeepStrictEqual(before, next)) return meetingViewOf(meeting);
      if (next.status === 'cancelled' && before.status !== 'cancelled') await this.assertNoDecisions(manager, meeting);

      await manager.getRepository(Meeting).update(meeting.id, {
        scheduledDate: next.scheduledDate,
        status: next.status,
        cancelledBy: next.cancelledBy,
        attendees: next.attendees,
        preworkSentAt: next.preworkSentAt ? new Date(next.preworkSentAt) : null,
      });
      const saved = await manager.getRepository(Meeting).findOneByOrFail({ id: meeting.id });
      await this.audit.record(manager, actor, {
        action: 'meeting.update',
        entityType: 'meeting',
        entityId: meeting.id,
        partnershipId: scope.partnership.id,
        before,
        after: meetingStateOf(saved),
      });
      return meetingViewOf(saved);
    });
  }

  /** Only a meeting that has not happened can be deleted: held and cancelled ones are history. */
  async remove(scope: PartnershipScope, id: string, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const meeting = await this.findInPartnership(manager, scope, id, true);
      if (meeting.status !== 'scheduled') {
        throw new ConflictError(`Meeting ${id} is ${meeting.status}; only a scheduled meeting can be deleted`);
      }
      await this.assertNoDecisions(manager, meeting);
      // Asks raised in the meeting stay, unlinked (the foreign key sets their meeting to null); the audit row says which.
      const linkedAsks = await manager.getRepository(Ask).find({ select: { id: true }, where: { meetingId: meeting.id }, order: { id: 'ASC' } });
      await manager.getRepository(Meeting).delete(meeting.id);
      await this.audit.record(manager, actor, {
        action: 'meeting.delete',
        entityType: 'meeting',
        entityId: meeting.id,
        partnershipId: scope.partnership.id,
        before: { ...meetingStateOf(meeting), linkedAskIds: linkedAsks.map((a) => a.id) },
        after: null,
      });
    });
  }

  /** Decisions are only logged on meetings that are not cancelled, and are never dropped as a side effect. */
  private async assertNoDecisions(manager: EntityManager, meeting: Meeting): Promise<void> {
    const decisions = await manager.getRepository(Decision).countBy({ meetingId: meeting.id });
    if (decisions > 0) {
      throw new ConflictError(
        `Meeting ${meeting.id} has ${decisions} decision${decisions === 1 ? '' : 's'} logged; delete or move them first`,
        { decisions },
      );
    }
  }
}

function liveMeetingConflict(quarter: string, live: Meeting | null): ConflictError {
  const which = live ? ` (${live.id}, ${live.status}, ${live.scheduledDate})` : '';
  return new ConflictError(
    `${quarter} already has a meeting${which}; cancel it before scheduling another, or move its date`,
    live ? { meetingId: live.id } : undefined,
  );
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string } | undefined;
  return driverError?.code === '23505' && driverError.constraint === constraint;
}
