/**
 * What the meeting loop sends (prework packets, the one-pager, alerts): one
 * message, written to the delivery outbox in the caller's transaction and
 * delivered by the delivery worker by email and to the partnership's webhook,
 * retried until delivered. The same `dedupeKey` twice is delivered once.
 */
export interface OutgoingMessage {
  partnershipId: string;
  kind: 'packet' | 'artifact' | 'alert';
  /** e.g. `packet:<meetingId>:<version>`; a second enqueue with the same key is ignored. */
  dedupeKey: string;
  subject: string;
  html: string;
  text: string;
  attachments?: { filename: string; contentType: string; content: Buffer }[];
  /** Email recipients (lower-cased addresses); empty sends no email. */
  to: string[];
  /** Slack-compatible JSON for the partnership's webhook, when it has one. */
  webhook?: { text: string; blocks?: unknown[] };
}
