import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DeliveryChannel } from '@alignboard/contracts';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER, SCHEDULING } from '../app/app.tokens.js';
import { CLOCK, type Clock } from '../clock/clock.js';
import { JobEngine } from '../jobs/job-engine.js';
import { PartnershipsService } from '../partnerships/partnerships.service.js';
import { maxDeliveryAttempts, redactedError, retryDelayMs } from './delivery-retry.js';
import { MailSender, smtpNotConfigured } from './mail-sender.js';
import { postWebhook, type WebhookPayload } from './webhook-sender.js';

const jobName = 'deliver-outbox';
/** A claim outlives the slowest send (SMTP socket timeout 60 s); a worker that died lets it lapse. */
const claimMs = 10 * 60_000;

interface ClaimedRow {
  id: string;
  partnership_id: string;
  channel: DeliveryChannel;
  subject: string;
  body_html: string;
  body_text: string;
  recipients: string[];
  webhook_payload: WebhookPayload | null;
  attempts: number;
}

/** What one pass did. */
export interface DeliveryPass {
  sent: number;
  /** Failed this time, to be tried again later. */
  retrying: number;
  /** Failed for the last time. */
  failed: number;
}

type Outcome = { ok: true; note: string | null } | { ok: false; error: string; final: boolean };

/**
 * Sends what the outbox holds. Several API processes may run a worker on one
 * database: a row is claimed (`for update skip locked`) before it is sent, so
 * each is sent by one of them; the claim is committed before the send, so no
 * transaction stays open across the network. A sender that dies mid-send
 * leaves a claim that lapses and the row is tried again: at least once,
 * never lost.
 *
 * The job engine runs a pass every minute in one serving process (ADR 015).
 * A row's own retries stay here, on the product clock (`next_attempt_at`,
 * `retryDelayMs`): they are per message, shown to members, and capped at an
 * hour; a pass that throws (the database away) is the engine's to retry.
 */
@Injectable()
export class DeliveryWorker implements OnModuleInit, OnApplicationShutdown {
  private running: Promise<DeliveryPass> | null = null;

  constructor(
    @Inject(SCHEDULING) private readonly enabled: boolean,
    @Inject(LOGGER) private readonly logger: Logger,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobEngine,
    private readonly partnerships: PartnershipsService,
    private readonly mail: MailSender,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit() {
    if (this.enabled && !this.mail.configured) this.logger.info('ALIGNBOARD_SMTP_URL is not set: email deliveries wait in the outbox');
    // No engine retries: the next minute's pass is the retry.
    return this.jobs.schedule(jobName, '* * * * *', () => this.tick());
  }

  async onApplicationShutdown() {
    await this.running?.catch(() => undefined);
    this.mail.close();
  }

  /** The scheduled pass; a pass still running is not doubled, and its error fails the job. */
  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.deliverDue();
    try {
      await this.running;
    } finally {
      this.running = null;
    }
  }

  /** Claims the deliveries due at `now` and attempts each once. */
  async deliverDue(options: { now?: Date; limit?: number } = {}): Promise<DeliveryPass> {
    const now = options.now ?? this.clock.now();
    const pass: DeliveryPass = { sent: 0, retrying: 0, failed: 0 };
    if (!this.mail.configured) {
      // Not an attempt: the row stays pending, with the reason, until SMTP is configured.
      await this.dataSource.query(
        `update delivery_outbox set last_error = $1
         where channel = 'email' and status = 'pending' and last_error is distinct from $1`,
        [smtpNotConfigured],
      );
    }
    for (const row of await this.claim(now, options.limit ?? 25)) {
      const outcome = await this.attempt(row);
      await this.record(row, now, outcome);
      if (outcome.ok) pass.sent++;
      else if (outcome.final) pass.failed++;
      else pass.retrying++;
    }
    return pass;
  }

  private claim(now: Date, limit: number): Promise<ClaimedRow[]> {
    // Wrapped in CTEs: TypeORM answers a bare UPDATE with [rows, count], a SELECT with rows.
    return this.dataSource.query<ClaimedRow[]>(
      `with due as (
         select id from delivery_outbox
         where ((status = 'pending' and next_attempt_at <= $1) or (status = 'sending' and claimed_until <= $1))
           and (channel = 'webhook' or $2::boolean)
         order by next_attempt_at, id
         limit $3
         for update skip locked),
       claimed as (
         update delivery_outbox d set status = 'sending', claimed_until = $4
         from due where d.id = due.id
         returning d.id, d.partnership_id, d.channel, d.subject, d.body_html, d.body_text, d.recipients,
                   d.webhook_payload, d.attempts, d.next_attempt_at)
       select * from claimed order by next_attempt_at, id`,
      [now, this.mail.configured, limit, new Date(now.getTime() + claimMs)],
    );
  }

  private async attempt(row: ClaimedRow): Promise<Outcome> {
    let secrets: string[] = [...this.mail.secrets];
    try {
      if (row.channel === 'email') {
        const attachments = await this.dataSource.query<{ filename: string; content_type: string; content: Buffer }[]>(
          `select filename, content_type, content from delivery_attachments where delivery_id = $1 order by position`,
          [row.id],
        );
        const receipt = await this.mail.send({
          to: row.recipients,
          subject: row.subject,
          html: row.body_html,
          text: row.body_text,
          attachments: attachments.map((a) => ({ filename: a.filename, contentType: a.content_type, content: a.content })),
        });
        return { ok: true, note: receipt.rejected.length ? `refused by the SMTP server: ${receipt.rejected.join(', ')}` : null };
      }
      // Read at each attempt: a URL fixed after a failure is the one the retry uses.
      const url = await this.partnerships.webhookUrlOf(this.dataSource.manager, row.partnership_id);
      if (!url) return { ok: false, error: 'the partnership has no webhook URL any more', final: true };
      secrets = [url, new URL(url).pathname + new URL(url).search, ...secrets];
      await postWebhook(url, row.webhook_payload ?? { text: row.subject });
      return { ok: true, note: null };
    } catch (error) {
      return { ok: false, error: redactedError(error, secrets), final: row.attempts + 1 >= maxDeliveryAttempts };
    }
  }

  private async record(row: ClaimedRow, now: Date, outcome: Outcome): Promise<void> {
    const attempts = row.attempts + 1;
    if (outcome.ok) {
      await this.dataSource.query(
        `update delivery_outbox set status = 'sent', sent_at = $2, attempts = $3, last_error = $4, claimed_until = null
         where id = $1 and status = 'sending'`,
        [row.id, now, attempts, outcome.note],
      );
      this.logger.info({ deliveryId: row.id, channel: row.channel, attempts }, 'delivered');
      return;
    }
    const status = outcome.final ? 'failed' : 'pending';
    const next = outcome.final ? now : new Date(now.getTime() + retryDelayMs(attempts));
    await this.dataSource.query(
      `update delivery_outbox set status = $2, attempts = $3, next_attempt_at = $4, last_error = $5, claimed_until = null
       where id = $1 and status = 'sending'`,
      [row.id, status, attempts, next, outcome.error],
    );
    this.logger.warn(
      { deliveryId: row.id, channel: row.channel, attempts, status, error: outcome.error },
      outcome.final ? 'delivery failed for good' : 'delivery failed; will retry',
    );
  }
}
