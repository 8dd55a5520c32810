import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ENV, LOGGER, SCHEDULING } from '../app/app.tokens.js';
import type { Env } from '../config/env.js';
import { SyncService } from './sync.service.js';

const intervalName = 'sync-all-connections';

/**
 * Syncs every connection every ALIGNBOARD_SYNC_INTERVAL_MINUTES. Several API
 * processes may tick at once: the per-connection lease lets one of them run.
 */
@Injectable()
export class SyncScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private ticking: Promise<unknown> | null = null;

  constructor(
    @Inject(ENV) private readonly env: Env,
    @Inject(SCHEDULING) private readonly enabled: boolean,
    @Inject(LOGGER) private readonly logger: Logger,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: SchedulerRegistry,
    private readonly sync: SyncService,
  ) {}

  onApplicationBootstrap() {
    const minutes = this.env.ALIGNBOARD_SYNC_INTERVAL_MINUTES;
    if (!this.enabled || minutes === 0) return;
    this.registry.addInterval(intervalName, setInterval(() => void this.tick(), minutes * 60_000));
    this.logger.info({ minutes }, 'scheduled syncs');
  }

  async onApplicationShutdown() {
    if (this.registry.doesExist('interval', intervalName)) this.registry.deleteInterval(intervalName);
    await this.ticking;
  }

  /** One pass over all connections; a pass still running when the next is due is not doubled. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = (async () => {
      const connections = await this.dataSource.query<{ id: string }[]>(`select id from crm_connections order by id`);
      for (const c of connections) {
        const outcome = await this.sync.syncConnection(c.id, { trigger: 'schedule' });
        if (outcome.status !== 'succeeded' && outcome.status !== 'skipped') {
          this.logger.warn({ connectionId: c.id, status: outcome.status, message: outcome.message }, 'scheduled sync did not succeed');
        }
      }
    })()
      .catch((error: unknown) => this.logger.error({ err: error }, 'scheduled sync pass failed'))
      .finally(() => (this.ticking = null));
    await this.ticking;
  }
}
