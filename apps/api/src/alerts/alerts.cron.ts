import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER, SCHEDULING } from '../app/app.tokens.js';
import { CLOCK, type Clock } from '../clock/clock.js';
import { JobEngine } from '../jobs/job-engine.js';
import { acquireAlertLease, releaseAlertLease } from './alert-lease.js';
import { AlertsEvaluator } from './alerts.evaluator.js';

export interface AlertsTickOutcome {
  /** Partnership ids this process evaluated, and those another process held. */
  evaluated: string[];
  skipped: string[];
  raised: number;
}

/**
 * Evaluates every partnership's alerts at the top of each hour (UTC) in
 * serving processes: the job engine runs each hourly job in one of them
 * (ADR 015); CLI commands and tests do not act on it (SCHEDULING). The
 * per-partnership lease still lets one process evaluate a partnership when
 * passes overlap (a tick called by hand, an engine retry).
 */
@Injectable()
export class AlertsCron implements OnModuleInit, OnApplicationShutdown {
  private readonly holder = `${process.pid}:${randomUUID()}`;
  private ticking: Promise<AlertsTickOutcome> | null = null;

  constructor(
    @Inject(SCHEDULING) private readonly enabled: boolean,
    @Inject(LOGGER) private readonly logger: Logger,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly evaluator: AlertsEvaluator,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly jobs: JobEngine,
  ) {}

  onModuleInit() {
    // A failed partnership is retried by the next hour's pass (its lease is given back), not by the engine.
    return this.jobs.schedule('alerts-evaluate', '0 * * * *', () => this.hourly());
  }

  async hourly(): Promise<void> {
    if (!this.enabled) return;
    const outcome = await this.tick();
    if (outcome.raised > 0) this.logger.info(outcome, 'alerts raised');
  }

  async onApplicationShutdown() {
    await this.ticking;
  }

  /** One pass over all partnerships; a pass still running when the next is due is not doubled. */
  async tick(now: () => Date = () => this.clock.now()): Promise<AlertsTickOutcome> {
    if (this.ticking) return { evaluated: [], skipped: [], raised: 0 };
    this.ticking = this.pass(now).finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async pass(now: () => Date): Promise<AlertsTickOutcome> {
    const outcome: AlertsTickOutcome = { evaluated: [], skipped: [], raised: 0 };
    const partnerships = await this.dataSource.query<{ id: string; key: string }[]>(`select id, key from partnerships order by key`);
    for (const p of partnerships) {
      const m = this.dataSource.manager;
      if (!(await acquireAlertLease(m, p.id, this.holder))) {
        outcome.skipped.push(p.id);
        continue;
      }
      try {
        outcome.raised += (await this.evaluator.evaluate(p.id, now())).length;
        outcome.evaluated.push(p.id);
      } catch (err: unknown) {
        // One partnership's failure does not stop the others; the next tick retries it.
        this.logger.error({ err, partnership: p.key }, 'evaluating alerts failed');
        await releaseAlertLease(m, p.id, this.holder);
      }
    }
    return outcome;
  }
}
