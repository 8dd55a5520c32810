import { formatMoney } from '@alignboard/presentation';
import { html } from '../html.js';

/**
 * One figure of the quarter: its money to the cent as text, and the API's raw number in
 * `data-value`, so what the room reads can be checked against the API to the cent.
 */
export function Figure({
  testid,
  label,
  value,
  currency,
  tone,
  href,
}: {
  testid: string;
  label: string;
  value: number;
  currency: string;
  tone: string;
  href?: string;
}) {
  const money = html`<span class="figure-value" data-testid=${testid} data-value=${String(value)}>${formatMoney(value, currency)}</span>`;
  return html`<div class="figure" data-tone=${tone}>
    <span class="figure-label"><span class="swatch" aria-hidden="true"></span>${label}</span>
    ${href ? html`<a class="figure-link" href=${href} title=${`See the deals behind ${label.toLowerCase()}`}>${money}</a>` : money}
  </div>`;
}
