import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CreateMotionInput,
  MotionView,
  PutForecastInput,
  UpdateMotionInput,
} from '@alignboard/contracts';
import { isDeepStrictEqual } from 'node:util';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/principal.js';
import { ConflictError, NotFoundError, ValidationError } from '../common/errors.js';
import { Decision } from '../decisions/entities/decision.entity.js';
import type { Partnership } from '../partnerships/entities/partnership.entity.js';
import type { PartnershipScope } from '../partnerships/partnership-access.service.js';
import { MotionForecast } from './entities/motion-forecast.entity.js';
import { Motion } from './entities/motion.entity.js';
import {
  describeMotionChanges,
  desiredStateOf,
  motionStateOf,
  motionViewOf,
  type MotionDefinitionInput,
  type MotionState,
} from './motion-views.js';

export interface UpsertMotionResult {
  motion: Motion;
  created: boolean;
  changed: boolean;
  /** What differed, in words (empty when unchanged or created). */
  changes: string[];
}

/**
 * Joint motions and their forecasts. Every change of a motion's name, owners,
 * forecasts or stretch, from the API or from a partnership file, goes through
 * `upsertMotion`; status changes (kill, reactivate) through `setStatus`.
 */
@Injectable()
export class MotionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(scope: PartnershipScope): Promise<MotionView[]> {
    const manager = this.dataSource.manager;
    const motions = await manager.getRepository(Motion).find({
      where: { partnershipId: scope.partnership.id },
      order: { key: 'ASC' },
    });
    if (!motions.length) return [];
    const rows = await manager
      .getRepository(MotionForecast)
      .createQueryBuilder('f')
      .where('f.motion_id IN (:...ids)', { ids: motions.map((m) => m.id) })
      .getMany();
    return motions.map((m) =>
      motionViewOf(
        m,
        rows.filter((r) => r.motionId === m.id),
      ),
    );
  }

  async get(scope: PartnershipScope, key: string): Promise<MotionView> {
    return this.viewOf(
      this.dataSource.manager,
      await this.find(this.dataSource.manager, scope, key),
    );
  }

  async create(
    scope: PartnershipScope,
    input: CreateMotionInput,
    actor: Actor,
  ): Promise<MotionView> {
    return this.dataSource.transaction(async (manager) => {
      const exists = await manager
        .getRepository(Motion)
        .existsBy({ partnershipId: scope.partnership.id, key: input.key });
      if (exists) {
        throw new ConflictError(
          `A motion with key ${input.key} already exists in ${scope.partnership.key}`,
        );
      }
      const { motion } = await this.upsertMotion(
        manager,
        scope.partnership,
        { ...input, forecasts: input.forecasts ?? {} },
        actor,
      );
      return this.viewOf(manager, motion);
    });
  }

  /** Name and owners merge into the current definition; a status change is audited on its own. */
  async update(
    scope: PartnershipScope,
    key: string,
    patch: UpdateMotionInput,
    actor: Actor,
  ): Promise<MotionView> {
    return this.dataSource.transaction(async (manager) => {
      let motion = await this.find(manager, scope, key, true);
      const current = await this.stateOf(manager, motion);
      const owners = {
        A: patch.owners?.A === undefined ? current.owners.A : patch.owners.A,
        B: patch.owners?.B === undefined ? current.owners.B : patch.owners.B,
      };
      ({ motion } = await this.upsertMotion(
        manager,
        scope.partnership,
        { ...current, name: patch.name ?? current.name, owners },
        actor,
      ));
      if (patch.status) {
        motion = await this.setStatus(
          manager,
          scope,
          motion,
          patch.status,
          patch.killedByDecisionId ?? null,
          actor,
        );
      }
      return this.viewOf(manager, motion);
    });
  }

  async putForecast(
    scope: PartnershipScope,
    key: string,
    quarter: string,
    input: PutForecastInput,
    actor: Actor,
  ): Promise<MotionView> {
    return this.dataSource.transaction(async (manager) => {
      const motion = await this.find(manager, scope, key, true);
      const current = await this.stateOf(manager, motion);
      const stretch = { ...current.stretch };
      if (input.stretch == null) delete stretch[quarter];
      else stretch[quarter] = input.stretch;
      const next = {
        ...current,
        forecasts: { ...current.forecasts, [quarter]: input.forecast },
        stretch,
      };
      return this.viewOf(
        manager,
        (await this.upsertMotion(manager, scope.partnership, next, actor)).motion,
      );
    });
  }

  async deleteForecast(
    scope: PartnershipScope,
    key: string,
    quarter: string,
    actor: Actor,
  ): Promise<MotionView> {
    return this.dataSource.transaction(async (manager) => {
      const motion = await this.find(manager, scope, key, true);
      const current = await this.stateOf(manager, motion);
      if (current.forecasts[quarter] === undefined) {
        throw new NotFoundError(`Motion ${key} has no forecast for ${quarter}`);
      }
      const { [quarter]: _forecast, ...forecasts } = current.forecasts;
      const { [quarter]: _stretch, ...stretch } = current.stretch;
      return this.viewOf(
        manager,
        (
          await this.upsertMotion(
            manager,
            scope.partnership,
            { ...current, forecasts, stretch },
            actor,
          )
        ).motion,
      );
    });
  }

  async remove(scope: PartnershipScope, key: string, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const motion = await this.find(manager, scope, key, true);
      const before = await this.stateOf(manager, motion);
      await manager.getRepository(Motion).delete(motion.id); // forecasts go with it (on delete cascade)
      await this.audit.record(manager, actor, {
        action: 'motion.delete',
        entityType: 'motion',
        entityId: motion.id,
        partnershipId: scope.partnership.id,
        before: { ...before, status: motion.status, killedByDecisionId: motion.killedByDecisionId },
        after: null,
      });
    });
  }

  /**
   * Makes a motion's name, owners, forecasts and stretch exactly as given:
   * forecast quarters absent from the definition are removed. Writes nothing,
   * and records no audit row, when nothing differs. Never touches the status.
   */
  async upsertMotion(
    manager: EntityManager,
    partnership: Partnership,
    definition: MotionDefinitionInput,
    actor: Actor,
  ): Promise<UpsertMotionResult> {
    const motions = manager.getRepository(Motion);
    const existing = await motions.findOneBy({
      partnershipId: partnership.id,
      key: definition.key,
    });
    const before = existing ? await this.stateOf(manager, existing) : null;
    const desired = desiredStateOf(definition);
    if (existing && isDeepStrictEqual(before, desired)) {
      return { motion: existing, created: false, changed: false, changes: [] };
    }

    const columns = { name: desired.name, ownerA: desired.owners.A, ownerB: desired.owners.B };
    let id: string;
    if (existing) {
      // Always an UPDATE, even when only forecasts changed, so updated_at says when the motion last changed.
      await motions.update(existing.id, columns);
      id = existing.id;
    } else {
      const inserted = await motions.insert({
        partnershipId: partnership.id,
        key: desired.key,
        status: 'active',
        ...columns,
      });
      id = (inserted.identifiers[0] as { id: string }).id;
    }
    await this.writeForecasts(manager, id, before, desired);
    const motion = await motions.findOneByOrFail({ id });
    await this.audit.record(manager, actor, {
      action: existing ? 'motion.update' : 'motion.create',
      entityType: 'motion',
      entityId: id,
      partnershipId: partnership.id,
      before,
      after: desired,
    });
    return {
      motion,
      created: !existing,
      changed: true,
      changes: before ? describeMotionChanges(before, desired) : [],
    };
  }

  /** `killed` names the decision that killed the motion (of the same partnership); `active` clears it. */
  async setStatus(
    manager: EntityManager,
    scope: PartnershipScope,
    motion: Motion,
    status: Motion['status'],
    decisionId: string | null,
    actor: Actor,
  ): Promise<Motion> {
    const killedByDecisionId = status === 'killed' ? decisionId : null;
    if (killedByDecisionId) {
      const decision = await manager
        .getRepository(Decision)
        .existsBy({ id: killedByDecisionId, partnershipId: scope.partnership.id });
      if (!decision) {
        throw ValidationError.field(
          'killedByDecisionId',
          `no decision ${killedByDecisionId} in partnership ${scope.partnership.key}`,
        );
      }
    }
    const before = { status: motion.status, killedByDecisionId: motion.killedByDecisionId };
    const after = { status, killedByDecisionId };
    if (isDeepStrictEqual(before, after)) return motion;
    // A copy: the update is stamped `updatedAt` (ClockStamps) and `after` goes to the audit as it is.
    await manager.getRepository(Motion).update(motion.id, { ...after });
    await this.audit.record(manager, actor, {
      action: status === 'killed' ? 'motion.kill' : 'motion.reactivate',
      entityType: 'motion',
      entityId: motion.id,
      partnershipId: scope.partnership.id,
      before: { key: motion.key, ...before },
      after: { key: motion.key, ...after },
    });
    return manager.getRepository(Motion).findOneByOrFail({ id: motion.id });
  }

  /** Deletes quarters no longer wanted and writes those that are new or differ. */
  private async writeForecasts(
    manager: EntityManager,
    motionId: string,
    before: MotionState | null,
    desired: MotionState,
  ) {
    const repo = manager.getRepository(MotionForecast);
    const previous: Pick<MotionState, 'forecasts' | 'stretch'> = before ?? {
      forecasts: {},
      stretch: {},
    };
    const removed = Object.keys(previous.forecasts).filter(
      (q) => desired.forecasts[q] === undefined,
    );
    for (const quarter of removed) await repo.delete({ motionId, quarter });
    const rows = Object.entries(desired.forecasts)
      .map(([quarter, forecast]) => ({
        motionId,
        quarter,
        forecast,
        stretch: desired.stretch[quarter] ?? null,
      }))
      .filter(
        (r) =>
          r.forecast !== previous.forecasts[r.quarter] ||
          r.stretch !== (previous.stretch[r.quarter] ?? null),
      );
    if (rows.length) await repo.upsert(rows, ['motionId', 'quarter']);
  }

  private async find(
    manager: EntityManager,
    scope: PartnershipScope,
    key: string,
    lock = false,
  ): Promise<Motion> {
    const motion = await manager.getRepository(Motion).findOne({
      where: { partnershipId: scope.partnership.id, key },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!motion) {
      throw new NotFoundError(`No motion ${key} in partnership ${scope.partnership.key}`);
    }
    return motion;
  }

  private async stateOf(manager: EntityManager, motion: Motion): Promise<MotionState> {
    return motionStateOf(
      motion,
      await manager.getRepository(MotionForecast).findBy({ motionId: motion.id }),
    );
  }

  private async viewOf(manager: EntityManager, motion: Motion): Promise<MotionView> {
    return motionViewOf(
      motion,
      await manager.getRepository(MotionForecast).findBy({ motionId: motion.id }),
    );
  }
}
