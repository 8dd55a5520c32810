import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  AskDetailView,
  AskView,
  CreateAskInput,
  ListAsksQuery,
  MeetingAsksView,
  UpdateAskInput,
} from '@alignboard/contracts';
import { shiftQuarter } from '@alignboard/metrics';
import { isDeepStrictEqual } from 'node:util';
import { DataSource, In, LessThan, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/principal.js';
import { CLOCK, type Clock } from '../clock/clock.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import { MeetingsService } from '../meetings/meetings.service.js';
import { findInPartnership } from '../partnerships/find-in-partnership.js';
import type { PartnershipScope } from '../partnerships/partnership-access.service.js';
import { User } from '../users/entities/user.entity.js';
import { askStateOf, askViewOf, statusChangeViewOf, type AskState } from './ask-views.js';
import { AskStatusChange } from './entities/ask-status-change.entity.js';
import { Ask } from './entities/ask.entity.js';

/**
 * What each side owes the other. Every status or verdict an ask takes is kept
 * in its history (who, when, why), because the review of asks reads that trail.
 */
@Injectable()
export class AsksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly meetings: MeetingsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(scope: PartnershipScope, query: ListAsksQuery): Promise<AskView[]> {
    const where: FindOptionsWhere<Ask> = { partnershipId: scope.partnership.id };
    if (query.quarter) where.quarterRaised = query.quarter;
    if (query.status) where.status = query.status;
    if (query.fromSide) where.fromSide = query.fromSide;
    if (query.toSide) where.toSide = query.toSide;
    const asks = await this.dataSource.getRepository(Ask).find({ where, order: { quarterRaised: 'ASC', createdAt: 'ASC' } });
    return asks.map(askViewOf);
  }

  /**
   * The asks half of a meeting: what it reviews (the previous quarter's asks,
   * and older ones still undelivered and not dropped) and what was named in it.
   */
  async forMeeting(scope: PartnershipScope, meetingId: string): Promise<MeetingAsksView> {
    const manager = this.dataSource.manager;
    const meeting = await this.meetings.findInPartnership(manager, scope, meetingId);
    const repo = manager.getRepository(Ask);
    const order = { quarterRaised: 'ASC', createdAt: 'ASC', id: 'ASC' } as const;
    const earlier = await repo.find({
      where: { partnershipId: scope.partnership.id, quarterRaised: LessThan(meeting.quarter) },
      order,
    });
    const previous = shiftQuarter(meeting.quarter, -1);
    const review = earlier
      .filter((a) => a.meetingId !== meeting.id)
      .filter((a) => a.quarterRaised === previous || unresolved.has(a.status))
      .map((a) => ({ ...askViewOf(a), needsVerdict: a.status !== 'delivered' && a.verdict === null }));
    const named = await repo.find({ where: { partnershipId: scope.partnership.id, meetingId: meeting.id }, order });
    return { meetingId: meeting.id, quarter: meeting.quarter, review, named: named.map(askViewOf) };
  }

  async get(scope: PartnershipScope, id: string): Promise<AskDetailView> {
    const manager = this.dataSource.manager;
    return this.detail(manager, await this.find(manager, scope, id));
  }

  async create(scope: PartnershipScope, input: CreateAskInput, actor: Actor): Promise<AskDetailView> {
    return this.dataSource.transaction(async (manager) => {
      if (input.meetingId) await this.assertMeetingOf(manager, scope, input.meetingId);
      const repo = manager.getRepository(Ask);
      const inserted = await repo.insert({
        partnershipId: scope.partnership.id,
        fromSide: input.fromSide,
        toSide: input.toSide,
        quarterRaised: input.quarterRaised,
        text: input.text,
        owner: input.owner ?? null,
        due: input.due ?? null,
        status: 'open',
        verdict: null,
        meetingId: input.meetingId ?? null,
      });
      const ask = await repo.findOneByOrFail({ id: (inserted.identifiers[0] as { id: string }).id });
      await this.appendHistory(manager, ask, actor, null);
      await this.audit.record(manager, actor, {
        action: 'ask.create',
        entityType: 'ask',
        entityId: ask.id,
        partnershipId: scope.partnership.id,
        before: null,
        after: askStateOf(ask),
      });
      return this.detail(manager, ask);
    });
  }

  async update(scope: PartnershipScope, id: string, input: UpdateAskInput, actor: Actor): Promise<AskDetailView> {
    return this.dataSource.transaction(async (manager) => {
      const ask = await this.find(manager, scope, id, true);
      const before = askStateOf(ask);
      const next: AskState = {
        ...before,
        text: input.text ?? before.text,
        owner: input.owner === undefined ? before.owner : input.owner,
        due: input.due === undefined ? before.due : input.due,
        status: input.status ?? before.status,
        verdict: input.verdict === undefined ? before.verdict : input.verdict,
      };
      assertVerdictRule(before, next, input);
      if (isDeepStrictEqual(before, next)) return this.detail(manager, ask);

      const repo = manager.getRepository(Ask);
      await repo.update(ask.id, { text: next.text, owner: next.owner, due: next.due, status: next.status, verdict: next.verdict });
      const saved = await repo.findOneByOrFail({ id: ask.id });
      if (next.status !== before.status || next.verdict !== before.verdict) {
        await this.appendHistory(manager, saved, actor, input.note ?? null);
      }
      await this.audit.record(manager, actor, {
        action: 'ask.update',
        entityType: 'ask',
        entityId: ask.id,
        partnershipId: scope.partnership.id,
        before,
        after: askStateOf(saved),
      });
      return this.detail(manager, saved);
    });
  }

  private async find(manager: EntityManager, scope: PartnershipScope, id: string, lock = false): Promise<Ask> {
    return findInPartnership(manager, Ask, 'ask', scope, id, lock);
  }

  /** A meeting named in a request body that is not this partnership's is a bad field, not a missing page. */
  private async assertMeetingOf(manager: EntityManager, scope: PartnershipScope, meetingId: string): Promise<void> {
    try {
      await this.meetings.findInPartnership(manager, scope, meetingId);
    } catch (error) {
      if (error instanceof NotFoundError) throw ValidationError.field('meetingId', error.message);
      throw error;
    }
  }

  private async appendHistory(manager: EntityManager, ask: Ask, actor: Actor, note: string | null): Promise<void> {
    await manager.getRepository(AskStatusChange).insert({
      askId: ask.id,
      status: ask.status,
      verdict: ask.verdict,
      changedAt: this.clock.now(),
      changedBy: actor.userId,
      note,
    });
  }

  private async detail(manager: EntityManager, ask: Ask): Promise<AskDetailView> {
    const history = await manager
      .getRepository(AskStatusChange)
      .find({ where: { askId: ask.id }, order: { changedAt: 'ASC', id: 'ASC' } });
    const userIds = [...new Set(history.flatMap((h) => (h.changedBy ? [h.changedBy] : [])))];
    const users = userIds.length ? await manager.getRepository(User).findBy({ id: In(userIds) }) : [];
    const emailOf = new Map(users.map((u) => [u.id, u.email]));
    return {
      ...askViewOf(ask),
      history: history.map((h) => statusChangeViewOf(h, h.changedBy ? (emailOf.get(h.changedBy) ?? null) : null)),
    };
  }
}

/** Asks a review carries forward from any earlier quarter. */
const unresolved = new Set<string>(['open', 'in_progress', 'blocked']);

/**
 * A verdict reviews an ask that was not delivered. Marking an ask delivered
 * never drops its verdict silently: the caller clears it in the same request.
 * A dropped ask always says why: it takes a verdict (in the same request or
 * already given), and keeps it while it stays dropped.
 */
function assertVerdictRule(before: AskState, next: AskState, input: UpdateAskInput): void {
  if (next.status === 'dropped' && next.verdict === null) {
    throw ValidationError.field(
      'verdict',
      before.status === 'dropped'
        ? 'a dropped ask keeps its verdict; reopen it (set another status) to clear the verdict'
        : 'dropping an ask needs a verdict saying why it was not delivered: wrong_ask, wrong_timing or wrong_priority',
    );
  }
  if (next.status !== 'delivered' || next.verdict === null) return;
  if (input.verdict) {
    const tense = input.status === undefined ? 'is' : 'would be';
    throw ValidationError.field('verdict', `a verdict is only for undelivered asks, and this ask ${tense} delivered`);
  }
  throw ValidationError.field(
    'verdict',
    `the ask has verdict ${before.verdict}; clear it (send "verdict": null) to mark it delivered`,
  );
}
