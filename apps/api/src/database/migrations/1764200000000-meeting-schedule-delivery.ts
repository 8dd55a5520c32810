import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The meeting calendar and the delivery outbox. A partnership gains its
 * holidays (business days skip them) and a sealed webhook URL (it usually
 * embeds a secret token). The outbox holds one row per message and channel,
 * written in the transaction that decides to send it and delivered, with
 * retries, by the delivery worker; the dedupe key makes a second enqueue of
 * the same message a no-op. Attachments (the packet's PDF) live beside it.
 */
export class MeetingScheduleDelivery1764200000000 implements MigrationInterface {
  name = 'MeetingScheduleDelivery1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table partnerships
        add column holidays jsonb not null default '[]'
          constraint partnerships_holidays_ck check (jsonb_typeof(holidays) = 'array'),
        add column webhook_url_sealed text`);
    await q.query(`
      create table delivery_outbox (
        id uuid primary key default gen_random_uuid(),
        partnership_id uuid not null constraint delivery_outbox_partnership_fk references partnerships (id) on delete cascade,
        kind text not null constraint delivery_outbox_kind_ck check (kind in ('packet', 'artifact', 'alert')),
        channel text not null constraint delivery_outbox_channel_ck check (channel in ('email', 'webhook')),
        dedupe_key text not null,
        subject text not null,
        body_html text not null,
        body_text text not null,
        recipients text[] not null default '{}',
        webhook_payload jsonb,
        status text not null default 'pending'
          constraint delivery_outbox_status_ck check (status in ('pending', 'sending', 'sent', 'failed')),
        attempts integer not null default 0,
        next_attempt_at timestamptz not null default now(),
        claimed_until timestamptz,
        last_error text,
        sent_at timestamptz,
        created_at timestamptz not null default now(),
        constraint delivery_outbox_dedupe_uq unique (partnership_id, channel, dedupe_key),
        constraint delivery_outbox_email_recipients_ck check (channel <> 'email' or cardinality(recipients) > 0),
        constraint delivery_outbox_webhook_payload_ck check (channel <> 'webhook' or webhook_payload is not null)
      )`);
    // The worker's scan: rows waiting for an attempt, or claimed by a worker that stopped answering.
    await q.query(
      `create index delivery_outbox_due_idx on delivery_outbox (next_attempt_at) where status in ('pending', 'sending')`,
    );
    await q.query(`create index delivery_outbox_partnership_idx on delivery_outbox (partnership_id, created_at)`);
    await q.query(`
      create table delivery_attachments (
        id uuid primary key default gen_random_uuid(),
        delivery_id uuid not null constraint delivery_attachments_delivery_fk references delivery_outbox (id) on delete cascade,
        position smallint not null,
        filename text not null,
        content_type text not null,
        content bytea not null,
        constraint delivery_attachments_position_uq unique (delivery_id, position)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table delivery_attachments`);
    await q.query(`drop table delivery_outbox`);
    await q.query(`alter table partnerships drop column webhook_url_sealed, drop column holidays`);
  }
}
