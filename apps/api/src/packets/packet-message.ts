import type { PreworkPacketContent } from '@alignboard/contracts';
import { escapeSlack as slack, formatLongDate } from '@alignboard/presentation';
import type { OutgoingMessage } from '../delivery/outgoing-message.js';
import { PacketFormat } from './packet-format.js';

export interface StoredPacket {
  partnershipId: string;
  meetingId: string;
  version: number;
  content: PreworkPacketContent;
  html: string;
  pdf: Buffer;
}

/** Every attendee of both sides who has an email address, once. */
export function attendeeEmails(content: PreworkPacketContent): string[] {
  const emails = [...content.meeting.attendees.A, ...content.meeting.attendees.B].flatMap((a) =>
    a.email ? [a.email.toLowerCase()] : [],
  );
  return [...new Set(emails)].sort();
}

/**
 * A packet version as the delivery outbox sends it: the HTML page as the
 * email body with the PDF attached, to both sides' attendees, and a short
 * summary to the partnership's webhook. Keyed by meeting and version, so a
 * version is delivered once however often it is enqueued.
 */
export function packetMessage(packet: StoredPacket): OutgoingMessage {
  const c = packet.content;
  const f = new PacketFormat(c);
  const when = formatLongDate(c.meeting.scheduledDate);
  const flagged = c.motions.filter((m) => m.flag);
  const lines = [
    `Prework for the ${c.quarters.current} executive alignment meeting of ${c.partnership.name} on ${when}.`,
    `Joint number ${c.quarters.current}: ${f.amount(c.number.current.joint.total)} (${c.quarters.ended}: ${f.amount(c.number.ended.joint.total)}).`,
    `Asks raised in ${c.quarters.ended}: ${c.asks.length}, delivered: ${c.asks.filter((a) => a.status === 'delivered').length}.`,
    ...flagged.map(
      (m) => `${m.flag === 'kill' ? 'Kill candidate' : 'At risk'}: ${m.name}. ${m.reason ?? ''}`,
    ),
    `Figures as of ${c.asOf}; the full packet is attached (PDF).`,
  ];
  return {
    partnershipId: packet.partnershipId,
    kind: 'packet',
    dedupeKey: `packet:${packet.meetingId}:${packet.version}`,
    subject: `[Alignboard] ${c.partnership.name}: prework for the ${c.quarters.current} meeting (${c.meeting.scheduledDate})`,
    html: packet.html,
    text: lines.join('\n'),
    attachments: [
      {
        filename: `prework-${c.partnership.key}-${c.quarters.current}-v${packet.version}.pdf`,
        contentType: 'application/pdf',
        content: packet.pdf,
      },
    ],
    to: attendeeEmails(c),
    webhook: {
      text: slack(
        `*${c.partnership.name}*: prework for the ${c.quarters.current} meeting on ${when} is out.`,
      ),
      blocks: [
        {
          type: 'header',
          text: {
            type: 'plain_text',
            text: `Prework · ${c.partnership.name} · ${c.quarters.current}`,
          },
        },
        { type: 'section', text: { type: 'mrkdwn', text: slack(lines.slice(0, -1).join('\n')) } },
        {
          type: 'context',
          elements: [
            { type: 'mrkdwn', text: slack(`Version ${packet.version} · as of ${c.asOf}`) },
          ],
        },
      ],
    },
  };
}
