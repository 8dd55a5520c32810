import type { DealGroupMemberView, DealGroupView, SideKey, PartnershipView } from '@alignboard/contracts';
import { formatDate, formatMoney, humanize } from '@alignboard/presentation';
import { html } from '../html.js';

/** One CRM record as the caller may see it; a field the other side does not share is absent. */
export function MemberCard({ member, currency }: { member: DealGroupMemberView; currency: string }) {
  const own = member.currency && member.currency !== currency && member.amount != null;
  return html`<div class="member">
    <p class="member-name">${member.name ?? html`<span class="muted">(name not shared)</span>`}</p>
    <p class="member-meta">
      ${member.accountName ?? member.accountDomain ?? ''}
      <span class="muted"> · ${member.crmId}</span>
    </p>
    <dl class="member-fields">
      ${'baseAmount' in member || 'amount' in member
        ? html`<div><dt>Amount</dt><dd>${formatMoney(member.baseAmount ?? member.amount ?? null, currency)}${own ? html` <span class="muted">(${formatMoney(member.amount, member.currency!)})</span>` : null}</dd></div>`
        : null}
      ${'closeDate' in member ? html`<div><dt>Close</dt><dd>${formatDate(member.closeDate)}</dd></div>` : null}
      ${'stage' in member ? html`<div><dt>Stage</dt><dd>${member.stage ?? '—'}</dd></div>` : null}
      ${'forecastCategory' in member ? html`<div><dt>Category</dt><dd>${humanize(member.forecastCategory)}</dd></div>` : null}
      ${'attribution' in member ? html`<div><dt>Attribution</dt><dd>${humanize(member.attribution)}</dd></div>` : null}
      ${'motion' in member ? html`<div><dt>Motion</dt><dd>${member.motion ?? '—'}</dd></div>` : null}
    </dl>
  </div>`;
}

export function membersOf(group: DealGroupView, side: SideKey): DealGroupMemberView[] {
  return group.members.filter((m) => m.side === side);
}

/** The deals behind a figure: each group's amount as the figures count it, and its records side by side. */
export function DealList({
  groups,
  partnership,
  testid,
  total,
  totalLabel,
}: {
  groups: DealGroupView[];
  partnership: PartnershipView;
  testid: string;
  total: number;
  totalLabel: string;
}) {
  const { currency } = partnership;
  return html`<div class="deal-list" data-testid=${testid}>
    <p class="deal-list-total">${totalLabel}: <strong>${formatMoney(total, currency)}</strong> in ${groups.length} ${groups.length === 1 ? 'deal' : 'deals'}</p>
    ${groups.length === 0
      ? html`<p class="muted">No deal counts in this figure.</p>`
      : html`<table class="table">
          <thead>
            <tr>
              <th scope="col">Deal</th>
              <th scope="col" class="num">Amount</th>
              <th scope="col">Close</th>
              <th scope="col">Category</th>
              <th scope="col">Records</th>
            </tr>
          </thead>
          <tbody>
            ${groups.map(
              (g) => html`<tr data-testid="deal-row" data-group=${g.groupId} data-value=${String(g.amount)}>
                <td>${g.members.find((m) => m.name)?.name ?? g.groupId}<br /><span class="muted">${g.members.find((m) => m.accountName)?.accountName ?? ''}</span></td>
                <td class="num">${formatMoney(g.amount, currency)}</td>
                <td>${formatDate(g.closeDate)}</td>
                <td>${humanize(g.category)}</td>
                <td>${(['A', 'B'] as const).map((side) => {
                  const n = membersOf(g, side).length;
                  return n ? html`<span class="side-chip">${partnership.sides[side].company}${n > 1 ? ` ×${n}` : ''}</span>` : null;
                })}</td>
              </tr>`,
            )}
          </tbody>
        </table>`}
  </div>`;
}
