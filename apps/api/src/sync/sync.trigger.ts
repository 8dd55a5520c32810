import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SideKey } from '@alignboard/contracts';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER } from '../app/app.tokens.js';
import { ConflictError, NotFoundError } from '../common/errors.js';
import { SyncService, type SyncOutcome } from './sync.service.js';

/** Starts syncs in the background for callers that must not wait (HTTP, the demo). */
@Injectable()
export class SyncTrigger {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sync: SyncService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Starts a sync (or, with `reconcile`, a reconciliation) of the partnership's
   * connections, one side or both; none when a requested side is running one
   * already (409 naming who runs it). A run that loses a race for the lease
   * after this check is skipped and logged.
   */
  async start(partnershipId: string, side?: SideKey, trigger: 'manual' | 'demo' | 'schedule' = 'manual', reconcile = false) {
    const connections = await this.dataSource.query<{ id: string; side: SideKey }[]>(
      `select c.id, s.side from crm_connections c join sides s on s.id = c.side_id
       where s.partnership_id = $1 and ($2::text is null or s.side = $2) order by s.side`,
      [partnershipId, side ?? null],
    );
    if (!connections.length) throw new NotFoundError('No CRM connection to sync: add one in the partnership file');
    const busy: { side: SideKey; heldBy: string }[] = [];
    for (const c of connections) {
      const heldBy = await this.sync.runningSync(c.id);
      if (heldBy) busy.push({ side: c.side, heldBy });
    }
    if (busy.length) {
      throw new ConflictError(`another sync is running: ${busy.map((b) => `side ${b.side} ${b.heldBy}`).join('; ')}; try again when it ends`, { running: busy });
    }
    for (const c of connections) this.track(reconcile ? this.sync.reconcileConnection(c.id, { trigger }) : this.sync.syncConnection(c.id, { trigger }));
    return { kind: reconcile ? 'reconcile' : 'sync', started: connections.map((c) => ({ side: c.side, connectionId: c.id })) };
  }

  /** Lets shutdown wait for running syncs instead of cutting a page in half. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private track(run: Promise<SyncOutcome>) {
    const tracked = run
      .then((o) => this.logger.info({ side: o.side, kind: o.kind, status: o.status, runId: o.runId, message: o.message }, 'sync finished'))
      .catch((error: unknown) => this.logger.error({ err: error }, 'sync crashed'))
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}
