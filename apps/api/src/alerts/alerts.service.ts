import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AlertEvaluationView, AlertView, ListAlertsQuery } from '@alignboard/contracts';
import { DataSource, IsNull, Not, type FindOptionsWhere } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/principal.js';
import { CLOCK, type Clock } from '../clock/clock.js';
import { ConflictError } from '../common/errors.js';
import { findInPartnership } from '../partnerships/find-in-partnership.js';
import type { PartnershipScope } from '../partnerships/partnership-access.service.js';
import { alertViewOf } from './alert-views.js';
import { AlertsEvaluator } from './alerts.evaluator.js';
import { Alert } from './entities/alert.entity.js';

/** A partnership's alerts as both sides see them: listed, evaluated on demand, acknowledged once. */
@Injectable()
export class AlertsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly evaluator: AlertsEvaluator,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(scope: PartnershipScope, query: ListAlertsQuery): Promise<AlertView[]> {
    const where: FindOptionsWhere<Alert> = { partnershipId: scope.partnership.id };
    if (query.kind) where.kind = query.kind;
    if (query.open !== undefined) where.acknowledgedAt = query.open ? IsNull() : Not(IsNull());
    const alerts = await this.dataSource.getRepository(Alert).find({ where, order: { raisedAt: 'DESC', kind: 'ASC', subject: 'ASC' } });
    return alerts.map((a) => alertViewOf(a, scope.side));
  }

  async evaluate(scope: PartnershipScope, now: Date = this.clock.now()): Promise<AlertEvaluationView> {
    const raised = await this.evaluator.evaluate(scope.partnership.id, now);
    return { evaluatedAt: now.toISOString(), raised };
  }

  async acknowledge(scope: PartnershipScope, id: string, actor: Actor): Promise<AlertView> {
    return this.dataSource.transaction(async (m) => {
      const alert = await findInPartnership(m, Alert, 'alert', scope, id, true);
      if (alert.acknowledgedAt) {
        throw new ConflictError(
          `Alert ${id} was already acknowledged by ${alert.acknowledgedBy} at ${alert.acknowledgedAt.toISOString()}`,
          { acknowledgedBy: alert.acknowledgedBy, acknowledgedAt: alert.acknowledgedAt.toISOString() },
        );
      }
      await m.getRepository(Alert).update(alert.id, { acknowledgedAt: this.clock.now(), acknowledgedBy: actor.label });
      const saved = await m.getRepository(Alert).findOneByOrFail({ id: alert.id });
      await this.audit.record(m, actor, {
        action: 'alert.acknowledge',
        entityType: 'alert',
        entityId: alert.id,
        partnershipId: scope.partnership.id,
        before: { kind: alert.kind, subject: alert.subject, period: alert.period, acknowledgedAt: null, acknowledgedBy: null },
        after: { kind: saved.kind, subject: saved.subject, period: saved.period, acknowledgedAt: saved.acknowledgedAt!.toISOString(), acknowledgedBy: saved.acknowledgedBy },
      });
      return alertViewOf(saved, scope.side);
    });
  }
}
