import type { ArtifactRevisionSummary, ArtifactView, Commitment, SideKey } from '@alignboard/contracts';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client.js';
import { formatInstant, formatMoney, formatRatio, humanize } from '@alignboard/presentation';
import { html } from '../html.js';
import type { PageContext } from '../shell.js';
import { LiveSave, type SaveStatus } from '../ui/live-save.js';
import { useInterval, useResource } from '../ui/resource.js';
import { diffLines, diffSummary } from '../ui/revision-diff.js';
import { ErrorNotice, Flash, Loading } from '../ui/states.js';

const SAVE_DELAY_MS = 700;
const POLL_MS = 10_000;

const statusText: Record<SaveStatus, string> = {
  idle: 'Up to date',
  dirty: 'Unsaved changes…',
  saving: 'Saving…',
  saved: 'Saved',
  conflict: 'Conflict',
  error: 'Not saved',
};

/** The latest one-pager a 409 carries (`details.latest`), if the error is one. */
function latestOf(error: unknown): ArtifactView | undefined {
  return error instanceof ApiError && error.status === 409 ? (error.body?.details?.latest as ArtifactView | undefined) : undefined;
}

/**
 * The one-pager, edited in the room: notes save as you type (on top of the latest revision;
 * a change someone else saved meanwhile is never overwritten silently), commitments, the numbers,
 * asks and decisions taken again on demand, every revision with its diff, each side's
 * confirmation, and the send.
 */
export function OnePagerPage({ context }: { context: PageContext }) {
  const { api, partnership, quarter } = context;
  const key = partnership.key;
  const loaded = useResource((signal) => api.artifact(key, quarter, signal), [key, quarter]);
  const [artifact, setArtifact] = useState<ArtifactView | null | undefined>(undefined);
  const [draft, setDraft] = useState('');
  const [status, setStatus] = useState<SaveStatus>('idle');
  const [saveError, setSaveError] = useState<Error | null>(null);
  const [theirs, setTheirs] = useState<ArtifactView | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const current = useRef<ArtifactView | null>(null);
  current.current = artifact ?? null;

  const saver = useMemo(
    () =>
      new LiveSave('', {
        delayMs: SAVE_DELAY_MS,
        isConflict: (error) => latestOf(error) !== undefined,
        onStatus: (s, error) => {
          setStatus(s);
          setSaveError(s === 'error' ? (error ?? null) : null);
        },
        save: async (notes) => {
          const base = current.current;
          let next: ArtifactView;
          try {
            next = base
              ? await api.updateArtifact(key, quarter, { baseRevision: base.revision, notes })
              : await api.createArtifact(key, quarter, { notes });
          } catch (error) {
            const latest = latestOf(error) ?? (error instanceof ApiError && error.status === 409 && !base ? await api.artifact(key, quarter) : undefined);
            // Someone saved another part (a commitment, a confirmation) or the same notes: save on top of theirs.
            if (latest && (latest.content.notes === (base?.content.notes ?? '') || latest.content.notes === notes)) {
              next = await api.updateArtifact(key, quarter, { baseRevision: latest.revision, notes });
            } else {
              if (latest) setTheirs(latest);
              throw error;
            }
          }
          current.current = next;
          setArtifact(next);
        },
      }),
    [api, key, quarter],
  );
  useEffect(() => () => saver.dispose(), [saver]);

  // The first load, and later reloads while nothing is pending, take the stored notes.
  useEffect(() => {
    if (loaded.data === undefined) return;
    setArtifact(loaded.data);
    if (!saver.pending) {
      saver.reset(loaded.data?.content.notes ?? '');
      setDraft(loaded.data?.content.notes ?? '');
    }
  }, [loaded.data]);

  // The other side edits and confirms from its own screen: pick that up while idle here.
  useInterval(
    async () => {
      if (saver.pending || busy) return;
      const fresh = await api.artifact(key, quarter).catch(() => undefined);
      if (fresh && fresh.revision !== current.current?.revision && !saver.pending) {
        setArtifact(fresh);
        saver.reset(fresh.content.notes);
        setDraft(fresh.content.notes);
      } else if (fresh && JSON.stringify(fresh.confirmations) !== JSON.stringify(current.current?.confirmations)) {
        setArtifact(fresh);
      }
    },
    POLL_MS,
    Boolean(artifact),
  );

  /** Saves pending notes first, then writes on top of the revision now on screen. */
  async function act(name: string, run: (revision: number) => Promise<ArtifactView>, done: (a: ArtifactView) => string) {
    setBusy(name);
    setMessage(null);
    try {
      await saver.flush();
      const next = await run(current.current?.revision ?? 0);
      current.current = next;
      setArtifact(next);
      setMessage({ tone: 'ok', text: done(next) });
    } catch (error) {
      const latest = latestOf(error);
      if (latest) setArtifact(latest);
      setMessage({ tone: 'error', text: (error as Error).message });
    } finally {
      setBusy(null);
    }
  }

  const mySide = partnership.mySide;
  const ready = loaded.data !== undefined || Boolean(loaded.error);
  const a = artifact;

  return html`<section class="page" data-testid="page-onepager" data-ready=${ready ? 'true' : 'false'} aria-busy=${!ready}>
    ${loaded.error && a === undefined
      ? html`<${ErrorNotice} error=${loaded.error} retry=${loaded.reload} title="The one-pager could not be loaded" />`
      : a === undefined
        ? html`<${Loading} what="the one-pager" />`
        : html`
            ${a === null
              ? html`<div class="notice notice-empty">
                  <p class="notice-title">No one-pager for ${quarter} yet</p>
                  <p>Start writing the notes below: the first save creates it, taking the joint number, the quarter’s asks and its meeting’s decisions as they are now.</p>
                </div>`
              : null}
            <${Flash} message=${message} />
            <div class="onepager">
              <div class="onepager-main">
                ${a ? html`<${Taken} context=${context} artifact=${a} busy=${busy} act=${act} />` : null}
                <div class="editor">
                  <div class="editor-head">
                    <label for="notes" class="editor-label">Notes from the room</label>
                    <span class="save-status" data-state=${status}>
                      <span data-testid="save-status" role="status" aria-live="polite">${a === null && status === 'idle' ? 'Not started' : statusText[status]}</span>
                      ${a ? html`<span class="muted"> · revision ${a.revision}</span>` : null}
                    </span>
                  </div>
                  <textarea
                    id="notes"
                    data-testid="onepager-notes"
                    rows="10"
                    value=${draft}
                    placeholder="What the room agreed, in a few lines. Saved as you type."
                    onInput=${(e: Event) => {
                      const value = (e.target as HTMLTextAreaElement).value;
                      setDraft(value);
                      setTheirs(null);
                      saver.change(value);
                    }}
                    onBlur=${() => void saver.flush().catch(() => undefined)}
                  ></textarea>
                  ${saveError ? html`<p class="field-error" role="alert">${saveError.message} Keep typing or click elsewhere to try again.</p>` : null}
                  ${status === 'conflict' && theirs
                    ? html`<div class="notice notice-warn" role="alert">
                        <p class="notice-title">${theirs.author ?? 'Someone'} saved revision ${theirs.revision} while you were typing</p>
                        <p class="quote">${theirs.content.notes || '(empty notes)'}</p>
                        <div class="button-row">
                          <button type="button" class="button button-primary" onClick=${() => {
                            setArtifact(theirs);
                            setTheirs(null);
                            void saver.flush().catch(() => undefined);
                          }}>Keep mine (save on top)</button>
                          <button type="button" class="button" onClick=${() => {
                            setArtifact(theirs);
                            saver.reset(theirs.content.notes);
                            setDraft(theirs.content.notes);
                            setTheirs(null);
                          }}>Use theirs</button>
                        </div>
                      </div>`
                    : null}
                </div>
                ${a ? html`<${Commitments} context=${context} artifact=${a} busy=${busy} act=${act} />` : null}
              </div>
              <aside class="onepager-side">
                <${Confirmations} context=${context} artifact=${a} mySide=${mySide} busy=${busy} pending=${status === 'dirty' || status === 'saving'} act=${act} />
                <${Revisions} artifact=${a} />
              </aside>
            </div>
          `}
  </section>`;
}

type Act = (name: string, run: (revision: number) => Promise<ArtifactView>, done: (a: ArtifactView) => string) => Promise<void>;

function Confirmations({
  context,
  artifact,
  mySide,
  busy,
  pending,
  act,
}: {
  context: PageContext;
  artifact: ArtifactView | null;
  mySide: SideKey | null;
  busy: string | null;
  pending: boolean;
  act: Act;
}) {
  const { api, partnership, quarter } = context;
  const both = artifact && artifact.confirmations.A && artifact.confirmations.B;
  const sent = artifact?.sentRevision === artifact?.revision && artifact?.sentAt;
  return html`<section class="card" aria-labelledby="confirm-title">
    <h2 id="confirm-title">Confirm and send</h2>
    <ul class="confirmations">
      ${(['A', 'B'] as const).map((side) => {
        const c = artifact?.confirmations[side];
        return html`<li data-testid=${`confirmation-${side}`} data-confirmed=${c ? 'true' : 'false'}>
          <span class="badge ${c ? 'badge-ok' : 'badge-waiting'}">${c ? 'Confirmed' : 'Not confirmed'}</span>
          <span><strong>${partnership.sides[side].company}</strong> (${side})</span>
          ${c ? html`<span class="muted small">by ${c.by ?? 'unknown'}, ${formatInstant(c.at)}</span>` : null}
        </li>`;
      })}
    </ul>
    ${mySide
      ? html`<button
          type="button"
          class="button button-primary"
          data-testid="confirm-button"
          disabled=${!artifact || Boolean(artifact.confirmations[mySide]) || busy !== null}
          onClick=${() =>
            act('confirm', (revision) => api.confirmArtifact(partnership.key, quarter, revision), (a) => `${partnership.sides[mySide].company} confirmed revision ${a.revision}.`)}
        >
          ${!artifact
            ? 'Confirm (once there is a revision)'
            : artifact.confirmations[mySide]
              ? `Confirmed for ${partnership.sides[mySide].company}`
              : busy === 'confirm'
                ? 'Confirming…'
                : `Confirm revision ${artifact.revision} for ${partnership.sides[mySide].company}`}
        </button>`
      : html`<p class="muted">Admin tokens stand on neither side: each side confirms with its own people’s tokens.</p>`}
    ${pending ? html`<p class="muted small">Your last edit is saved first; any new revision clears both confirmations.</p>` : html`<p class="muted small">Any new revision clears both confirmations.</p>`}
    <button
      type="button"
      class="button"
      data-testid="send-button"
      disabled=${!artifact || !both || Boolean(sent) || busy !== null}
      onClick=${() => act('send', (revision) => api.sendArtifact(partnership.key, quarter, revision), (a) => `Revision ${a.revision} is on its way to both sides.`)}
    >
      ${sent ? `Sent ${formatInstant(artifact!.sentAt)}` : busy === 'send' ? 'Sending…' : both ? `Send revision ${artifact!.revision} to both sides` : 'Send (after both sides confirm)'}
    </button>
    ${artifact?.lastSentAt && !sent ? html`<p class="muted small">Revision ${artifact.sentRevision} was sent ${formatInstant(artifact.lastSentAt)}.</p>` : null}
  </section>`;
}

function Revisions({ artifact }: { artifact: ArtifactView | null }) {
  const history = [...(artifact?.history ?? [])].reverse();
  return html`<section class="card" aria-labelledby="revisions-title">
    <h2 id="revisions-title">Revisions</h2>
    ${history.length === 0
      ? html`<p class="muted">None yet.</p>`
      : html`<ol class="revision-list" data-testid="revision-list">
          ${history.map((r) => html`<${RevisionItem} revision=${r} />`)}
        </ol>`}
  </section>`;
}

function RevisionItem({ revision }: { revision: ArtifactRevisionSummary }) {
  const lines = diffLines(revision.diff);
  return html`<li class="revision" data-testid="revision-item" data-revision=${revision.revision}>
    <details>
      <summary>
        <strong>Revision ${revision.revision}</strong> · ${diffSummary(revision.diff, revision.revision)}
        <br /><span class="muted small">${revision.author ?? 'CLI'} · ${formatInstant(revision.createdAt)}</span>
      </summary>
      ${lines.length === 0
        ? html`<p class="muted small">${revision.revision === 1 ? 'The first revision: the numbers, asks and decisions as they were then.' : 'No change.'}</p>`
        : html`<ul class="diff">
            ${lines.slice(0, 30).map(
              (l) => html`<li data-change=${l.change}>
                <span class="diff-where">${l.where}</span>
                ${l.before !== null ? html`<del>${shorten(l.before)}</del>` : null}
                ${l.after !== null ? html`<ins>${shorten(l.after)}</ins>` : null}
              </li>`,
            )}
            ${lines.length > 30 ? html`<li class="muted">and ${lines.length - 30} more changes</li>` : null}
          </ul>`}
    </details>
  </li>`;
}

const shorten = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);

function Commitments({ context, artifact, busy, act }: { context: PageContext; artifact: ArtifactView; busy: string | null; act: Act }) {
  const { api, partnership, quarter } = context;
  const list = artifact.content.commitments;
  const [text, setText] = useState('');
  const [side, setSide] = useState<SideKey>(partnership.mySide ?? 'A');
  const [owner, setOwner] = useState('');
  const [amount, setAmount] = useState('');
  const save = (commitments: Commitment[], done: string) =>
    act('commitments', (baseRevision) => api.updateArtifact(partnership.key, quarter, { baseRevision, commitments }), () => done);
  return html`<section class="card" aria-labelledby="commitments-title">
    <h2 id="commitments-title">Commitments for next quarter</h2>
    ${list.length === 0
      ? html`<p class="muted">None yet: add what each side commits to below.</p>`
      : html`<ul class="commitments">
          ${list.map(
            (c, i) => html`<li>
              <span class="badge">${partnership.sides[c.ownerSide].company}</span>
              <span>${c.text}${c.owner ? html` <span class="muted">— ${c.owner}</span>` : null}${c.amount != null ? html` · <strong>${formatMoney(c.amount, partnership.currency)}</strong>` : null}</span>
              <button type="button" class="button button-quiet" disabled=${busy !== null} onClick=${() => save(list.filter((_, j) => j !== i), 'Commitment removed.')}>Remove</button>
            </li>`,
          )}
        </ul>`}
    <form
      class="inline-form"
      onSubmit=${(e: Event) => {
        e.preventDefault();
        if (!text.trim()) return;
        const amountValue = amount.trim() ? Number(amount.replace(/[, ]/g, '')) : null;
        void save([...list, { text: text.trim(), ownerSide: side, owner: owner.trim() || null, amount: amountValue }], 'Commitment added.').then(() => {
          setText('');
          setOwner('');
          setAmount('');
        });
      }}
    >
      <label class="picker picker-grow"><span>Commitment</span><input value=${text} onInput=${(e: Event) => setText((e.target as HTMLInputElement).value)} required /></label>
      <label class="picker"><span>Side</span>
        <select value=${side} onChange=${(e: Event) => setSide((e.target as HTMLSelectElement).value as SideKey)}>
          ${(['A', 'B'] as const).map((s) => html`<option value=${s}>${partnership.sides[s].company}</option>`)}
        </select>
      </label>
      <label class="picker"><span>Owner</span><input value=${owner} onInput=${(e: Event) => setOwner((e.target as HTMLInputElement).value)} /></label>
      <label class="picker"><span>Amount (${partnership.currency})</span><input inputmode="decimal" value=${amount} onInput=${(e: Event) => setAmount((e.target as HTMLInputElement).value)} /></label>
      <button type="submit" class="button" disabled=${busy !== null}>Add</button>
    </form>
  </section>`;
}

/** What the one-pager took from elsewhere: the numbers, the asks, the decisions; each can be taken again. */
function Taken({ context, artifact, busy, act }: { context: PageContext; artifact: ArtifactView; busy: string | null; act: Act }) {
  const { api, partnership, quarter } = context;
  const { numbers, asks, decisions } = artifact.content;
  const refresh = (what: 'numbers' | 'asks' | 'decisions') =>
    act(`refresh-${what}`, (baseRevision) => api.updateArtifact(partnership.key, quarter, { baseRevision, refresh: [what] }), (a) =>
      a.revision === artifact.revision ? `The ${what} have not changed.` : `The ${what} were taken again (revision ${a.revision}).`,
    );
  return html`<section class="card" aria-labelledby="numbers-title">
    <div class="card-head">
      <h2 id="numbers-title">The number, as of ${formatInstant(numbers.asOf)}</h2>
      <button type="button" class="button button-quiet" disabled=${busy !== null} onClick=${() => refresh('numbers')}>Take the numbers again</button>
    </div>
    <p class="onepager-number">
      <strong>${formatMoney(numbers.joint.total, numbers.currency)}</strong> joint ·${' '}
      ${formatMoney(numbers.joint.closedWon, numbers.currency)} closed won · ${formatMoney(numbers.joint.commit, numbers.currency)} commit ·
      sourced ${formatRatio(numbers.split.sourcedShare)}
    </p>
    <div class="card-head">
      <h3>Asks (${asks.length})</h3>
      <button type="button" class="button button-quiet" disabled=${busy !== null} onClick=${() => refresh('asks')}>Take the asks again</button>
    </div>
    ${asks.length === 0
      ? html`<p class="muted">No ask raised in ${quarter} or named at its meeting.</p>`
      : html`<ul class="plain-list">${asks.map((x) => html`<li>${partnership.sides[x.fromSide].company} → ${partnership.sides[x.toSide].company}: ${x.text} <span class="badge">${humanize(x.status)}</span></li>`)}</ul>`}
    <div class="card-head">
      <h3>Decisions (${decisions.length})</h3>
      <button type="button" class="button button-quiet" disabled=${busy !== null} onClick=${() => refresh('decisions')}>Take the decisions again</button>
    </div>
    ${decisions.length === 0
      ? html`<p class="muted">No decision logged at the ${quarter} meeting.</p>`
      : html`<ul class="plain-list">${decisions.map((d) => html`<li><span class="badge">${humanize(d.kind)}</span> ${d.text}${d.owner ? html` <span class="muted">— ${d.owner}</span>` : null}</li>`)}</ul>`}
  </section>`;
}
