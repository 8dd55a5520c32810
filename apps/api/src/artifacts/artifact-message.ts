import type { ArtifactView } from '@alignboard/contracts';
import { escapeSlack } from '@alignboard/presentation';
import type { OutgoingMessage } from '../delivery/outgoing-message.js';
import {
  money,
  renderArtifactHtml,
  renderArtifactText,
  type ArtifactHeading,
} from './artifact-html.js';

/**
 * The one-pager as the delivery outbox sends it: the printable page as the
 * email body (and as an attachment to print or forward), plus a summary to
 * the partnership's webhook. One message per revision sent.
 */
export function artifactMessage(
  partnership: { id: string; name: string },
  heading: ArtifactHeading,
  artifact: ArtifactView,
  to: string[],
): OutgoingMessage {
  const html = renderArtifactHtml(heading, artifact);
  const n = artifact.content.numbers;
  const title = `One-pager ${artifact.quarter} (revision ${artifact.revision})`;
  const summary =
    `Joint number ${money(n.joint.total, n.currency)}; ${artifact.content.commitments.length} commitments, ` +
    `${artifact.content.asks.length} asks, ${artifact.content.decisions.length} decisions.`;
  return {
    partnershipId: partnership.id,
    kind: 'artifact',
    dedupeKey: `artifact:${artifact.id}:${artifact.revision}`,
    subject: `[Alignboard] ${partnership.name}: ${title}`,
    html,
    text: renderArtifactText(heading, artifact),
    attachments: [
      {
        filename: `one-pager-${artifact.quarter}-r${artifact.revision}.html`,
        contentType: 'text/html; charset=utf-8',
        content: Buffer.from(html, 'utf8'),
      },
    ],
    to,
    webhook: {
      text: escapeSlack(`*${partnership.name}*: ${title} sent. ${summary}`),
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: `${title} · ${partnership.name}` } },
        { type: 'section', text: { type: 'mrkdwn', text: escapeSlack(summary) } },
        ...artifact.content.decisions.slice(0, 5).map((d) => ({
          type: 'section',
          text: { type: 'mrkdwn', text: escapeSlack(`• [${d.kind}] ${d.text}`) },
        })),
      ],
    },
  };
}
