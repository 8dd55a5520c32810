import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { shiftQuarter } from '@alignboard/metrics';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER, SCHEDULING } from '../app/app.tokens.js';
import type { Actor } from '../auth/principal.js';
import { CLOCK, type Clock } from '../clock/clock.js';
import { Partnership } from '../partnerships/entities/partnership.entity.js';
import { currentQuarterOf, MeetingScheduleService } from './meeting-schedule.service.js';

const intervalName = 'generate-meetings';
const dayMs = 86_400_000;
/** The first pass waits for the server to be up; then one a day. */
const firstPassDelayMs = 60_000;
/** The schedule is kept this many quarters past the current one. */
const quartersAhead = 2;

export const scheduleActor: Actor = { userId: null, label: 'system:meeting-schedule' };

/**
 * Once a day, in serving processes only, creates the meetings of the current
 * and next two quarters that are missing. Idempotent, so several API
 * processes may each run it: the second finds nothing to do.
 */
@Injectable()
export class MeetingScheduleCron implements OnApplicationBootstrap, OnApplicationShutdown {
  private first: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(SCHEDULING) private readonly enabled: boolean,
    @Inject(LOGGER) private readonly logger: Logger,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: SchedulerRegistry,
    private readonly schedule: MeetingScheduleService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap() {
    if (!this.enabled) return;
    this.first = setTimeout(() => void this.tick(), firstPassDelayMs);
    this.registry.addInterval(intervalName, setInterval(() => void this.tick(), dayMs));
  }

  async onApplicationShutdown() {
    if (this.first) clearTimeout(this.first);
    if (this.registry.doesExist('interval', intervalName)) this.registry.deleteInterval(intervalName);
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.generateAll().finally(() => (this.running = null));
    await this.running;
  }

  /** One pass over every partnership; one partnership's failure does not stop the others. */
  async generateAll(now = this.clock.now()): Promise<void> {
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
      }
    }
  }
}
