import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { shiftQuarter } from '@alignboard/metrics';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER } from '../app/app.tokens.js';
import type { Actor } from '../auth/principal.js';
import { CLOCK, type Clock } from '../clock/clock.js';
import { JobEngine } from '../jobs/job-engine.js';
import { Partnership } from '../partnerships/entities/partnership.entity.js';
import { currentQuarterOf, MeetingScheduleService } from './meeting-schedule.service.js';

/** The schedule is kept this many quarters past the current one. */
const quartersAhead = 2;

export const scheduleActor: Actor = { userId: null, label: 'system:meeting-schedule' };

/**
 * Every hour, in one serving process (the job engine's, ADR 015), creates the
 * meetings of the current and next two quarters that are missing, the
 * quarters judged on the product clock. Hourly rather than daily so that a
 * server started today (or a clock moved by ALIGNBOARD_CLOCK) has its
 * schedule within the hour; idempotent, so a pass that finds everything
 * scheduled changes nothing.
 */
@Injectable()
export class MeetingScheduleCron implements OnModuleInit, OnApplicationShutdown {
  private running: Promise<string[]> | null = null;

  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobEngine,
    private readonly schedule: MeetingScheduleService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit() {
    return this.jobs.schedule('generate-meetings', '30 * * * *', () => this.tick(), { retryLimit: 3, retryDelaySeconds: 60 });
  }

  async onApplicationShutdown() {
    await this.running?.catch(() => undefined);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.generateAll().finally(() => (this.running = null));
    const failed = await this.running;
    // Failing the job retries it, then lists it for admins (GET /api/jobs/failed).
    if (failed.length) throw new Error(`generating meetings failed for ${failed.join(', ')}`);
  }

  /**
   * One pass over every partnership; one partnership's failure does not stop
   * the others. Returns the keys of those that failed.
   */
  async generateAll(now = this.clock.now()): Promise<string[]> {
    const failed: string[] = [];
    const partnerships = await this.dataSource.getRepository(Partnership).find({ order: { key: 'ASC' } });
    for (const p of partnerships) {
      try {
        const through = shiftQuarter(currentQuarterOf(p, now), quartersAhead);
        const result = await this.schedule.generate(p, { through, now }, scheduleActor);
        if (result.created.length) {
          this.logger.info({ partnership: p.key, created: result.created.map((m) => `${m.quarter} ${m.scheduledDate}`) }, 'meetings generated');
        }
      } catch (error) {
        this.logger.error({ err: error, partnership: p.key }, 'generating meetings failed');
        failed.push(p.key);
      }
    }
    return failed;
  }
}
