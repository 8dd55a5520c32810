import type { DeliveryChannel, DeliveryKind, DeliveryStatus, DeliveryView } from '@alignboard/contracts';

/** An outbox row as the listing query selects it: never a body, a payload or the webhook URL. */
export interface DeliveryRow {
  id: string;
  kind: DeliveryKind;
  channel: DeliveryChannel;
  dedupe_key: string;
  subject: string;
  recipients: string[];
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date | string;
  last_error: string | null;
  sent_at: Date | string | null;
  created_at: Date | string;
  attachments: { filename: string; contentType: string; bytes: number }[];
}

export function deliveryViewOf(row: DeliveryRow): DeliveryView {
  const waiting = row.status === 'pending' || row.status === 'sending';
  return {
    id: row.id,
    kind: row.kind,
    channel: row.channel,
    dedupeKey: row.dedupe_key,
    subject: row.subject,
    recipients: row.recipients,
    attachments: row.attachments,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: waiting ? instant(row.next_attempt_at) : null,
    lastError: row.last_error,
    sentAt: row.sent_at === null ? null : instant(row.sent_at),
    createdAt: instant(row.created_at),
  };
}

function instant(value: Date | string): string {
  return new Date(value).toISOString();
}
