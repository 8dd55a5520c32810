import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CreateDecisionInput,
  DecisionView,
  ListDecisionsQuery,
  UpdateDecisionInput,
} from '@alignboard/contracts';
import { isDeepStrictEqual } from 'node:util';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/principal.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import { MeetingsService } from '../meetings/meetings.service.js';
import { findInPartnership } from '../partnerships/find-in-partnership.js';
import type { PartnershipScope } from '../partnerships/partnership-access.service.js';
import { decisionStateOf, decisionViewOf, type DecisionState } from './decision-views.js';
import { Decision } from './entities/decision.entity.js';

/** The decision log: the one or two changes each meeting agrees on. */
@Injectable()
export class DecisionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly meetings: MeetingsService,
  ) {}

  async list(scope: PartnershipScope, query: ListDecisionsQuery): Promise<DecisionView[]> {
    const decisions = await this.dataSource.getRepository(Decision).find({
      where: { partnershipId: scope.partnership.id, ...(query.meetingId ? { meetingId: query.meetingId } : {}) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return decisions.map(decisionViewOf);
  }

  async get(scope: PartnershipScope, id: string): Promise<DecisionView> {
    return decisionViewOf(await this.find(this.dataSource.manager, scope, id));
  }

  async create(scope: PartnershipScope, input: CreateDecisionInput, actor: Actor): Promise<DecisionView> {
    return this.dataSource.transaction(async (manager) => {
      await this.assertOpenMeeting(manager, scope, input.meetingId);
      const repo = manager.getRepository(Decision);
      const inserted = await repo.insert({
        partnershipId: scope.partnership.id,
        meetingId: input.meetingId,
        kind: input.kind,
        text: input.text,
        owner: input.owner ?? null,
        due: input.due ?? null,
      });
      const decision = await repo.findOneByOrFail({ id: (inserted.identifiers[0] as { id: string }).id });
      await this.audit.record(manager, actor, {
        action: 'decision.create',
        entityType: 'decision',
        entityId: decision.id,
        partnershipId: scope.partnership.id,
        before: null,
        after: decisionStateOf(decision),
      });
      return decisionViewOf(decision);
    });
  }

  async update(scope: PartnershipScope, id: string, input: UpdateDecisionInput, actor: Actor): Promise<DecisionView> {
    return this.dataSource.transaction(async (manager) => {
      const decision = await this.find(manager, scope, id, true);
      const before = decisionStateOf(decision);
      const next: DecisionState = {
        meetingId: input.meetingId ?? before.meetingId,
        kind: input.kind ?? before.kind,
        text: input.text ?? before.text,
        owner: input.owner === undefined ? before.owner : input.owner,
        due: input.due === undefined ? before.due : input.due,
      };
      if (isDeepStrictEqual(before, next)) return decisionViewOf(decision);
      if (next.meetingId !== before.meetingId) await this.assertOpenMeeting(manager, scope, next.meetingId);

      const repo = manager.getRepository(Decision);
      await repo.update(decision.id, next);
      const saved = await repo.findOneByOrFail({ id: decision.id });
      await this.audit.record(manager, actor, {
        action: 'decision.update',
        entityType: 'decision',
        entityId: decision.id,
        partnershipId: scope.partnership.id,
        before,
        after: decisionStateOf(saved),
      });
      return decisionViewOf(saved);
    });
  }

  async remove(scope: PartnershipScope, id: string, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const decision = await this.find(manager, scope, id, true);
      await manager.getRepository(Decision).delete(decision.id);
      await this.audit.record(manager, actor, {
        action: 'decision.delete',
        entityType: 'decision',
        entityId: decision.id,
        partnershipId: scope.partnership.id,
        before: decisionStateOf(decision),
        after: null,
      });
    });
  }

  private async find(manager: EntityManager, scope: PartnershipScope, id: string, lock = false): Promise<Decision> {
    return findInPartnership(manager, Decision, 'decision', scope, id, lock);
  }

  /**
   * A decision is logged on a meeting of the same partnership that was not
   * cancelled. The meeting stays locked until the transaction ends, so it
   * cannot be cancelled between this check and the insert.
   */
  private async assertOpenMeeting(manager: EntityManager, scope: PartnershipScope, meetingId: string): Promise<void> {
    let status: string;
    try {
      status = (await this.meetings.findInPartnership(manager, scope, meetingId, true)).status;
    } catch (error) {
      if (error instanceof NotFoundError) throw ValidationError.field('meetingId', error.message);
      throw error;
    }
    if (status === 'cancelled') {
      throw ValidationError.field('meetingId', `meeting ${meetingId} was cancelled; decisions are logged on meetings that take place`);
    }
  }
}
