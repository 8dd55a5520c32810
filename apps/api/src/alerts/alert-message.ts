import type { AlertKind } from '@alignboard/contracts';
import { escapeHtml, escapeSlack, palette } from '@alignboard/presentation';
import type { OutgoingMessage } from '../delivery/outgoing-message.js';

const kindTitles: Record<AlertKind, string> = {
  kill_candidate: 'Kill candidate',
  at_risk: 'Motion at risk',
  consecutive_cancellations: 'Two cancellations in a row',
  prework_late: 'Prework late',
  artifact_overdue: 'One-pager overdue',
  sync_failing: 'CRM sync failing',
  sync_drift: 'CRM records healed by reconciliation',
};

export interface RaisedAlert {
  id: string;
  kind: AlertKind;
  period: string;
  message: string;
}

/** One new alert as the delivery outbox sends it: one email to `to`, one post to the partnership's webhook. */
export function alertMessage(
  partnership: { id: string; key: string; name: string },
  alert: RaisedAlert,
  to: string[],
): OutgoingMessage {
  const title = `${kindTitles[alert.kind]} (${alert.period})`;
  const text = `${partnership.name}: ${title}\n\n${alert.message}\n\nAcknowledge it in Alignboard: partnership ${partnership.key}, alert ${alert.id}.`;
  return {
    partnershipId: partnership.id,
    kind: 'alert',
    dedupeKey: `alert:${alert.id}`,
    subject: `[Alignboard] ${partnership.name}: ${title}`,
    text,
    html: [
      '<!doctype html><html><body style="font-family: sans-serif">',
      `<h2>${escapeHtml(title)}</h2>`,
      `<p>${escapeHtml(alert.message)}</p>`,
      `<p style="color: ${palette.muted}">${escapeHtml(partnership.name)} · acknowledge it in Alignboard (alert ${escapeHtml(alert.id)}).</p>`,
      '</body></html>',
    ].join(''),
    to,
    webhook: {
      text: escapeSlack(`*${partnership.name}*: ${title}. ${alert.message}`),
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: `${kindTitles[alert.kind]} · ${partnership.name}` } },
        { type: 'section', text: { type: 'mrkdwn', text: escapeSlack(alert.message) } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: `${alert.period} · alert ${alert.id}` }] },
      ],
    },
  };
}
