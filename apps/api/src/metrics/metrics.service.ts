import { Inject, Injectable } from '@nestjs/common';
import type {
  DealGroupsQuery,
  DealGroupsView,
  QuarterMetrics,
  TrendPoint,
} from '@alignboard/contracts';
import { quarterBounds, quarterRange } from '@alignboard/metrics';
import { CLOCK, type Clock } from '../clock/clock.js';
import { NotFoundError } from '../common/errors.js';
import type { PartnershipScope } from '../partnerships/partnership-access.service.js';
import { RecordVisibility } from './data-sharing.js';
import { dealGroupViews } from './deal-group-views.js';
import { FiguresReadModel, type FiguresRead } from './figures-read-model.js';
import { OverrideSharing } from './override-sharing.js';
import { currencyWarnings, quarterMetricsFor, type DayRange } from './metrics-views.js';

const DAY_MS = 86_400_000;

/**
 * The figures of SPEC §5 as the API shows them: read from the one read model
 * (`FiguresReadModel`), with the data-sharing rules of each side on top.
 */
@Injectable()
export class MetricsService {
  constructor(
    private readonly readModel: FiguresReadModel,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async quarterMetrics(
    scope: PartnershipScope,
    quarter: string,
    asOf?: string,
  ): Promise<QuarterMetrics> {
    const cached = await this.readModel.current(scope.partnership.id);
    const asOfMs = this.asOfInstant(asOf);
    return this.sharedMetrics(cached, scope, quarter, asOfMs);
  }

  async trend(
    scope: PartnershipScope,
    from: string,
    to: string,
    asOf?: string,
  ): Promise<TrendPoint[]> {
    // The query schema bounds the span (MAX_TREND_QUARTERS) and the years.
    const quarters = quarterRange(from, to);
    const cached = await this.readModel.current(scope.partnership.id);
    // Joint numbers, split and call are figures, shared whole with both sides.
    return cached.figures.trend(quarters, this.asOfInstant(asOf));
  }

  async dealGroups(scope: PartnershipScope, query: DealGroupsQuery): Promise<DealGroupsView> {
    const cached = await this.readModel.current(scope.partnership.id);
    const asOfMs = this.asOfInstant(query.asOf);
    const { settings } = cached.snapshot;
    let motionCode: number | null = null;
    if (query.motion) {
      motionCode = settings.motions.findIndex((m) => m.key === query.motion);
      if (motionCode < 0)
        throw new NotFoundError(`No motion ${query.motion} in partnership ${settings.key}`);
    }
    const bounds = quarterBounds(query.quarter, settings.calendar);
    const { records, groups } = cached.figures.stateAt(asOfMs);
    const groupsView = dealGroupViews(
      {
        records,
        groups,
        stored: cached.encoded.records,
        history: cached.snapshot.history,
        motionKeys: settings.motions.map((m) => m.key),
        visibility: new RecordVisibility(scope.side, settings.sharedFields, records, groups),
        bounds,
        range: dayRange(bounds),
        asOfMs,
        stateAtMs: cached.encoded.data.stateAtMs,
      },
      query,
      motionCode,
    );
    return {
      partnership: settings.key,
      quarter: query.quarter,
      currency: settings.currency,
      asOf: new Date(asOfMs).toISOString(),
      figure: query.figure ?? null,
      groups: groupsView,
    };
  }

  /** The sharing rule for the caller's overrides, over the figures as they stand now (ADR 003). */
  async overrideSharing(scope: PartnershipScope): Promise<OverrideSharing> {
    const cached = await this.readModel.current(scope.partnership.id);
    const { records, groups } = cached.figures.stateAt(this.clock.now().getTime());
    const { overrides, bookingSide } = cached.encoded.data;
    return new OverrideSharing(scope.side, records, groups, overrides, bookingSide);
  }

  private sharedMetrics(
    cached: FiguresRead,
    scope: PartnershipScope,
    quarter: string,
    asOfMs: number,
  ): QuarterMetrics {
    const { settings } = cached.snapshot;
    const metrics = cached.figures.quarterMetrics(quarter, asOfMs);
    const { records, groups } = cached.figures.stateAt(asOfMs);
    const visibility = new RecordVisibility(scope.side, settings.sharedFields, records, groups);
    const range = dayRange(quarterBounds(quarter, settings.calendar));
    return quarterMetricsFor(
      metrics,
      visibility,
      currencyWarnings(cached.encoded.currencyIssues, range, groups, visibility),
    );
  }

  /** `asOf` (validated by the query schema, calendar dates included) defaults to now: the instant of the answer. */
  private asOfInstant(asOf: string | undefined): number {
    return asOf === undefined ? this.clock.now().getTime() : Date.parse(asOf);
  }
}

function dayRange(bounds: { startMs: number; endMs: number }): DayRange {
  return { startDay: bounds.startMs / DAY_MS, endDay: bounds.endMs / DAY_MS };
}
