import type {
  DealGroupMemberView,
  DealGroupView,
  GroupConflict,
  GroupOverrideView,
  MetricFigure,
  PartnershipView,
  PossibleDuplicate,
  QuarterMetrics,
  SideKey,
} from '@alignboard/contracts';
import { useState } from 'preact/hooks';
import { formatCount, formatDate, formatInstant, formatMoney, humanize } from '@alignboard/presentation';
import { html } from '../html.js';
import type { PageContext } from '../shell.js';
import { MemberCard, membersOf } from '../ui/deal-table.js';
import { Figure } from '../ui/figure.js';
import { useResource } from '../ui/resource.js';
import { Empty, ErrorNotice, Flash, Loading } from '../ui/states.js';

/** The figures a list of groups can be asked for (the contract's `metricFigures`, without the motion ones). */
const figureChoices: { figure: MetricFigure; label: string }[] = [
  { figure: 'joint.total', label: 'The joint number' },
  { figure: 'joint.closedWon', label: 'Closed won' },
  { figure: 'joint.commit', label: 'Commit' },
  { figure: 'joint.upside', label: 'Upside' },
  { figure: 'joint.pipeline', label: 'Pipeline' },
  { figure: 'joint.closedLost', label: 'Closed lost' },
  { figure: 'split.sourced', label: 'Partner sourced' },
  { figure: 'split.influenced', label: 'Partner influenced' },
];

const PAGE_SIZE = 25;

type Message = { tone: 'ok' | 'error'; text: string } | null;

/**
 * Deal groups: each shared deal with both sides' records side by side, the conflicts and possible
 * duplicates of the quarter to resolve, and the manual links. After a link or an unlink the page
 * reloads the figures and says how the joint number moved.
 */
export function GroupsPage({ context }: { context: PageContext }) {
  const { api, partnership, quarter, asOf } = context;
  const key = partnership.key;
  const initialFigure = figureChoices.find((f) => f.figure === new URLSearchParams(location.search).get('figure'))?.figure ?? 'joint.total';
  const [figure, setFigure] = useState<MetricFigure>(initialFigure);
  const [filter, setFilter] = useState('');
  const [shown, setShown] = useState(PAGE_SIZE);
  const [message, setMessage] = useState<Message>(null);
  const metrics = useResource((signal) => api.metrics(key, quarter, asOf, signal), [key, quarter, asOf]);
  const groups = useResource((signal) => api.groups(key, { quarter, asOf, figure }, signal), [key, quarter, asOf, figure]);
  const overrides = useResource((signal) => api.overrides(key, signal), [key]);
  // Every group closing in the quarter, in scope or not, to name the records of the review lists.
  const everyGroup = useResource((signal) => api.groups(key, { quarter, asOf, scope: 'all' }, signal), [key, quarter, asOf]);
  const names = recordNames(everyGroup.data?.groups);
  const details = recordDetails(everyGroup.data?.groups);

  /** Writes an override, then reloads everything and reports how the joint number moved. */
  async function applyOverride(write: () => Promise<unknown>, done: string) {
    const before = metrics.data?.joint.total;
    setMessage(null);
    try {
      await write();
      const after = await api.metrics(key, quarter, asOf);
      metrics.reload();
      groups.reload();
      overrides.reload();
      everyGroup.reload();
      const moved =
        before === undefined || before === after.joint.total
          ? `The joint number stays ${formatMoney(after.joint.total, partnership.currency)}.`
          : `Joint number ${formatMoney(before, partnership.currency)} → ${formatMoney(after.joint.total, partnership.currency)} (${after.joint.total > before ? '+' : '−'}${formatMoney(Math.abs(after.joint.total - before), partnership.currency)}).`;
      setMessage({ tone: 'ok', text: `${done} ${moved}` });
    } catch (error) {
      setMessage({ tone: 'error', text: (error as Error).message });
    }
  }
  const link = (a: string, b: string) => applyOverride(() => api.createOverride(key, { kind: 'link', a, b }), `Linked ${a} (side A) with ${b} (side B).`);
  const unlink = (a: string, b: string) => applyOverride(() => api.createOverride(key, { kind: 'unlink', a, b }), `Unlinked ${a} (side A) from ${b} (side B).`);
  const remove = (o: GroupOverrideView) => applyOverride(() => api.deleteOverride(key, o.id), `Removed the ${o.kind} of ${o.a} and ${o.b}; the matching rules decide them again.`);

  const m = metrics.data;
  const ready = Boolean((m && groups.data && overrides.data && !metrics.loading && !groups.loading) || (metrics.error && !m));
  const needle = filter.trim().toLowerCase();
  const visible = (groups.data?.groups ?? []).filter(
    (g) => !needle || g.members.some((x) => [x.name, x.accountName, x.accountDomain, x.crmId].some((v) => v?.toLowerCase().includes(needle))),
  );

  return html`<section class="page" data-testid="page-groups" data-ready=${ready ? 'true' : 'false'} aria-busy=${!ready}>
    ${metrics.error && !m ? html`<${ErrorNotice} error=${metrics.error} retry=${metrics.reload} title="The figures could not be loaded" />` : null}
    ${m ? html`<${Summary} m=${m} />` : html`<${Loading} what="the figures" />`}
    <${Flash} message=${message} />
    ${m ? html`<${Duplicates} m=${m} partnership=${partnership} names=${names} details=${details} link=${link} />` : null}
    ${m ? html`<${Conflicts} conflicts=${m.conflicts} partnership=${partnership} names=${names} unlink=${unlink} />` : null}

    <section aria-labelledby="groups-title">
      <h2 id="groups-title">Deal groups behind a figure</h2>
      <div class="toolbar">
        <label class="picker">
          <span>Figure</span>
          <select value=${figure} onChange=${(e: Event) => { setFigure((e.target as HTMLSelectElement).value as MetricFigure); setShown(PAGE_SIZE); }}>
            ${figureChoices.map((f) => html`<option value=${f.figure}>${f.label}</option>`)}
          </select>
        </label>
        <label class="picker picker-grow">
          <span>Find an account, deal or CRM id</span>
          <input type="search" value=${filter} onInput=${(e: Event) => { setFilter((e.target as HTMLInputElement).value); setShown(PAGE_SIZE); }} />
        </label>
      </div>
      ${groups.error
        ? html`<${ErrorNotice} error=${groups.error} retry=${groups.reload} />`
        : !groups.data
          ? html`<${Loading} what="the deal groups" />`
          : visible.length === 0
            ? html`<${Empty} title=${needle ? 'No deal group matches' : `No deal group in this figure for ${quarter}`}>
                <p>${needle ? 'Try part of the account name or its web domain.' : html`Pick another figure or quarter, or run a sync from the <a href=${context.href('sync')}>Sync page</a>.`}</p>
              <//>`
            : html`<p class="muted">${formatCount(visible.length, 'deal group')}, largest first; the amount is what the figures count (the booking side’s, side ${partnership.bookingSide}).</p>
                <ol class="group-list">
                  ${visible.slice(0, shown).map((g) => html`<${GroupRow} group=${g} partnership=${partnership} unlink=${unlink} />`)}
                </ol>
                ${visible.length > shown
                  ? html`<button type="button" class="button" onClick=${() => setShown(shown + PAGE_SIZE)}>Show ${Math.min(PAGE_SIZE, visible.length - shown)} more</button>`
                  : null}`}
    </section>

    <${Overrides} overrides=${overrides.data} error=${overrides.error} remove=${remove} />
  </section>`;
}

function Summary({ m }: { m: QuarterMetrics }) {
  return html`<div class="figure-grid figure-grid-compact">
    <${Figure} testid="joint-total" label=${`Joint number, ${m.quarter}`} value=${m.joint.total} currency=${m.currency} tone="ink" />
    <div class="figure"><span class="figure-label">Deal groups counted</span><span class="figure-value">${m.joint.deals}</span></div>
    <div class="figure"><span class="figure-label">Duplicate records counted once</span><span class="figure-value">${m.joint.duplicatesRemoved}</span></div>
    <div class="figure"><span class="figure-label">To review</span><span class="figure-value">${m.possibleDuplicates.length + m.conflicts.length}</span></div>
  </div>`;
}

type RecordNames = Map<string, string>;

/** `A:0061…` → the record's name, as far as the caller may see it. */
function recordNames(groups: DealGroupView[] | undefined): RecordNames {
  const names: RecordNames = new Map();
  for (const group of groups ?? []) for (const member of group.members) if (member.name) names.set(`${member.side}:${member.crmId}`, member.name);
  return names;
}

type RecordDetails = Map<string, DealGroupMemberView>;

/** `A:0061…` → the record as the caller may see it (stage, category…), to judge a possible duplicate. */
function recordDetails(groups: DealGroupView[] | undefined): RecordDetails {
  const details: RecordDetails = new Map();
  for (const group of groups ?? []) for (const member of group.members) details.set(`${member.side}:${member.crmId}`, member);
  return details;
}

function sideName(partnership: PartnershipView, side: SideKey): string {
  return `${partnership.sides[side].company} (${side})`;
}

function Duplicates({
  m,
  partnership,
  names,
  details,
  link,
}: {
  m: QuarterMetrics;
  partnership: PartnershipView;
  names: RecordNames;
  details: RecordDetails;
  link: (a: string, b: string) => Promise<void>;
}) {
  return html`<section aria-labelledby="dups-title">
    <h2 id="dups-title">Possible duplicates <span class="count">${m.possibleDuplicates.length}</span></h2>
    ${m.possibleDuplicates.length === 0
      ? html`<p class="muted">None in ${m.quarter}: every candidate pair matched one to one.</p>`
      : html`<p class="muted">
            Records on the same account, closing within 45 days with amounts within 20%, that could not be paired one to one. Tick the record of
            each side that is the same deal and link them; the figures count the pair once.
          </p>
          ${m.possibleDuplicates.map((cluster, i) => html`<${DuplicateCluster} cluster=${cluster} index=${i} partnership=${partnership} names=${names} details=${details} link=${link} />`)}`}
  </section>`;
}

function DuplicateCluster({
  cluster,
  index,
  partnership,
  names,
  details,
  link,
}: {
  cluster: PossibleDuplicate;
  index: number;
  partnership: PartnershipView;
  names: RecordNames;
  details: RecordDetails;
  link: (a: string, b: string) => Promise<void>;
}) {
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const id = (x: { side: SideKey; crmId: string }) => `${x.side}:${x.crmId}`;
  const chosen = cluster.members.filter((x) => selected.includes(id(x)));
  const a = chosen.filter((x) => x.side === 'A');
  const b = chosen.filter((x) => x.side === 'B');
  const canLink = a.length === 1 && b.length === 1;
  const nameOf = (x: { side: SideKey; crmId: string }) => names.get(id(x));
  const hint = canLink
    ? `Link ${a[0].crmId} with ${b[0].crmId}`
    : 'Select one record of each side';

  return html`<div class="card duplicate" data-testid="possible-duplicate">
    <p class="card-title">Cluster ${index + 1} · ${cluster.members[0]?.domain ?? ''}</p>
    <table class="table">
      <thead>
        <tr><th scope="col"><span class="visually-hidden">Select</span></th><th scope="col">Side</th><th scope="col">Record</th><th scope="col" class="num">Amount</th><th scope="col">Close</th><th scope="col">Stage</th><th scope="col">Category</th></tr>
      </thead>
      <tbody>
        ${cluster.members.map((x) => {
          const checkbox = `dup-${index}-${id(x)}`;
          return html`<tr data-testid="dup-member" data-side=${x.side} data-crm-id=${x.crmId} data-value=${String(x.amount)}>
            <td>
              <input
                type="checkbox"
                id=${checkbox}
                checked=${selected.includes(id(x))}
                onChange=${(e: Event) => {
                  const on = (e.target as HTMLInputElement).checked;
                  setSelected((s) => (on ? [...s.filter((v) => !v.startsWith(`${x.side}:`)), id(x)] : s.filter((v) => v !== id(x))));
                }}
              />
            </td>
            <td><label for=${checkbox}>${sideName(partnership, x.side)}</label></td>
            <td>${nameOf(x) ?? html`<span class="muted">${x.domain}</span>`}<br /><span class="muted small">${x.crmId}</span></td>
            <td class="num">${formatMoney(x.amount, partnership.currency)}</td>
            <td class="nowrap">${formatDate(x.closeDate)}</td>
            <td>${details.get(id(x))?.stage ?? html`<span class="muted">—</span>`}</td>
            <td class="nowrap">${details.get(id(x))?.forecastCategory ? humanize(details.get(id(x))!.forecastCategory) : html`<span class="muted">—</span>`}</td>
          </tr>`;
        })}
      </tbody>
    </table>
    <div class="button-row">
      <button
        type="button"
        class="button button-primary"
        data-testid="link-selected"
        disabled=${!canLink || busy}
        onClick=${async () => {
          setBusy(true);
          await link(a[0].crmId, b[0].crmId);
          setBusy(false);
          setSelected([]);
        }}
      >
        ${busy ? 'Linking…' : 'Link selected'}
      </button>
      <span class="muted">${hint}</span>
    </div>
  </div>`;
}

function Conflicts({
  conflicts,
  partnership,
  names,
  unlink,
}: {
  conflicts: GroupConflict[];
  partnership: PartnershipView;
  names: RecordNames;
  unlink: (a: string, b: string) => Promise<void>;
}) {
  return html`<section aria-labelledby="conflicts-title">
    <h2 id="conflicts-title">Conflicts <span class="count">${conflicts.length}</span></h2>
    ${conflicts.length === 0
      ? html`<p class="muted">None: both sides agree on the attribution and motion of every shared deal.</p>`
      : html`<p class="muted">
            The two sides tag the same deal differently; the booking side’s value (side ${partnership.bookingSide}) is used. Fix the tag in the CRM
            that is wrong — the next sync clears the conflict — or unlink the records if they are not the same deal.
          </p>
          <table class="table">
            <thead>
              <tr><th scope="col">Deal</th><th scope="col">Field</th><th scope="col">${sideName(partnership, 'A')}</th><th scope="col">${sideName(partnership, 'B')}</th><th scope="col">Used</th><th scope="col"><span class="visually-hidden">Action</span></th></tr>
            </thead>
            <tbody>
              ${conflicts.map((c) => {
                const a = c.members.find((x) => x.side === 'A');
                const b = c.members.find((x) => x.side === 'B');
                return html`<tr data-testid="conflict-row" data-group=${c.groupId}>
                  <td>
                    ${c.members.map((x) => names.get(`${x.side}:${x.crmId}`)).find(Boolean) ?? c.groupId}
                    <br /><span class="muted small">${c.members.map((x) => `${x.side}:${x.crmId}`).join(' · ')}</span>
                  </td>
                  <td>${humanize(c.field)}</td>
                  <td>${c.values.A.join(', ') || '—'}</td>
                  <td>${c.values.B.join(', ') || '—'}</td>
                  <td><strong>${c.used}</strong></td>
                  <td>${a && b ? html`<button type="button" class="button" onClick=${() => unlink(a.crmId, b.crmId)}>Unlink</button>` : null}</td>
                </tr>`;
              })}
            </tbody>
          </table>`}
  </section>`;
}

function GroupRow({ group, partnership, unlink }: { group: DealGroupView; partnership: PartnershipView; unlink: (a: string, b: string) => Promise<void> }) {
  const a = membersOf(group, 'A');
  const b = membersOf(group, 'B');
  const { currency } = partnership;
  const [open, setOpen] = useState(false);
  const recordName = (members: DealGroupMemberView[]) =>
    members.length === 0 ? '—' : members.map((x) => x.name ?? x.accountName ?? x.accountDomain ?? x.crmId).join(', ');
  // Collapsed by default: the summary names both sides' records; the details open on click or Enter.
  return html`<li class="card group" data-testid="group-row" data-group=${group.groupId} data-value=${String(group.amount)}>
    <div class="group-head">
      <p class="group-amount">${formatMoney(group.amount, currency)}</p>
      <p class="group-tags">
        <span class="tag">${humanize(group.category)}</span>
        <span class="tag">${humanize(group.attribution)}</span>
        ${group.motion ? html`<span class="tag">${group.motion}</span>` : null}
        <span class="muted">closes ${formatDate(group.closeDate)} · created ${formatDate(group.createdAt)}</span>
      </p>
      ${a.length === 1 && b.length === 1
        ? html`<button type="button" class="button button-quiet" onClick=${() => unlink(a[0].crmId, b[0].crmId)} title="These records are not the same deal">Unlink</button>`
        : null}
    </div>
    <button type="button" class="group-toggle" aria-expanded=${open ? 'true' : 'false'} onClick=${() => setOpen(!open)}>
      <span class="group-toggle-icon" aria-hidden="true">${open ? '▾' : '▸'}</span>
      <span><span class="muted">A:</span> ${recordName(a)}</span>
      <span><span class="muted">B:</span> ${recordName(b)}</span>
      <span class="visually-hidden">${open ? 'Hide the records' : 'Show the records'}</span>
    </button>
    ${open
      ? html`<div class="sides">
          ${(['A', 'B'] as const).map(
            (side) => html`<div class="side" data-side=${side}>
              <p class="side-title">${sideName(partnership, side)}</p>
              ${(side === 'A' ? a : b).length
                ? (side === 'A' ? a : b).map((member) => html`<${MemberCard} member=${member} currency=${currency} />`)
                : html`<p class="muted">No record on this side.</p>`}
            </div>`,
          )}
        </div>`
      : null}
  </li>`;
}

function Overrides({ overrides, error, remove }: { overrides: GroupOverrideView[] | undefined; error: Error | undefined; remove: (o: GroupOverrideView) => Promise<void> }) {
  return html`<section aria-labelledby="overrides-title">
    <h2 id="overrides-title">Manual links and unlinks <span class="count">${overrides?.length ?? 0}</span></h2>
    ${error
      ? html`<${ErrorNotice} error=${error} />`
      : !overrides
        ? html`<${Loading} what="the overrides" />`
        : overrides.length === 0
          ? html`<p class="muted">None: the matching rules (cross-references, then same account, date and amount) decide every group.</p>`
          : html`<table class="table">
              <thead><tr><th scope="col">Kind</th><th scope="col">Side A record</th><th scope="col">Side B record</th><th scope="col">By</th><th scope="col">When</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
              <tbody>
                ${overrides.map(
                  (o) => html`<tr data-testid="override-row">
                    <td>${humanize(o.kind)}</td><td>${o.a}</td><td>${o.b}</td><td>${o.createdBy}</td><td>${formatInstant(o.createdAt)}</td>
                    <td><button type="button" class="button button-quiet" onClick=${() => remove(o)}>Remove</button></td>
                  </tr>`,
                )}
              </tbody>
            </table>`}
  </section>`;
}
