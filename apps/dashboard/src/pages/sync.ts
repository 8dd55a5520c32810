import { describeHealed, type CrmProvider, type QuarantinedRecordView, type SideSyncStatus, type SyncRunView } from '@alignboard/contracts';
import { useState } from 'preact/hooks';
import { serverClock } from '../clock.js';
import { formatAge, formatInstant, humanize } from '@alignboard/presentation';
import { html } from '../html.js';
import type { PageContext } from '../shell.js';
import { useInterval, useResource } from '../ui/resource.js';
import { Empty, ErrorNotice, Flash, Loading } from '../ui/states.js';

const providerNames: Record<CrmProvider, string> = { salesforce: 'Salesforce', hubspot: 'HubSpot' };

const RUNNING_POLL_MS = 1_500;
const IDLE_POLL_MS = 20_000;

/** A running sync's progress: records read of the total when the CRM says it (Salesforce does, HubSpot does not). */
export function progressOf(run: SyncRunView): { fetched: number; total: number | null; share: number | null } {
  const fetched = run.progress?.fetched ?? run.recordsFetched;
  const total = run.progress?.total ?? null;
  return { fetched, total, share: total ? Math.min(1, fetched / total) : null };
}

/** What a phase of a run is doing, in a sentence's words. */
const phaseWords = {
  reading: { verb: 'Syncing', unit: 'opportunities read' },
  checking: { verb: 'Reconciling: checking every record', unit: 'records checked' },
  healing: { verb: 'Reconciling: healing what differs', unit: 'records healed' },
} as const;


/** Sync status: both sides' connections, the running sync's progress, the last runs, quarantined records. */
export function SyncPage({ context }: { context: PageContext }) {
  const { api, partnership } = context;
  const key = partnership.key;
  const status = useResource((signal) => api.syncStatus(key, signal), [key]);
  const runs = useResource((signal) => api.syncRuns(key, 20, signal), [key]);
  const quarantine = useResource((signal) => api.quarantine(key, 200, signal), [key]);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [starting, setStarting] = useState(false);
  const [nowMs, setNowMs] = useState(() => serverClock.nowMs());

  const running = Boolean(status.data?.sides.some((s) => s.running));
  const refresh = () => {
    setNowMs(serverClock.nowMs());
    status.reload();
    runs.reload();
    if (!running) quarantine.reload();
  };
  useInterval(refresh, running || starting ? RUNNING_POLL_MS : IDLE_POLL_MS, true);

  async function start(reconcile: boolean) {
    setStarting(true);
    setMessage(null);
    try {
      const { started } = await api.startSync(key, undefined, { reconcile });
      const what = reconcile ? 'Reconciliation' : 'Sync';
      setMessage({ tone: 'ok', text: `${what} started for side ${started.map((s) => s.side).join(' and side ')}; progress shows below.` });
      refresh();
    } catch (error) {
      setMessage({ tone: 'error', text: (error as Error).message });
    } finally {
      setStarting(false);
    }
  }

  const ready = Boolean((status.data && runs.data && quarantine.data) || status.error);
  return html`<section class="page" data-testid="page-sync" data-ready=${ready ? 'true' : 'false'} aria-busy=${!ready}>
    <div class="card-head">
      <p class="lede">Each side’s CRM is read whole (matching needs the records the other side has not tagged); only shared fields of in-scope deals are shown to the other side.</p>
      <div class="button-row">
        <button type="button" class="button button-primary" onClick=${() => start(false)} disabled=${starting || running}>
          ${running ? 'Sync running…' : starting ? 'Starting…' : 'Sync both sides now'}
        </button>
        <button type="button" class="button" onClick=${() => start(true)} disabled=${starting || running} data-testid="reconcile-now"
          title="Compares every record id and modification stamp each CRM holds with what is stored, and reads exactly the records that differ">
          Reconcile now
        </button>
      </div>
    </div>
    <${Flash} message=${message} />
    ${status.error && !status.data
      ? html`<${ErrorNotice} error=${status.error} retry=${status.reload} title="The sync status could not be loaded" />`
      : !status.data
        ? html`<${Loading} what="the sync status" />`
        : html`<div class="connections">
            ${status.data.sides.map((side) => html`<${Connection} side=${side} context=${context} nowMs=${nowMs} />`)}
          </div>`}
    <section aria-labelledby="runs-title">
      <h2 id="runs-title">Last runs</h2>
      ${runs.error && !runs.data
        ? html`<${ErrorNotice} error=${runs.error} retry=${runs.reload} />`
        : !runs.data
          ? html`<${Loading} what="the runs" />`
          : runs.data.length === 0
            ? html`<${Empty} title="No sync has run yet"><p>Start one with the button above; the server also syncs on its schedule.</p><//>`
            : html`<${RunTable} runs=${runs.data} context=${context} />`}
    </section>
    <section aria-labelledby="quarantine-title">
      <h2 id="quarantine-title">Quarantined records <span class="count">${quarantine.data?.length ?? ''}</span></h2>
      <p class="muted">Records the sync could not read (a malformed date, an unknown currency…). They are left out of every figure until they are fixed in the CRM; the next sync picks the fix up. You see your own side’s.</p>
      ${quarantine.error && !quarantine.data
        ? html`<${ErrorNotice} error=${quarantine.error} retry=${quarantine.reload} />`
        : !quarantine.data
          ? html`<${Loading} what="the quarantined records" />`
          : quarantine.data.length === 0
            ? html`<p class="muted">None: every record read so far was usable.</p>`
            : html`<${QuarantineTable} records=${quarantine.data} context=${context} />`}
    </section>
  </section>`;
}

function Connection({ side, context, nowMs }: { side: SideSyncStatus; context: PageContext; nowMs: number }) {
  const company = context.partnership.sides[side.side].company;
  const run = side.running;
  const last = side.lastRun;
  const tone = run ? 'running' : !side.provider ? 'none' : last?.status === 'failed' ? 'failed' : last ? 'ok' : 'none';
  return html`<div class="card connection" data-testid="sync-connection" data-side=${side.side} data-tone=${tone}>
    <p class="card-title">${company} <span class="muted">(side ${side.side}) · ${side.provider ? providerNames[side.provider] : 'no CRM connected'}</span></p>
    ${run
      ? html`<${Progress} run=${run} />`
      : last
        ? html`<p class="connection-state">
            Last ${last.kind === 'reconcile' ? 'run (a reconciliation)' : 'sync'} <strong>${humanize(last.status).toLowerCase()}</strong> ${formatAge(last.finishedAt ?? last.startedAt, nowMs)}${' '}
            <span class="muted">(${formatInstant(last.finishedAt ?? last.startedAt)})</span>
          </p>`
        : html`<p class="connection-state">${side.provider ? 'Never synced: start a sync above.' : 'Add a CRM connection in the partnership file, then apply it.'}</p>`}
    ${last?.error && !run ? html`<p class="field-error">${last.error}</p>` : null}
    <dl class="stats">
      <div><dt>Opportunities</dt><dd>${side.opportunities.toLocaleString('en-US')}</dd></div>
      <div><dt>Quarantined</dt><dd>${side.quarantined.toLocaleString('en-US')}</dd></div>
      <div><dt>Last success</dt><dd>${side.lastSuccessAt ? formatAge(side.lastSuccessAt, nowMs) : 'never'}</dd></div>
    </dl>
    ${side.provider ? html`<${Reconciliation} run=${side.lastReconciliation} nowMs=${nowMs} />` : null}
  </div>`;
}

/** The last reconciliation: when, what it checked, and what it healed (records the incremental runs had not read right). */
function Reconciliation({ run, nowMs }: { run: SyncRunView | null; nowMs: number }) {
  if (!run) return html`<p class="reconciliation muted" data-testid="reconciliation">Not reconciled yet: every record id and stamp is compared once a day, or now with “Reconcile now”.</p>`;
  const at = run.finishedAt ?? run.startedAt;
  const report = run.report;
  if (run.status !== 'succeeded' || !report) {
    return html`<p class="reconciliation" data-testid="reconciliation" data-healed="0">
      Last reconciliation <strong>${humanize(run.status).toLowerCase()}</strong> ${formatAge(at, nowMs)}${run.error ? html`: <span class="field-error">${run.error}</span>` : null}
    </p>`;
  }
  const healed = describeHealed(report);
  const checked = `${report.checked.opportunities.toLocaleString('en-US')} opportunities and ${report.checked.accounts.toLocaleString('en-US')} accounts checked`;
  return html`<div class="reconciliation" data-testid="reconciliation" data-healed=${healed ? 'yes' : '0'}>
    <p>
      Last reconciliation ${formatAge(at, nowMs)} <span class="muted">(${formatInstant(at)})</span>: ${checked};
      ${healed ? html` <strong class="drift">healed ${healed}</strong>` : ' every record matched the CRM.'}
      ${report.quarantined ? html` ${report.quarantined} still quarantined.` : null}
    </p>
    ${report.records.length
      ? html`<details>
          <summary class="small">The records it healed</summary>
          <ul class="small healed-records">
            ${report.records.map((r) => html`<li><span class="badge">${r.kind}</span> ${r.object} ${r.crmId}</li>`)}
            ${report.truncated ? html`<li class="muted">and more (the run's report lists the first 200)</li>` : null}
          </ul>
        </details>`
      : null}
  </div>`;
}

function Progress({ run }: { run: SyncRunView }) {
  const { fetched, total, share } = progressOf(run);
  const words = phaseWords[run.progress?.phase ?? (run.kind === 'reconcile' ? 'checking' : 'reading')];
  return html`<div class="progress-block">
    <p class="connection-state"><strong>${words.verb}</strong> · ${fetched.toLocaleString('en-US')}${total ? ` of ${total.toLocaleString('en-US')}` : ''} ${words.unit}</p>
    ${share !== null
      ? html`<progress max="1" value=${share} aria-label="Sync progress">${Math.round(share * 100)}%</progress>`
      : html`<progress aria-label="Sync progress (the CRM gives no total)"></progress>`}
  </div>`;
}

function RunTable({ runs, context }: { runs: SyncRunView[]; context: PageContext }) {
  const seconds = (r: SyncRunView) => (r.finishedAt ? Math.round((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000) : null);
  return html`<table class="table">
    <thead>
      <tr>
        <th scope="col">Side</th><th scope="col">Run</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col" class="num">Took</th>
        <th scope="col" class="num">Read</th><th scope="col" class="num">Written</th><th scope="col" class="num">Deleted</th>
        <th scope="col" class="num">Quarantined</th><th scope="col" class="num">API calls</th><th scope="col">Trigger</th>
      </tr>
    </thead>
    <tbody>
      ${runs.map(
        (r) => html`<tr data-testid="sync-run" data-status=${r.status} data-kind=${r.kind}>
          <td class="nowrap">${context.partnership.sides[r.side].company}</td>
          <td class="nowrap">${r.kind === 'reconcile' ? html`reconciliation${r.report && describeHealed(r.report) ? html`<br /><span class="small drift">healed ${describeHealed(r.report)}</span>` : null}` : 'sync'}</td>
          <td><span class="badge badge-${r.status}">${humanize(r.status)}</span>${r.error ? html`<br /><span class="field-error small">${r.error}</span>` : null}</td>
          <td class="nowrap">${formatInstant(r.startedAt)}</td>
          <td class="num">${seconds(r) === null ? '…' : `${seconds(r)} s`}</td>
          <td class="num">${r.recordsFetched.toLocaleString('en-US')}</td>
          <td class="num">${r.recordsUpserted.toLocaleString('en-US')}</td>
          <td class="num">${r.recordsDeleted.toLocaleString('en-US')}</td>
          <td class="num">${r.recordsQuarantined.toLocaleString('en-US')}</td>
          <td class="num">${r.apiCalls.toLocaleString('en-US')}</td>
          <td class="nowrap">${r.trigger}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

function QuarantineTable({ records, context }: { records: QuarantinedRecordView[]; context: PageContext }) {
  return html`<table class="table">
    <thead>
      <tr><th scope="col">Side</th><th scope="col">Record</th><th scope="col">Reason</th><th scope="col">Last seen</th></tr>
    </thead>
    <tbody>
      ${records.map(
        (q) => html`<tr data-testid="quarantine-row" data-side=${q.side}>
          <td class="nowrap">${context.partnership.sides[q.side].company}</td>
          <td>${nameOf(q.raw) ?? humanize(q.objectType)}<br /><span class="muted small">${q.crmId}</span></td>
          <td>
            ${q.reason}
            <details><summary class="small">The record as the CRM sent it</summary><pre class="raw">${JSON.stringify(q.raw, null, 2)}</pre></details>
          </td>
          <td class="small nowrap">${formatInstant(q.lastSeenAt)}${q.firstSeenAt !== q.lastSeenAt ? html`<br /><span class="muted">since ${formatInstant(q.firstSeenAt)}</span>` : null}</td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}

/** Salesforce's `Name`, HubSpot's `properties.dealname`: enough to find the record in the CRM. */
function nameOf(raw: unknown): string | null {
  if (!raw || typeof raw !== 'object') return null;
  const record = raw as { Name?: unknown; properties?: { dealname?: unknown } };
  const name = record.Name ?? record.properties?.dealname;
  return typeof name === 'string' ? name : null;
}
