import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PartnershipFigures } from '@alignboard/metrics';
import type { Logger } from 'pino';
import { LOGGER } from '../app/app.tokens.js';
import { CLOCK, type Clock } from '../clock/clock.js';
import { MetricsInvalidation } from './metrics-invalidation.js';
import { encodePartnership, type EncodedPartnership } from './partnership-data.js';
import { PartnershipDataLoader } from './partnership-data.loader.js';
import type { ChangeVersions, PartnershipSnapshot } from './partnership-snapshot.js';
import { historyByOpportunity } from './stored-rows.js';

/** One partnership's figures as read: the raw rows, their encoding and the figures over it. */
export interface FiguresRead {
  snapshot: PartnershipSnapshot;
  encoded: EncodedPartnership;
  /** A new object whenever anything it is computed from changed: a key for what is derived from it. */
  figures: PartnershipFigures;
}

interface HeldRead extends FiguresRead {
  versions: ChangeVersions;
  /** Every opportunity written before this instant is in the snapshot. */
  watermark: Date;
}

const DAY_MS = 86_400_000;

/**
 * The one read model of a partnership's figures (SPEC §5), for every reader:
 * the metrics API, the CLI, the board pack, the packets, the alerts and the
 * one-pager. Each read first asks the partnership's change counters (one
 * indexed lookup, `PartnershipDataLoader.versions`), so a write made by any
 * process shows at the next read, and re-reads no more than changed: new or
 * changed opportunities are patched in, rates re-encode, overrides and
 * health inputs regroup, anything else reloads. A new day re-encodes too
 * (a record without a close date converts at today's rate). A sync in this
 * process refreshes as soon as it ends. See
 * docs/decisions/014-figures-read-model.md.
 */
@Injectable()
export class FiguresReadModel implements OnModuleDestroy {
  private readonly reads = new Map<string, HeldRead>();
  private readonly refreshes = new Map<string, { running: Promise<HeldRead>; queued?: Promise<HeldRead> }>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly loader: PartnershipDataLoader,
    invalidation: MetricsInvalidation,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.unsubscribe = invalidation.subscribe((partnershipId) => {
      if (!this.reads.has(partnershipId)) return;
      this.current(partnershipId).catch((err: unknown) =>
        this.logger.warn({ err, partnershipId }, 'refreshing the figures after a sync failed'),
      );
    });
  }

  onModuleDestroy() {
    this.unsubscribe();
  }

  /**
   * The partnership's figures, up to date with every write committed before
   * this call. One refresh runs at a time per partnership; the reads that
   * arrive meanwhile share the next one (which starts after they arrived,
   * so none is answered from a check made before it asked): under load the
   * counter lookup is paid once per round trip, not once per request.
   */
  current(partnershipId: string): Promise<FiguresRead> {
    const slot = this.refreshes.get(partnershipId);
    if (!slot) return this.start(partnershipId);
    slot.queued ??= slot.running.catch(() => undefined).then(() => this.start(partnershipId));
    return slot.queued;
  }

  private start(partnershipId: string): Promise<HeldRead> {
    const running = this.refresh(partnershipId);
    const slot = { running };
    this.refreshes.set(partnershipId, slot);
    const settle = () => {
      if (this.refreshes.get(partnershipId) === slot) this.refreshes.delete(partnershipId);
    };
    running.then(settle, settle);
    return running;
  }

  private async refresh(partnershipId: string): Promise<HeldRead> {
    const held = this.reads.get(partnershipId);
    if (!held) return this.reload(partnershipId);
    const versions = await this.loader.versions(partnershipId);
    const changed = Object.keys({ ...versions, ...held.versions }).filter(
      (kind) => versions[kind] !== held.versions[kind],
    );
    const nowMs = this.clock.now().getTime();
    const newDay = Math.floor(nowMs / DAY_MS) !== Math.floor(held.encoded.data.stateAtMs / DAY_MS);
    if (!changed.length && !newDay) return held;
    if (changed.includes('reload')) return this.reload(partnershipId);

    let { snapshot, watermark } = held;
    let reencode = newDay;
    if (changed.some((kind) => kind.startsWith('records:'))) {
      const changes = await this.loader.changedSince(partnershipId, held.watermark);
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
      snapshot = { ...snapshot, opportunities, history };
      watermark = changes.watermark;
      reencode = true;
    }
    // A sync rewrites the CRM's dated rates: they live with the settings.
    if (changed.includes('rates')) {
      snapshot = { ...snapshot, settings: await this.loader.settings(partnershipId) };
      reencode = true;
    }
    if (changed.includes('overrides'))
      snapshot = { ...snapshot, overrides: await this.loader.overrides(partnershipId) };
    if (changed.includes('health'))
      snapshot = { ...snapshot, health: await this.loader.health(partnershipId) };
    const encoded = reencode
      ? encodePartnership(snapshot, nowMs)
      : {
          ...held.encoded,
          data: { ...held.encoded.data, overrides: snapshot.overrides, health: snapshot.health },
        };
    return this.hold(partnershipId, { snapshot, versions, watermark, encoded });
  }

  private async reload(partnershipId: string): Promise<HeldRead> {
    const { snapshot, versions, watermark } = await this.loader.load(partnershipId);
    const encoded = encodePartnership(snapshot, this.clock.now().getTime());
    return this.hold(partnershipId, { snapshot, versions, watermark, encoded });
  }

  private hold(partnershipId: string, read: Omit<HeldRead, 'figures'>): HeldRead {
    const held = { ...read, figures: new PartnershipFigures(read.encoded.data) };
    this.reads.set(partnershipId, held);
    return held;
  }
}
