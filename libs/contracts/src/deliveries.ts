import { z } from 'zod';

/** What the meeting loop sends: prework packets, the one-pager, alerts. */
export const deliveryKinds = ['packet', 'artifact', 'alert'] as const;
export type DeliveryKind = (typeof deliveryKinds)[number];

export const deliveryChannels = ['email', 'webhook'] as const;
export type DeliveryChannel = (typeof deliveryChannels)[number];

/**
 * `pending` waits for its next attempt (or for SMTP to be configured),
 * `sending` is claimed by a worker, `sent` is done, `failed` gave up after
 * the last attempt and stays listed.
 */
export const deliveryStatuses = ['pending', 'sending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const listDeliveriesQuerySchema = z
  .object({
    status: z.enum(deliveryStatuses).optional(),
    kind: z.enum(deliveryKinds).optional(),
  })
  .strict();
export type ListDeliveriesQuery = z.infer<typeof listDeliveriesQuerySchema>;

/** One outbox row: a message on one channel. Never the webhook URL. */
export interface DeliveryView {
  id: string;
  kind: DeliveryKind;
  channel: DeliveryChannel;
  dedupeKey: string;
  subject: string;
  /** Email recipients; empty for the webhook. */
  recipients: string[];
  attachments: { filename: string; contentType: string; bytes: number }[];
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
}
