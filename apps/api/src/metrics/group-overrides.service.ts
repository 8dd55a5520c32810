import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { GroupOverrideInput, GroupOverrideView, SideKey } from '@alignboard/contracts';
import type { GroupOverride as GroupOverrideRule } from '@alignboard/metrics';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/principal.js';
import { CLOCK, type Clock } from '../clock/clock.js';
import { ForbiddenError, NotFoundError } from '../common/errors.js';
import { findInPartnership } from '../partnerships/find-in-partnership.js';
import type { PartnershipScope } from '../partnerships/partnership-access.service.js';
import { DealGroupOverride } from './entities/deal-group-override.entity.js';
import { MetricsService } from './metrics.service.js';
import type { OverrideSharing } from './override-sharing.js';

/**
 * Manual links and unlinks of the deal matching (SPEC §4 rule 1). Audited in
 * the write's transaction; the figures' cache sees the audit row and
 * regroups at its next read. A side's people act under the sharing rule of
 * ADR 003 (`OverrideSharing`): they name only records they see, see only
 * overrides they could have named, and never bring the other side's direct
 * business into a shared group.
 */
@Injectable()
export class GroupOverridesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(scope: PartnershipScope): Promise<GroupOverrideView[]> {
    const rows = await this.dataSource.getRepository(DealGroupOverride).find({
      where: { partnershipId: scope.partnership.id },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const sharing = await this.metrics.overrideSharing(scope);
    return rows.filter((row) => shown(row, sharing)).map(viewOf);
  }

  /** A new override of a pair replaces the pair's previous one. Records are named by their stored CRM id. */
  async create(
    scope: PartnershipScope,
    input: GroupOverrideInput,
    actor: Actor,
  ): Promise<GroupOverrideView> {
    const sharing = await this.metrics.overrideSharing(scope);
    return this.dataSource.transaction(async (manager) => {
      const a = await this.visibleRecord(manager, scope, sharing, 'A', input.a);
      const b = await this.visibleRecord(manager, scope, sharing, 'B', input.b);
      refuseSharing(sharing, sharing.withOverride({ kind: input.kind, a, b }), `make this ${input.kind}`);
      const repo = manager.getRepository(DealGroupOverride);
      const existing = await repo.findOne({
        where: { partnershipId: scope.partnership.id, sideACrmId: a, sideBCrmId: b },
        lock: { mode: 'pessimistic_write' },
      });
      const fields = {
        kind: input.kind,
        note: input.note || null,
        createdBy: actor.label,
        createdBySide: scope.side,
        createdAt: this.clock.now(),
      };
      let id: string;
      if (existing) {
        await repo.update(existing.id, fields);
        id = existing.id;
      } else {
        const inserted = await repo.insert({
          partnershipId: scope.partnership.id,
          sideACrmId: a,
          sideBCrmId: b,
          ...fields,
        });
        id = (inserted.identifiers[0] as { id: string }).id;
      }
      const saved = viewOf(await repo.findOneByOrFail({ id }));
      await this.audit.record(manager, actor, {
        action: existing ? 'group_override.replace' : 'group_override.create',
        entityType: 'deal_group_override',
        entityId: id,
        partnershipId: scope.partnership.id,
        before: existing ? stateOf(viewOf(existing)) : null,
        after: stateOf(saved),
      });
      return saved;
    });
  }

  async remove(scope: PartnershipScope, id: string, actor: Actor): Promise<void> {
    const sharing = await this.metrics.overrideSharing(scope);
    await this.dataSource.transaction(async (manager) => {
      const row = await findInPartnership(
        manager,
        DealGroupOverride,
        'group override',
        scope,
        id,
        true,
      );
      // One the caller may not see is answered as one that does not exist.
      if (!shown(row, sharing))
        throw new NotFoundError(`No group override ${id} in partnership ${scope.partnership.key}`);
      refuseSharing(sharing, sharing.withoutPair(row.sideACrmId, row.sideBCrmId), 'remove this override');
      await manager.getRepository(DealGroupOverride).delete(row.id);
      await this.audit.record(manager, actor, {
        action: 'group_override.delete',
        entityType: 'deal_group_override',
        entityId: row.id,
        partnershipId: scope.partnership.id,
        before: stateOf(viewOf(row)),
        after: null,
      });
    });
  }

  /**
   * The stored CRM id of a live record of the side that the caller sees, 404
   * otherwise. Salesforce ids compare by their first 15 characters (SPEC §4),
   * so the 18-character form names the same record. A record of the other
   * side that exists but is not shared gets the very answer of one that does
   * not exist, so ids cannot be probed.
   */
  private async visibleRecord(
    manager: EntityManager,
    scope: PartnershipScope,
    sharing: OverrideSharing,
    side: SideKey,
    crmId: string,
  ): Promise<string> {
    const rows = await manager.query<{ crm_id: string }[]>(
      `select o.crm_id from opportunities o join crm_connections c on c.id = o.connection_id
       where o.partnership_id = $1 and o.side = $2 and not o.is_deleted
         and (o.crm_id = $3 or (c.provider = 'salesforce' and length($3) in (15, 18) and left(o.crm_id, 15) = left($3, 15)))
       order by o.crm_id = $3 desc limit 1`,
      [scope.partnership.id, side, crmId],
    );
    if (!rows.length || !sharing.sees(side, rows[0].crm_id))
      throw new NotFoundError(
        `No live record ${crmId} on side ${side} of ${scope.partnership.key} that you can see`,
      );
    return rows[0].crm_id;
  }
}

/**
 * An override shows to a side when it names the other side's record that
 * the side sees now, or when that side made it (its people typed the ids).
 */
function shown(row: DealGroupOverride, sharing: OverrideSharing): boolean {
  const side = sharing.protectedSide;
  if (side === null || row.createdBySide === sharing.viewer) return true;
  return sharing.sees(side, side === 'A' ? row.sideACrmId : row.sideBCrmId);
}

function refuseSharing(sharing: OverrideSharing, proposed: GroupOverrideRule[], what: string) {
  const side = sharing.protectedSide;
  if (side === null || sharing.newlyShared(proposed) === 0) return;
  throw new ForbiddenError(
    `Only side ${side}'s people or an admin can ${what}: it would share side ${side}'s records that side ${sharing.viewer} does not see today`,
  );
}

function viewOf(row: DealGroupOverride): GroupOverrideView {
  return {
    id: row.id,
    kind: row.kind,
    a: row.sideACrmId,
    b: row.sideBCrmId,
    note: row.note,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

const stateOf = ({ kind, a, b, note }: GroupOverrideView) => ({ kind, a, b, note });
