import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ENV, LOGGER, SCHEDULING } from '../app/app.tokens.js';
import { CLOCK, type Clock } from '../clock/clock.js';
import type { Env } from '../config/env.js';
import { JobEngine } from '../jobs/job-engine.js';
import { failAbandonedRuns } from './abandoned-runs.js';
import { SyncService } from './sync.service.js';

/**
 * Syncs each connection whose last scheduled sync started
 * ALIGNBOARD_SYNC_INTERVAL_MINUTES ago or more, and reconciles each one whose
 * last reconciliation finished more than ALIGNBOARD_RECONCILE_INTERVAL_HOURS
 * ago (daily by default); either is due at once after a first start. The
 * job engine checks every minute (syncs) and every 15 minutes
 * (reconciliations), in one serving process at a time (ADR 015); due-ness is
 * judged on the product clock, so any interval the variables allow is kept,
 * not only those a cron can say. Should passes overlap, the per-connection
 * lease lets one of them run; a reconciliation that finds a sync running is
 * tried again at the next check.
 */
@Injectable()
export class SyncScheduler implements OnModuleInit, OnApplicationShutdown {
  private ticking: Promise<unknown> | null = null;
  private reconciling: Promise<unknown> | null = null;

  constructor(
    @Inject(ENV) private readonly env: Env,
    @Inject(SCHEDULING) private readonly enabled: boolean,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobEngine,
    private readonly sync: SyncService,
  ) {}

  async onModuleInit() {
    const minutes = this.env.ALIGNBOARD_SYNC_INTERVAL_MINUTES;
    if (minutes > 0) {
      await this.jobs.schedule('sync-due-connections', '* * * * *', () => this.tick());
      if (this.enabled) this.logger.info({ minutes }, 'scheduled syncs');
    }
    const hours = this.env.ALIGNBOARD_RECONCILE_INTERVAL_HOURS;
    if (hours > 0) {
      await this.jobs.schedule('reconcile-due-connections', '*/15 * * * *', () => this.reconcileDue());
      if (this.enabled) this.logger.info({ hours }, 'scheduled reconciliations');
    }
  }

  async onApplicationShutdown() {
    await Promise.all([this.ticking, this.reconciling].map((p) => p?.catch(() => undefined)));
  }

  /**
   * Syncs each connection whose last scheduled sync started at least the
   * interval ago (or never did); a pass still running when the next is due is
   * not doubled.
   */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = this.pass('sync', () => {
      const dueBefore = new Date(this.clock.now().getTime() - this.env.ALIGNBOARD_SYNC_INTERVAL_MINUTES * 60_000);
      return this.dataSource.query<{ id: string }[]>(
        `select c.id from crm_connections c
         where not exists (select 1 from sync_runs r where r.connection_id = c.id and r.kind = 'sync'
                             and r.trigger = 'schedule' and r.started_at > $1)
         order by c.id`,
        [dueBefore],
      );
    }).finally(() => (this.ticking = null));
    await this.ticking;
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

  /**
   * Runs `kind` on each connection `select` names, one after the other. A
   * run that did not succeed is logged and kept in the connection's runs; a
   * pass that could not run (the database away) throws, failing its job.
   */
  private async pass(kind: 'sync' | 'reconcile', select: () => Promise<{ id: string }[]>): Promise<void> {
    const what = kind === 'sync' ? 'sync' : 'reconciliation';
    // Runs whose process died are failed with the reason before anything else is decided.
    const all = await this.dataSource.query<{ id: string }[]>(`select id from crm_connections`);
    await failAbandonedRuns(this.dataSource.manager, all.map((c) => c.id), this.clock.now());
    for (const c of await select()) {
      const outcome = kind === 'sync' ? await this.sync.syncConnection(c.id, { trigger: 'schedule' }) : await this.sync.reconcileConnection(c.id, { trigger: 'schedule' });
      if (outcome.status !== 'succeeded' && outcome.status !== 'skipped') {
        this.logger.warn({ connectionId: c.id, status: outcome.status, message: outcome.message }, `scheduled ${what} did not succeed`);
      }
    }
  }
}
