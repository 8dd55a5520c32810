import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  AccountSetEffect,
  CreateDecisionInput,
  DecisionOutcome,
  DecisionView,
  MotionEffect,
  ListDecisionsQuery,
  UpdateDecisionInput,
} from '@alignboard/contracts';
import { isDeepStrictEqual } from 'node:util';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/principal.js';
import { ConflictError, NotFoundError, ValidationError } from '../common/errors.js';
import { MeetingsService } from '../meetings/meetings.service.js';
import { MotionChangesService } from '../motions/motion-changes.service.js';
import { findInPartnership } from '../partnerships/find-in-partnership.js';
import type { PartnershipScope } from '../partnerships/partnership-access.service.js';
import { AccountSetChanges } from './account-set-changes.js';
import { decisionOutcomeOf, decisionStateOf, decisionViewOf, type DecisionState } from './decision-views.js';
import { Decision } from './entities/decision.entity.js';

/**
 * The decision log: the one or two changes each meeting agrees on. A decision
 * of kind `motion` or `account_set` may carry an effect, made in the same
 * transaction as the decision: the motion change or account set version it
 * makes names the decision, and the decision's view names it back. Such a
 * decision stays in the log: deleting it, or changing its kind, is refused
 * (409), since the change it made stays in the motion's and the set's history.
 */
@Injectable()
export class DecisionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly meetings: MeetingsService,
    private readonly motionChanges: MotionChangesService,
    private readonly accountSets: AccountSetChanges,
  ) {}

  async list(scope: PartnershipScope, query: ListDecisionsQuery): Promise<DecisionView[]> {
    const decisions = await this.dataSource.getRepository(Decision).find({
      where: { partnershipId: scope.partnership.id, ...(query.meetingId ? { meetingId: query.meetingId } : {}) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return this.viewsOf(this.dataSource.manager, decisions);
  }

  async get(scope: PartnershipScope, id: string): Promise<DecisionView> {
    const manager = this.dataSource.manager;
    return this.viewOf(manager, await this.find(manager, scope, id));
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
        effect: input.effect ?? null,
      });
      const decision = await repo.findOneByOrFail({ id: (inserted.identifiers[0] as { id: string }).id });
      const outcome = await this.makeEffect(manager, scope, decision, actor);
      await this.audit.record(manager, actor, {
        action: 'decision.create',
        entityType: 'decision',
        entityId: decision.id,
        partnershipId: scope.partnership.id,
        before: null,
        after: { ...decisionStateOf(decision), outcome },
      });
      return decisionViewOf(decision, outcome);
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
        effect: before.effect,
      };
      if (isDeepStrictEqual(before, next)) return this.viewOf(manager, decision);
      if (next.kind !== before.kind && before.effect) {
        const outcome = await this.outcomeOf(manager, decision);
        throw new ConflictError(
          `Decision ${decision.id} ${describeOutcome(outcome)}; its kind stays ${before.kind}. Log a new decision to record another change`,
          { outcome },
        );
      }
      if (next.meetingId !== before.meetingId) await this.assertOpenMeeting(manager, scope, next.meetingId);

      const repo = manager.getRepository(Decision);
      const { effect: _effect, ...columns } = next;
      await repo.update(decision.id, columns);
      const saved = await repo.findOneByOrFail({ id: decision.id });
      await this.audit.record(manager, actor, {
        action: 'decision.update',
        entityType: 'decision',
        entityId: decision.id,
        partnershipId: scope.partnership.id,
        before,
        after: decisionStateOf(saved),
      });
      return this.viewOf(manager, saved);
    });
  }

  async remove(scope: PartnershipScope, id: string, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const decision = await this.find(manager, scope, id, true);
      if (decision.effect) {
        const outcome = await this.outcomeOf(manager, decision);
        throw new ConflictError(
          `Decision ${decision.id} ${describeOutcome(outcome)}; it stays in the log so the history says why. ` +
            'To undo it, log a new decision',
          { outcome },
        );
      }
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

  /** Makes the decision's effect, if it has one, and says what it made. */
  private async makeEffect(
    manager: EntityManager,
    scope: PartnershipScope,
    decision: Decision,
    actor: Actor,
  ): Promise<DecisionOutcome | null> {
    if (!decision.effect) return null;
    if (decision.kind === 'motion') {
      const change = await this.motionChanges.apply(manager, scope, decision.id, decision.effect as MotionEffect, actor);
      return decisionOutcomeOf(change, undefined);
    }
    const set = await this.accountSets.apply(manager, scope, decision.id, decision.effect as AccountSetEffect, actor);
    return decisionOutcomeOf(undefined, set);
  }

  private async outcomeOf(manager: EntityManager, decision: Decision): Promise<DecisionOutcome | null> {
    return (await this.viewOf(manager, decision)).outcome;
  }

  private async viewOf(manager: EntityManager, decision: Decision): Promise<DecisionView> {
    return (await this.viewsOf(manager, [decision]))[0];
  }

  private async viewsOf(manager: EntityManager, decisions: Decision[]): Promise<DecisionView[]> {
    const withEffect = decisions.filter((d) => d.effect).map((d) => d.id);
    const [changes, sets] = await Promise.all([
      this.motionChanges.byDecision(manager, withEffect),
      this.accountSets.byDecision(manager, withEffect),
    ]);
    return decisions.map((d) => decisionViewOf(d, decisionOutcomeOf(changes.get(d.id), sets.get(d.id))));
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

function describeOutcome(outcome: DecisionOutcome | null): string {
  if (outcome?.kind === 'motion') {
    return outcome.action === 'kill' ? `killed motion ${outcome.motion}` : `changed motion ${outcome.motion}`;
  }
  if (outcome?.kind === 'account_set') return `made version ${outcome.namedAccountSetVersion} of the named account set`;
  return 'changed something beyond the log';
}
