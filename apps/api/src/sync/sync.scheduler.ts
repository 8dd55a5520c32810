import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ENV, LOGGER, SCHEDULING } from '../app/app.tokens.js';
import { CLOCK, type Clock } from '../clock/clock.js';
import type { Env } from '../config/env.js';
import { failAbandonedRuns } from './abandoned-runs.js';
import { SyncService } from './sync.service.js';

const intervalName = 'sync-all-connections';
const reconcileIntervalName = 'reconcile-due-connections';
/** How often the scheduler looks for connections whose reconciliation is due. */
const reconcileCheckMs = 15 * 60_000;

/**
 * Syncs every connection every ALIGNBOARD_SYNC_INTERVAL_MINUTES, and
 * reconciles each one whose last reconciliation finished more than
 * ALIGNBOARD_RECONCILE_INTERVAL_HOURS ago (daily by default; due at once
 * after a first start). Several API processes may tick at once: the
 * per-connection lease lets one of them run; a reconciliation that finds a
 * sync running is tried again at the next check.
 */
@Injectable()
export class SyncScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private ticking: Promise<unknown> | null = null;
  private reconciling: Promise<unknown> | null = null;

  constructor(
    @Inject(ENV) private readonly env: Env,
    @Inject(SCHEDULING) private readonly enabled: boolean,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: SchedulerRegistry,
    private readonly sync: SyncService,
  ) {}

  onApplicationBootstrap() {
    if (!this.enabled) return;
    const minutes = this.env.ALIGNBOARD_SYNC_INTERVAL_MINUTES;
    if (minutes > 0) {
      this.registry.addInterval(intervalName, setInterval(() => void this.tick(), minutes * 60_000));
      this.logger.info({ minutes }, 'scheduled syncs');
    }
    const hours = this.env.ALIGNBOARD_RECONCILE_INTERVAL_HOURS;
    if (hours > 0) {
      this.registry.addInterval(reconcileIntervalName, setInterval(() => void this.reconcileDue(), reconcileCheckMs));
      this.logger.info({ hours }, 'scheduled reconciliations');
    }
  }

  async onApplicationShutdown() {
    for (const name of [intervalName, reconcileIntervalName]) if (this.registry.doesExist('interval', name)) this.registry.deleteInterval(name);
    await Promise.all([this.ticking, this.reconciling]);
  }

  /** Reconciles each connection whose last reconciliation finished longer ago than the interval (or never did). */
  async reconcileDue(): Promise<void> {
    if (this.reconciling) return;
    this.reconciling = this.pass('reconcile', async () => {
      const dueBefore = new Date(this.clock.now().getTime() - this.env.ALIGNBOARD_RECONCILE_INTERVAL_HOURS * 3_600_000);
      return this.dataSource.query<{ id: string }[]>(
        `select c.id from crm_connections c
         where not exists (select 1 from sync_runs r where r.connection_id = c.id and r.kind = 'reconcile'
                             and r.status = 'succeeded' and r.finished_at > $1)
         order by c.id`,
        [dueBefore],
      );
    }).finally(() => (this.reconciling = null));
    await this.reconciling;
  }

  /** One pass over all connections; a pass still running when the next is due is not doubled. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = this.pass('sync', () => this.dataSource.query<{ id: string }[]>(`select id from crm_connections order by id`)).finally(
      () => (this.ticking = null),
    );
    await this.ticking;
  }

  /** Runs `kind` on each connection `select` names, one after the other; what did not succeed is logged, never thrown. */
  private async pass(kind: 'sync' | 'reconcile', select: () => Promise<{ id: string }[]>): Promise<void> {
    const what = kind === 'sync' ? 'sync' : 'reconciliation';
    try {
      // Runs whose process died are failed with the reason before anything else is decided.
      const all = await this.dataSource.query<{ id: string }[]>(`select id from crm_connections`);
      await failAbandonedRuns(this.dataSource.manager, all.map((c) => c.id), this.clock.now());
      for (const c of await select()) {
        const outcome = kind === 'sync' ? await this.sync.syncConnection(c.id, { trigger: 'schedule' }) : await this.sync.reconcileConnection(c.id, { trigger: 'schedule' });
        if (outcome.status !== 'succeeded' && outcome.status !== 'skipped') {
          this.logger.warn({ connectionId: c.id, status: outcome.status, message: outcome.message }, `scheduled ${what} did not succeed`);
        }
      }
    } catch (error) {
      this.logger.error({ err: error }, `scheduled ${what} pass failed`);
    }
  }
}
