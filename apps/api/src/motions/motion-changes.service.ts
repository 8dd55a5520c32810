import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MotionChangeView, MotionEffect } from '@alignboard/contracts';
import { isDeepStrictEqual } from 'node:util';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/principal.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import type { PartnershipScope } from '../partnerships/partnership-access.service.js';
import { MotionChange } from './entities/motion-change.entity.js';
import { MotionForecast } from './entities/motion-forecast.entity.js';
import { Motion } from './entities/motion.entity.js';
import { changedState } from './motion-change-state.js';
import { motionStateOf, type MotionState } from './motion-views.js';
import { MotionsService } from './motions.service.js';

/**
 * What decisions of kind `motion` do: kill a motion or change its name,
 * owners, forecasts or stretch. Each change is kept as a row naming the
 * decision (the decision's view names the row back), with the motion as it
 * was and as it became, in the decision's own transaction.
 */
@Injectable()
export class MotionChangesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly motions: MotionsService,
  ) {}

  /** Makes the effect of `decisionId`; a motion that is missing, killed or left unchanged is the effect's fault (400). */
  async apply(
    manager: EntityManager,
    scope: PartnershipScope,
    decisionId: string,
    effect: MotionEffect,
    actor: Actor,
  ): Promise<MotionChange> {
    const motion = await manager.getRepository(Motion).findOne({
      where: { partnershipId: scope.partnership.id, key: effect.motion },
      lock: { mode: 'pessimistic_write' },
    });
    if (!motion) {
      throw ValidationError.field(
        'effect.motion',
        `no motion ${effect.motion} in partnership ${scope.partnership.key}`,
      );
    }
    if (motion.status === 'killed') {
      throw ValidationError.field(
        'effect.motion',
        `motion ${motion.key} was killed by decision ${motion.killedByDecisionId ?? '(deleted)'}; reactivate it before changing it`,
      );
    }
    const before = await this.stateOf(manager, motion);
    if (effect.action === 'kill') {
      await this.motions.setStatus(manager, scope, motion, 'killed', decisionId, actor);
    } else {
      const { status: _status, ...definition } = before;
      const next = changedState(definition, effect);
      if (isDeepStrictEqual(next, definition)) {
        throw ValidationError.field(
          'effect',
          `changes nothing: motion ${motion.key} already has these values`,
        );
      }
      await this.motions.upsertMotion(manager, scope.partnership, next, actor);
    }
    const reloaded = await manager.getRepository(Motion).findOneByOrFail({ id: motion.id });
    const after = await this.stateOf(manager, reloaded);
    const repo = manager.getRepository(MotionChange);
    const inserted = await repo.insert({
      partnershipId: scope.partnership.id,
      motionId: motion.id,
      motionKey: motion.key,
      decisionId,
      action: effect.action,
      before: { ...before },
      after: { ...after },
    });
    return repo.findOneByOrFail({ id: (inserted.identifiers[0] as { id: string }).id });
  }

  /** The changes decisions made to one motion, oldest first. */
  async list(scope: PartnershipScope, key: string): Promise<MotionChangeView[]> {
    const manager = this.dataSource.manager;
    const motion = await manager
      .getRepository(Motion)
      .findOneBy({ partnershipId: scope.partnership.id, key });
    if (!motion)
      throw new NotFoundError(`No motion ${key} in partnership ${scope.partnership.key}`);
    const rows = await manager.getRepository(MotionChange).find({
      where: { motionId: motion.id },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map(motionChangeViewOf);
  }

  /** The motion change each decision made, by decision id. */
  async byDecision(
    manager: EntityManager,
    decisionIds: string[],
  ): Promise<Map<string, MotionChange>> {
    if (!decisionIds.length) return new Map();
    const rows = await manager.getRepository(MotionChange).findBy({ decisionId: In(decisionIds) });
    return new Map(rows.map((r) => [r.decisionId, r]));
  }

  private async stateOf(
    manager: EntityManager,
    motion: Motion,
  ): Promise<MotionState & { status: Motion['status'] }> {
    const rows = await manager.getRepository(MotionForecast).findBy({ motionId: motion.id });
    return { ...motionStateOf(motion, rows), status: motion.status };
  }
}

export function motionChangeViewOf(c: MotionChange): MotionChangeView {
  return {
    id: c.id,
    motion: c.motionKey,
    decisionId: c.decisionId,
    action: c.action,
    before: c.before,
    after: c.after,
    createdAt: c.createdAt.toISOString(),
  };
}
