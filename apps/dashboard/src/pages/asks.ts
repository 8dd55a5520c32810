import {
  askStatuses,
  askVerdicts,
  decisionKinds,
  type AskStatus,
  type AskVerdict,
  type AskView,
  type DecisionKind,
  type DecisionView,
  type MeetingView,
  type SideKey,
} from '@alignboard/contracts';
import { useState } from 'preact/hooks';
import { formatDate, humanize } from '@alignboard/presentation';
import { html } from '../html.js';
import type { PageContext } from '../shell.js';
import { useResource } from '../ui/resource.js';
import { Empty, ErrorNotice, Flash, Loading } from '../ui/states.js';


type Scope = 'quarter' | 'open' | 'all';
const openStatuses: AskStatus[] = ['open', 'in_progress', 'blocked'];

/** Every ask each side owes the other, with its status and verdict, and the decision log by meeting. */
export function AsksPage({ context }: { context: PageContext }) {
  const { api, partnership, quarter } = context;
  const key = partnership.key;
  const asks = useResource((signal) => api.asks(key, {}, signal), [key]);
  const decisions = useResource((signal) => api.decisions(key, signal), [key]);
  const meetings = useResource((signal) => api.meetings(key, signal), [key]);
  const [scope, setScope] = useState<Scope>('quarter');
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  const loaded = asks.data && decisions.data && meetings.data;
  const error = asks.error ?? decisions.error ?? meetings.error;
  const ready = Boolean(loaded || (error && !loaded));
  const shown = (asks.data ?? []).filter((a) =>
    scope === 'all' ? true : scope === 'open' ? openStatuses.includes(a.status) : a.quarterRaised === quarter,
  );

  async function run(write: () => Promise<unknown>, done: string, reload: () => void) {
    setMessage(null);
    try {
      await write();
      reload();
      setMessage({ tone: 'ok', text: done });
      return true;
    } catch (e) {
      setMessage({ tone: 'error', text: (e as Error).message });
      return false;
    }
  }

  return html`<section class="page" data-testid="page-asks" data-ready=${ready ? 'true' : 'false'} aria-busy=${!ready}>
    ${error && !loaded ? html`<${ErrorNotice} error=${error} retry=${() => (asks.reload(), decisions.reload(), meetings.reload())} />` : null}
    ${!loaded && !error ? html`<${Loading} what="the asks and decisions" />` : null}
    <${Flash} message=${message} />
    ${loaded
      ? html`
          <section aria-labelledby="asks-title">
            <div class="card-head">
              <h2 id="asks-title">Asks</h2>
              <div class="segmented" role="group" aria-label="Which asks">
                ${(
                  [
                    ['quarter', `Raised in ${quarter}`],
                    ['open', 'Still open (any quarter)'],
                    ['all', 'All'],
                  ] as [Scope, string][]
                ).map(([value, label]) => html`<button type="button" class="button" aria-pressed=${scope === value} onClick=${() => setScope(value)}>${label}</button>`)}
              </div>
            </div>
            <${AskSummary} asks=${shown} context=${context} />
            ${shown.length === 0
              ? html`<${Empty} title=${scope === 'quarter' ? `No ask raised in ${quarter}` : 'No ask here'}>
                  <p>Raise one below: what one side needs from the other this quarter, with an owner and a due date.</p>
                <//>`
              : html`<table class="table">
                  <thead>
                    <tr>
                      <th scope="col">Owed by → to</th>
                      <th scope="col">Ask</th>
                      <th scope="col">Owner</th>
                      <th scope="col">Due</th>
                      <th scope="col">Raised</th>
                      <th scope="col">Status</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${shown.map((ask) => html`<${AskRow} ask=${ask} context=${context} run=${(w: () => Promise<unknown>, d: string) => run(w, d, asks.reload)} />`)}
                  </tbody>
                </table>`}
            <${NewAsk} context=${context} run=${(w: () => Promise<unknown>, d: string) => run(w, d, asks.reload)} />
          </section>
          <${Decisions}
            decisions=${decisions.data!}
            meetings=${meetings.data!}
            context=${context}
            run=${(w: () => Promise<unknown>, d: string) => run(w, d, decisions.reload)}
          />
        `
      : null}
  </section>`;
}

function AskSummary({ asks, context }: { asks: AskView[]; context: PageContext }) {
  const { sides } = context.partnership;
  return html`<ul class="ask-summary">
    ${(['A', 'B'] as const).map((side) => {
      const owed = asks.filter((a) => a.toSide === side);
      const delivered = owed.filter((a) => a.status === 'delivered').length;
      const blocked = owed.filter((a) => a.status === 'blocked').length;
      return html`<li><strong>${sides[side].company}</strong> owes ${owed.length}: ${delivered} delivered${blocked ? html`, <strong>${blocked} blocked</strong>` : ''}</li>`;
    })}
  </ul>`;
}

type Run = (write: () => Promise<unknown>, done: string) => Promise<boolean>;

function AskRow({ ask, context, run }: { ask: AskView; context: PageContext; run: Run }) {
  const { api, partnership } = context;
  const [status, setStatus] = useState<AskStatus>(ask.status);
  const [verdict, setVerdict] = useState<AskVerdict | ''>(ask.verdict ?? '');
  const needsVerdict = status === 'dropped' && !verdict;
  const changed = status !== ask.status || (verdict || null) !== ask.verdict;
  const company = (s: SideKey) => partnership.sides[s].company;
  return html`<tr data-testid="ask-row" data-status=${ask.status}>
    <td>${company(ask.toSide)} → ${company(ask.fromSide)}</td>
    <td>${ask.text}</td>
    <td class="nowrap">${ask.owner ?? '—'}</td>
    <td class="nowrap">${formatDate(ask.due)}</td>
    <td class="nowrap">${ask.quarterRaised}</td>
    <td>
      <div class="ask-status">
        <label class="visually-hidden" for=${`status-${ask.id}`}>Status</label>
        <select id=${`status-${ask.id}`} value=${status} data-status=${status} onChange=${(e: Event) => setStatus((e.target as HTMLSelectElement).value as AskStatus)}>
          ${askStatuses.map((s) => html`<option value=${s}>${humanize(s)}</option>`)}
        </select>
        ${status !== 'delivered'
          ? html`<label class="visually-hidden" for=${`verdict-${ask.id}`}>Review verdict</label>
              <select id=${`verdict-${ask.id}`} value=${verdict} onChange=${(e: Event) => setVerdict((e.target as HTMLSelectElement).value as AskVerdict | '')}>
                <option value="">${status === 'dropped' ? 'Why dropped?' : 'No verdict'}</option>
                ${askVerdicts.map((v) => html`<option value=${v}>${humanize(v)}</option>`)}
              </select>`
          : null}
        ${changed
          ? html`<button
              type="button"
              class="button button-primary"
              disabled=${needsVerdict}
              title=${needsVerdict ? 'A dropped ask needs a verdict' : ''}
              onClick=${() =>
                run(
                  () => api.updateAsk(partnership.key, ask.id, { status, ...(status !== 'delivered' ? { verdict: verdict || null } : {}) }),
                  `“${ask.text}” is now ${humanize(status).toLowerCase()}.`,
                )}
            >
              Save
            </button>`
          : null}
      </div>
    </td>
  </tr>`;
}

function NewAsk({ context, run }: { context: PageContext; run: Run }) {
  const { api, partnership, quarter } = context;
  const [fromSide, setFromSide] = useState<SideKey>(partnership.mySide ?? 'A');
  const [text, setText] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const toSide: SideKey = fromSide === 'A' ? 'B' : 'A';
  return html`<details class="card">
    <summary>Raise an ask</summary>
    <form
      class="inline-form"
      onSubmit=${async (e: Event) => {
        e.preventDefault();
        if (!text.trim()) return;
        const ok = await run(
          () => api.createAsk(partnership.key, { fromSide, toSide, quarterRaised: quarter, text: text.trim(), owner: owner.trim() || null, due: due || null }),
          `Ask raised: ${partnership.sides[toSide].company} owes it to ${partnership.sides[fromSide].company}.`,
        );
        if (ok) {
          setText('');
          setOwner('');
          setDue('');
        }
      }}
    >
      <label class="picker"><span>Asked by</span>
        <select value=${fromSide} onChange=${(e: Event) => setFromSide((e.target as HTMLSelectElement).value as SideKey)}>
          ${(['A', 'B'] as const).map((s) => html`<option value=${s}>${partnership.sides[s].company}</option>`)}
        </select>
      </label>
      <label class="picker picker-grow"><span>Ask (owed by ${partnership.sides[toSide].company})</span><input value=${text} required onInput=${(e: Event) => setText((e.target as HTMLInputElement).value)} /></label>
      <label class="picker"><span>Owner</span><input value=${owner} onInput=${(e: Event) => setOwner((e.target as HTMLInputElement).value)} /></label>
      <label class="picker"><span>Due</span><input type="date" value=${due} onInput=${(e: Event) => setDue((e.target as HTMLInputElement).value)} /></label>
      <button type="submit" class="button button-primary">Raise in ${quarter}</button>
    </form>
  </details>`;
}

function Decisions({ decisions, meetings, context, run }: { decisions: DecisionView[]; meetings: MeetingView[]; context: PageContext; run: Run }) {
  const { api, partnership } = context;
  const byDate = [...meetings].sort((a, b) => b.scheduledDate.localeCompare(a.scheduledDate));
  const withDecisions = byDate.filter((m) => decisions.some((d) => d.meetingId === m.id));
  const [meetingId, setMeetingId] = useState(byDate.find((m) => m.status !== 'cancelled')?.id ?? '');
  const [kind, setKind] = useState<DecisionKind>('motion');
  const [text, setText] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  return html`<section aria-labelledby="decisions-title">
    <h2 id="decisions-title">Decisions</h2>
    ${withDecisions.length === 0
      ? html`<${Empty} title="No decision logged yet">
          <p>A meeting decides one or two changes (a motion, the account set, owners, cadence, asks). Log them below as they are made.</p>
        <//>`
      : withDecisions.map(
          (m) => html`<div class="card">
            <p class="card-title">${m.quarter} meeting · ${formatDate(m.scheduledDate)} <span class="badge">${humanize(m.status)}</span></p>
            <ul class="plain-list">
              ${decisions
                .filter((d) => d.meetingId === m.id)
                .map(
                  (d) => html`<li data-testid="decision-row">
                    <span class="badge">${humanize(d.kind)}</span> ${d.text}
                    ${d.owner ? html` <span class="muted">— ${d.owner}${d.due ? `, due ${formatDate(d.due)}` : ''}</span>` : null}
                    ${d.outcome ? html`<br /><span class="muted small">Changed: ${d.outcome.kind === 'motion' ? `motion ${d.outcome.motion} (${d.outcome.action})` : `account set, version ${d.outcome.namedAccountSetVersion}`}</span>` : null}
                  </li>`,
                )}
            </ul>
          </div>`,
        )}
    ${byDate.length === 0
      ? html`<p class="muted">Decisions are logged on a meeting; no meeting exists yet.</p>`
      : html`<details class="card">
          <summary>Log a decision</summary>
          <form
            class="inline-form"
            onSubmit=${async (e: Event) => {
              e.preventDefault();
              if (!text.trim() || !meetingId) return;
              const ok = await run(
                () => api.createDecision(partnership.key, { meetingId, kind, text: text.trim(), owner: owner.trim() || null, due: due || null }),
                'Decision logged.',
              );
              if (ok) {
                setText('');
                setOwner('');
                setDue('');
              }
            }}
          >
            <label class="picker"><span>Meeting</span>
              <select value=${meetingId} onChange=${(e: Event) => setMeetingId((e.target as HTMLSelectElement).value)}>
                ${byDate.map((m) => html`<option value=${m.id}>${m.quarter} · ${formatDate(m.scheduledDate)}</option>`)}
              </select>
            </label>
            <label class="picker"><span>Kind</span>
              <select value=${kind} onChange=${(e: Event) => setKind((e.target as HTMLSelectElement).value as DecisionKind)}>
                ${decisionKinds.map((k) => html`<option value=${k}>${humanize(k)}</option>`)}
              </select>
            </label>
            <label class="picker picker-grow"><span>Decision</span><input value=${text} required onInput=${(e: Event) => setText((e.target as HTMLInputElement).value)} /></label>
            <label class="picker"><span>Owner</span><input value=${owner} onInput=${(e: Event) => setOwner((e.target as HTMLInputElement).value)} /></label>
            <label class="picker"><span>Due</span><input type="date" value=${due} onInput=${(e: Event) => setDue((e.target as HTMLInputElement).value)} /></label>
            <button type="submit" class="button button-primary">Log</button>
          </form>
        </details>`}
  </section>`;
}
