import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type {
  DealGroupsQuery,
  DealGroupsView,
  QuarterMetrics,
  TrendPoint,
} from '@alignboard/contracts';
import { PartnershipFigures, quarterBounds, quarterRange } from '@alignboard/metrics';
import { isDeepStrictEqual } from 'node:util';
import type { Logger } from 'pino';
import { LOGGER } from '../app/app.tokens.js';
import { CLOCK, type Clock } from '../clock/clock.js';
import { NotFoundError } from '../common/errors.js';
import type { PartnershipScope } from '../partnerships/partnership-access.service.js';
import { RecordVisibility } from './data-sharing.js';
import { dealGroupViews } from './deal-group-views.js';
import { MetricsInvalidation } from './metrics-invalidation.js';
import { OverrideSharing } from './override-sharing.js';
import { currencyWarnings, quarterMetricsFor, type DayRange } from './metrics-views.js';
import { encodePartnership, type EncodedPartnership } from './partnership-data.js';
import { PartnershipDataLoader } from './partnership-data.loader.js';
import { historyByOpportunity } from './stored-rows.js';
import type { PartnershipSnapshot, SnapshotStamp } from './partnership-snapshot.js';

/** One partnership's figures as cached: the raw rows, their encoding and the figures over it. */
interface CachedFigures {
  snapshot: PartnershipSnapshot;
  stamp: SnapshotStamp;
  /** Every opportunity written before this instant is in the snapshot. */
  watermark: Date;
  encoded: EncodedPartnership;
  figures: PartnershipFigures;
}

const DAY_MS = 86_400_000;

/**
 * Audit actions that change nothing the cached figures are computed from
 * (health inputs are re-read at every request). Any other action reloads:
 * settings, motions, rates, connections, sides (their shared fields).
 */
const harmless =
  /^(meeting|ask|decision|artifact|membership|token|user|named_account_set|alert|prework_packet)\.|^partnership\.webhook\./;
const overrideAction = /^group_override\./;

/**
 * The figures of SPEC §5, one `PartnershipFigures` per partnership kept in
 * memory. Every read first asks the database what changed since the cache
 * was filled (see `PartnershipDataLoader.stamp`), so a change made anywhere,
 * by any process, shows at the next read, and it refreshes no more than it
 * must: new or changed opportunities are patched in, an override change
 * regroups, a settings, motion or rate change reloads. A sync in this
 * process refreshes the cache as soon as it ends.
 */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  private readonly cache = new Map<string, CachedFigures>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly loader: PartnershipDataLoader,
    invalidation: MetricsInvalidation,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.unsubscribe = invalidation.subscribe((partnershipId) => {
      if (!this.cache.has(partnershipId)) return;
      this.current(partnershipId).catch((err: unknown) =>
        this.logger.warn({ err, partnershipId }, 'refreshing the figures after a sync failed'),
      );
    });
  }

  onModuleDestroy() {
    this.unsubscribe();
  }

  async quarterMetrics(
    scope: PartnershipScope,
    quarter: string,
    asOf?: string,
  ): Promise<QuarterMetrics> {
    const cached = await this.current(scope.partnership.id);
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
    const cached = await this.current(scope.partnership.id);
    // Joint numbers, split and call are figures, shared whole with both sides.
    return cached.figures.trend(quarters, this.asOfInstant(asOf));
  }

  async dealGroups(scope: PartnershipScope, query: DealGroupsQuery): Promise<DealGroupsView> {
    const cached = await this.current(scope.partnership.id);
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
    const cached = await this.current(scope.partnership.id);
    const { records, groups } = cached.figures.stateAt(this.clock.now().getTime());
    const { overrides, bookingSide } = cached.encoded.data;
    return new OverrideSharing(scope.side, records, groups, overrides, bookingSide);
  }

  private sharedMetrics(
    cached: CachedFigures,
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

  /** The partnership's figures, brought up to date with the database first; one refresh at a time per partnership. */
  private current(partnershipId: string): Promise<CachedFigures> {
    const previous = this.queues.get(partnershipId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.refresh(partnershipId));
    this.queues.set(partnershipId, next);
    const settle = () => {
      if (this.queues.get(partnershipId) === next) this.queues.delete(partnershipId);
    };
    next.then(settle, settle);
    return next;
  }

  private async refresh(partnershipId: string): Promise<CachedFigures> {
    const cached = this.cache.get(partnershipId);
    if (!cached) return this.reload(partnershipId);
    const stamp = await this.loader.stamp(partnershipId);
    let snapshot = cached.snapshot;
    let regroup = false;
    let reencode = false;
    if (!isDeepStrictEqual(stamp.audit, cached.stamp.audit)) {
      const since = await this.loader.auditSince(partnershipId, cached.stamp.audit.max);
      // Rows we cannot tell apart (one committed after a later id was read): reload to be sure.
      if (since.count !== stamp.audit.count - cached.stamp.audit.count)
        return this.reload(partnershipId);
      const actions = since.actions.filter((a) => !harmless.test(a));
      if (actions.some((a) => !overrideAction.test(a))) return this.reload(partnershipId);
      if (actions.length) {
        snapshot = { ...snapshot, overrides: await this.loader.overrides(partnershipId) };
        regroup = true;
      }
    }
    let watermark = cached.watermark;
    if (stamp.syncRuns !== cached.stamp.syncRuns) {
      const changes = await this.loader.changedSince(partnershipId, cached.watermark);
      const opportunities = new Map(snapshot.opportunities);
      const history = new Map(snapshot.history);
      for (const o of changes.opportunities) {
        opportunities.set(o.id, o);
        history.delete(o.id);
      }
      // Gone from the CRM altogether (a reconciliation found it): out of the figures at every instant.
      for (const id of changes.purgedIds) {
        opportunities.delete(id);
        history.delete(id);
      }
      for (const [id, rows] of historyByOpportunity(changes.history)) history.set(id, rows);
      // A sync also rewrites the CRM's dated rates: re-read them with the settings.
      snapshot = {
        ...snapshot,
        settings: await this.loader.settings(partnershipId),
        opportunities,
        history,
      };
      watermark = changes.watermark;
      reencode = true;
    }
    const health = await this.loader.health(partnershipId);
    if (!isDeepStrictEqual(health, snapshot.health)) {
      snapshot = { ...snapshot, health };
      regroup = true;
    }
    if (!regroup && !reencode) {
      cached.stamp = stamp;
      return cached;
    }
    const encoded = reencode
      ? encodePartnership(snapshot, this.clock.now().getTime())
      : {
          ...cached.encoded,
          data: { ...cached.encoded.data, overrides: snapshot.overrides, health: snapshot.health },
        };
    return this.store(partnershipId, {
      snapshot,
      stamp,
      watermark,
      encoded,
      figures: new PartnershipFigures(encoded.data),
    });
  }

  private async reload(partnershipId: string): Promise<CachedFigures> {
    const { snapshot, stamp, watermark } = await this.loader.load(partnershipId);
    const encoded = encodePartnership(snapshot, this.clock.now().getTime());
    return this.store(partnershipId, {
      snapshot,
      stamp,
      watermark,
      encoded,
      figures: new PartnershipFigures(encoded.data),
    });
  }

  /** `asOf` (validated by the query schema, calendar dates included) defaults to now: the instant of the answer. */
  private asOfInstant(asOf: string | undefined): number {
    return asOf === undefined ? this.clock.now().getTime() : Date.parse(asOf);
  }

  private store(partnershipId: string, cached: CachedFigures): CachedFigures {
    this.cache.set(partnershipId, cached);
    return cached;
  }
}

function dayRange(bounds: { startMs: number; endMs: number }): DayRange {
  return { startDay: bounds.startMs / DAY_MS, endDay: bounds.endMs / DAY_MS };
}
