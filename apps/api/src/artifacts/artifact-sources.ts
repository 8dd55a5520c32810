import { Injectable } from '@nestjs/common';
import type { ArtifactAsk, ArtifactDecision, ArtifactNumbers } from '@alignboard/contracts';
import { Not, type EntityManager } from 'typeorm';
import { Ask } from '../asks/entities/ask.entity.js';
import { Decision } from '../decisions/entities/decision.entity.js';
import { Meeting } from '../meetings/entities/meeting.entity.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { PartnershipScope } from '../partnerships/partnership-access.service.js';

/**
 * Where the one-pager's taken parts come from: the figures of SPEC §5 for its
 * quarter, the asks of the quarter and the decision log of its meeting. Each
 * is a snapshot: a revision keeps what was taken, whatever changes later.
 */
@Injectable()
export class ArtifactSources {
  constructor(private readonly metrics: MetricsService) {}

  /** Figures only (shared whole by both sides); the records behind them stay out of the one-pager. */
  async numbers(scope: PartnershipScope, quarter: string, asOf?: string): Promise<ArtifactNumbers> {
    const m = await this.metrics.quarterMetrics(scope, quarter, asOf);
    return {
      quarter: m.quarter,
      currency: m.currency,
      asOf: m.asOf,
      joint: m.joint,
      split: m.split,
      call: m.call,
      motions: m.motions,
    };
  }

  /** The quarter's meeting that takes place (at most one is not cancelled). */
  async meetingOf(
    manager: EntityManager,
    partnershipId: string,
    quarter: string,
  ): Promise<Meeting | null> {
    return manager
      .getRepository(Meeting)
      .findOneBy({ partnershipId, quarter, status: Not('cancelled') });
  }

  /** Asks raised in the quarter, and those named at its meeting (often for the next quarter). */
  async asks(
    manager: EntityManager,
    partnershipId: string,
    quarter: string,
  ): Promise<ArtifactAsk[]> {
    const meeting = await this.meetingOf(manager, partnershipId, quarter);
    const asks = await manager.getRepository(Ask).find({
      where: [
        { partnershipId, quarterRaised: quarter },
        ...(meeting ? [{ partnershipId, meetingId: meeting.id }] : []),
      ],
      order: { quarterRaised: 'ASC', createdAt: 'ASC', id: 'ASC' },
    });
    return asks.map((a) => ({
      id: a.id,
      fromSide: a.fromSide,
      toSide: a.toSide,
      quarterRaised: a.quarterRaised,
      text: a.text,
      owner: a.owner,
      due: a.due,
      status: a.status,
      verdict: a.verdict,
    }));
  }

  async decisions(
    manager: EntityManager,
    partnershipId: string,
    quarter: string,
  ): Promise<ArtifactDecision[]> {
    const meeting = await this.meetingOf(manager, partnershipId, quarter);
    if (!meeting) return [];
    const decisions = await manager.getRepository(Decision).find({
      where: { partnershipId, meetingId: meeting.id },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return decisions.map((d) => ({
      id: d.id,
      kind: d.kind,
      text: d.text,
      owner: d.owner,
      due: d.due,
    }));
  }
}
