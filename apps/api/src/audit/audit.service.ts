import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/principal.js';
import { CLOCK, type Clock } from '../clock/clock.js';
import { AuditEntry } from './entities/audit-entry.entity.js';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string | null;
  partnershipId: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Every write is recorded in the same transaction as the write itself, so the
 * log can neither miss a change nor describe one that was rolled back.
 */
@Injectable()
export class AuditService {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  async record(manager: EntityManager, actor: Actor, record: AuditRecord): Promise<void> {
    const entry: Omit<AuditEntry, 'id'> = {
      at: this.clock.now(),
      actorUserId: actor.userId,
      actor: actor.label,
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId,
      partnershipId: record.partnershipId,
      before: (record.before ?? null) as Record<string, unknown> | null,
      after: (record.after ?? null) as Record<string, unknown> | null,
      requestId: actor.requestId ?? null,
    };
    await manager.getRepository(AuditEntry).save(manager.getRepository(AuditEntry).create(entry));
  }
}
