import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER, SCHEDULING } from '../app/app.tokens.js';
import { addBusinessDays } from '../calendar/business-days.js';
import { CLOCK, type Clock } from '../clock/clock.js';
import { JobEngine } from '../jobs/job-engine.js';
import { PacketsService } from './packets.service.js';

export interface PacketTickOutcome {
  /** Ids of the packets this process generated and sent. */
  generated: string[];
  /** Meetings due whose prework another process (or an earlier tick) had already sent. */
  alreadySent: string[];
  failed: string[];
}

interface DueMeeting {
  id: string;
  key: string;
  scheduled_date: string;
  prework_business_days: number;
  holidays: string[];
}

/**
 * Sends each scheduled meeting's prework on its prework date: the meeting
 * date less the partnership's lead in business days (weekends and its
 * holidays skipped), checked at the top of every hour (UTC) in serving
 * processes. A prework date already past (a meeting planned late, a server
 * that was down) sends at the next tick, up to the meeting day itself. The
 * job engine runs each hourly job in one process (ADR 015), and "today" is
 * the product clock's; should two passes overlap,
 * `PacketsService.generateScheduled` still lets one of them store and send.
 */
@Injectable()
export class PacketScheduler implements OnModuleInit, OnApplicationShutdown {
  private ticking: Promise<PacketTickOutcome> | null = null;

  constructor(
    @Inject(SCHEDULING) private readonly enabled: boolean,
    @Inject(LOGGER) private readonly logger: Logger,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly packets: PacketsService,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly jobs: JobEngine,
  ) {}

  onModuleInit() {
    // A failed meeting is retried by the engine within minutes (the others are sent already), then hourly.
    return this.jobs.schedule('prework-packets', '0 * * * *', () => this.hourly(), { retryLimit: 3, retryDelaySeconds: 60 });
  }

  async hourly(): Promise<void> {
    if (!this.enabled) return;
    const outcome = await this.tick();
    if (outcome.generated.length || outcome.failed.length)
      this.logger.info(outcome, 'prework packets sent');
    // Failing the job lists it for admins (GET /api/jobs/failed) once its retries are spent.
    if (outcome.failed.length) throw new Error(`prework packets of ${outcome.failed.length} meeting(s) failed: ${outcome.failed.join(', ')}`);
  }

  async onApplicationShutdown() {
    await this.ticking;
  }

  /** One pass; a pass still running when the next is due is not doubled. */
  async tick(nowMs = this.clock.now().getTime()): Promise<PacketTickOutcome> {
    if (this.ticking) return { generated: [], alreadySent: [], failed: [] };
    this.ticking = this.pass(nowMs).finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async pass(nowMs: number): Promise<PacketTickOutcome> {
    const outcome: PacketTickOutcome = { generated: [], alreadySent: [], failed: [] };
    const today = new Date(nowMs).toISOString().slice(0, 10);
    const meetings = await this.dataSource.query<DueMeeting[]>(
      `select m.id, p.key, to_char(m.scheduled_date, 'YYYY-MM-DD') as scheduled_date, p.prework_business_days, p.holidays
       from meetings m join partnerships p on p.id = m.partnership_id
       where m.status = 'scheduled' and m.prework_sent_at is null and m.scheduled_date >= $1::date
       order by m.scheduled_date, m.id`,
      [today],
    );
    for (const m of meetings) {
      if (addBusinessDays(m.scheduled_date, -m.prework_business_days, m.holidays ?? []) > today)
        continue;
      try {
        const packet = await this.packets.generateScheduled(m.id, nowMs);
        (packet ? outcome.generated : outcome.alreadySent).push(packet?.id ?? m.id);
      } catch (err: unknown) {
        // One meeting's failure does not stop the others; the next tick tries it again.
        this.logger.error(
          { err, partnership: m.key, meetingId: m.id },
          'generating a prework packet failed',
        );
        outcome.failed.push(m.id);
      }
    }
    return outcome;
  }
}
