import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DeliveryView, ListDeliveriesQuery } from '@alignboard/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../clock/clock.js';
import type { PartnershipScope } from '../partnerships/partnership-access.service.js';
import { deliveryViewOf, type DeliveryRow } from './delivery-views.js';
import type { OutgoingMessage } from './outgoing-message.js';

/** The ids of the outbox rows an enqueue created; null where nothing was queued (no such channel, or a duplicate). */
export interface Enqueued {
  email: string | null;
  webhook: string | null;
}

const webhookTextLimit = 3000;

/**
 * The delivery outbox. `enqueue` writes in the caller's transaction, so a
 * message exists exactly when what it announces was committed; the
 * DeliveryWorker sends it afterwards, retrying until it goes through.
 */
@Injectable()
export class DeliveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * One row per channel: email when there are recipients, webhook when the
   * partnership has a webhook URL. A message whose dedupe key is already in
   * the outbox (for that channel) is ignored.
   */
  async enqueue(manager: EntityManager, message: OutgoingMessage): Promise<Enqueued> {
    const to = [...new Set(message.to.map((a) => a.trim().toLowerCase()).filter(Boolean))].sort();
    const queued: Enqueued = { email: null, webhook: null };
    // One instant for the message's rows (as the transaction's now() was): the list orders them by it, then by channel.
    const now = this.clock.now();
    if (to.length) {
      queued.email = await this.insert(manager, message, 'email', to, null, now);
      for (const [position, a] of (queued.email ? (message.attachments ?? []) : []).entries()) {
        await manager.query(
          `insert into delivery_attachments (delivery_id, position, filename, content_type, content) values ($1, $2, $3, $4, $5)`,
          [queued.email, position, a.filename, a.contentType, a.content],
        );
      }
    }
    const [partnership] = await manager.query<{ has_webhook: boolean }[]>(
      `select webhook_url_sealed is not null as has_webhook from partnerships where id = $1`,
      [message.partnershipId],
    );
    if (partnership?.has_webhook) {
      const payload = message.webhook ?? { text: `${message.subject}\n${message.text}`.slice(0, webhookTextLimit) };
      queued.webhook = await this.insert(manager, message, 'webhook', [], payload, now);
    }
    return queued;
  }

  async list(scope: PartnershipScope, query: ListDeliveriesQuery): Promise<DeliveryView[]> {
    const rows = await this.dataSource.query<DeliveryRow[]>(
      `select d.id, d.kind, d.channel, d.dedupe_key, d.subject, d.recipients, d.status, d.attempts,
              d.next_attempt_at, d.last_error, d.sent_at, d.created_at,
              coalesce(
                (select jsonb_agg(jsonb_build_object('filename', a.filename, 'contentType', a.content_type, 'bytes', octet_length(a.content)) order by a.position)
                 from delivery_attachments a where a.delivery_id = d.id),
                '[]'::jsonb) as attachments
       from delivery_outbox d
       where d.partnership_id = $1 and ($2::text is null or d.status = $2) and ($3::text is null or d.kind = $3)
       order by d.created_at desc, d.channel
       limit 200`,
      [scope.partnership.id, query.status ?? null, query.kind ?? null],
    );
    return rows.map(deliveryViewOf);
  }

  private async insert(
    manager: EntityManager,
    message: OutgoingMessage,
    channel: 'email' | 'webhook',
    recipients: string[],
    payload: { text: string; blocks?: unknown[] } | null,
    now: Date,
  ): Promise<string | null> {
    // `on conflict do nothing` does not abort the caller's transaction the way a failed insert would.
    // Due at once on the product's clock, the one the worker compares `next_attempt_at` with.
    const rows = await manager.query<{ id: string }[]>(
      `insert into delivery_outbox
         (partnership_id, kind, channel, dedupe_key, subject, body_html, body_text, recipients, webhook_payload, created_at, next_attempt_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
       on conflict (partnership_id, channel, dedupe_key) do nothing
       returning id`,
      [
        message.partnershipId,
        message.kind,
        channel,
        message.dedupeKey,
        message.subject,
        message.html,
        message.text,
        recipients,
        payload === null ? null : JSON.stringify(payload),
        now,
      ],
    );
    return rows[0]?.id ?? null;
  }
}
