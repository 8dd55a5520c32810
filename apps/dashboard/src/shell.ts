import type { PartnershipSummary, PartnershipView } from '@alignboard/contracts';
import type { FiscalCalendar } from '@alignboard/metrics';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient } from './api/client.js';
import type { Navigate } from './app.js';
import { serverClock } from './clock.js';
import { formatInstant } from '@alignboard/presentation';
import { html } from './html.js';
import { CroPage } from './pages/cro.js';
import { asOfFromPicker, asOfToPicker, calendarOf, defaultQuarter, quarterChoices, quarterMonths } from './quarters.js';
import { hrefOf, pageInfo, pages, type PageName, type Route, type ViewParams } from './router.js';
import { useResource } from './ui/resource.js';
import { ErrorNotice, Loading } from './ui/states.js';

/** What every page gets: the API, the partnership, the quarter and instant in view, and links. */
export interface PageContext {
  api: ApiClient;
  partnership: PartnershipView;
  calendar: FiscalCalendar;
  quarter: string;
  /** The instant the figures describe; undefined means now. */
  asOf: string | undefined;
  /** A link to another page (or this one) keeping the partnership, quarter and as-of. */
  href: (page: PageName, change?: Partial<ViewParams>) => string;
  navigate: Navigate;
}

const LAST_PARTNERSHIP = 'alignboard.partnership';
const CALENDAR = 'alignboard.calendar.';

/** The fiscal calendar seen last time for a partnership: enough to ask for the quarter's figures at once. */
function rememberedCalendar(key: string): FiscalCalendar | undefined {
  try {
    const value = JSON.parse(sessionStorage.getItem(CALENDAR + key) ?? 'null') as FiscalCalendar | null;
    return value && typeof value.startMonth === 'number' && (value.namedBy === 'start' || value.namedBy === 'end') ? value : undefined;
  } catch {
    return undefined;
  }
}

type PageComponent = (props: { context: PageContext }) => unknown;

/**
 * The CRO view is in the first chunk (its number must paint within a second); the other pages
 * load on first visit, with the contract vocabularies they import.
 */
const pageLoaders: Record<PageName, () => Promise<PageComponent>> = {
  cro: async () => CroPage,
  motions: () => import('./pages/motions.js').then((m) => m.MotionsPage),
  groups: () => import('./pages/groups.js').then((m) => m.GroupsPage),
  packet: () => import('./pages/packet.js').then((m) => m.PacketPage),
  onepager: () => import('./pages/one-pager.js').then((m) => m.OnePagerPage),
  asks: () => import('./pages/asks.js').then((m) => m.AsksPage),
  sync: () => import('./pages/sync.js').then((m) => m.SyncPage),
};
const loadedPages = new Map<PageName, PageComponent>([['cro', CroPage]]);

function LazyPage({ name, context }: { name: PageName; context: PageContext }) {
  const [Page, setPage] = useState<PageComponent | undefined>(() => loadedPages.get(name));
  const [failed, setFailed] = useState<Error | null>(null);
  useEffect(() => {
    if (Page) return;
    pageLoaders[name]().then(
      (component) => {
        loadedPages.set(name, component);
        setPage(() => component);
      },
      (error: Error) => setFailed(new Error(`This page could not be loaded (${error.message}). Reload the browser tab; if the server was updated meanwhile, that fetches the new version.`)),
    );
  }, [name]);
  if (failed) return html`<${ErrorNotice} error=${failed} />`;
  if (!Page) return html`<${Loading} what="the page" />`;
  return html`<${Page} context=${context} />`;
}

export function Shell({ api, route, navigate, signOut }: { api: ApiClient; route: Route & { page: PageName }; navigate: Navigate; signOut: () => void }) {
  const params = route.params;
  const remembered = sessionStorage.getItem(LAST_PARTNERSHIP) ?? undefined;
  const list = useResource((signal) => api.partnerships(signal), [api]);
  // The partnership's own view (its fiscal calendar decides the quarter) starts at once when the
  // key is known, without waiting for the list: the joint number is three requests away, not four.
  const key = params.partnership ?? remembered ?? list.data?.[0]?.key;
  const view = useResource(
    (signal) => (key ? api.partnership(key, signal) : new Promise<PartnershipView>(() => undefined)),
    [api, key],
  );

  useEffect(() => {
    if (!view.data) return;
    sessionStorage.setItem(LAST_PARTNERSHIP, view.data.key);
    sessionStorage.setItem(CALENDAR + view.data.key, JSON.stringify(calendarOf(view.data)));
  }, [view.data]);

  // "Now" is the server's (clock.ts), read once the first health answer set the clock: the quarter
  // in view stays the same while the page is open.
  const [nowMs, setNowMs] = useState(() => (serverClock.isReady() ? serverClock.nowMs() : undefined));
  useEffect(() => {
    if (nowMs === undefined) void serverClock.ready().then(() => setNowMs(serverClock.nowMs()));
  }, []);

  // On the CRO view with a known partnership, the figures are asked for right away, beside the
  // partnership's own view; the page then joins that request (api/client.ts shares it).
  useEffect(() => {
    const early = key ? rememberedCalendar(key) : undefined;
    if (route.page !== 'cro' || !key || !early || nowMs === undefined) return;
    api.prefetchMetrics(key, params.quarter ?? defaultQuarter(early, params.asOf, nowMs), params.asOf);
  }, [api, key, nowMs === undefined]);
  // A remembered partnership the token no longer reaches: fall back to the first one it does.
  useEffect(() => {
    if (view.error && !params.partnership && remembered && list.data?.length) {
      sessionStorage.removeItem(LAST_PARTNERSHIP);
      navigate(hrefOf(route.page, { ...params, partnership: list.data[0].key }), { replace: true });
    }
  }, [view.error, list.data]);

  const partnership = view.data && view.data.key === key ? view.data : undefined;
  const calendar = partnership ? calendarOf(partnership) : undefined;
  const currentQuarter = calendar && nowMs !== undefined ? defaultQuarter(calendar, undefined, nowMs) : undefined;
  const quarter = params.quarter ?? (calendar && nowMs !== undefined ? defaultQuarter(calendar, params.asOf, nowMs) : undefined);

  const info = pageInfo[route.page];
  useEffect(() => {
    document.title = `${info.title}${partnership ? ` · ${partnership.name}` : ''} · Alignboard`;
  }, [info.title, partnership?.name]);

  const keep = (change: Partial<ViewParams> = {}): ViewParams => ({
    partnership: params.partnership ?? partnership?.key,
    quarter: params.quarter,
    asOf: params.asOf,
    ...change,
  });
  const href = (page: PageName, change?: Partial<ViewParams>) => hrefOf(page, keep(change));

  let body: unknown;
  if (view.error && !view.data) {
    body = html`<${ErrorNotice} error=${view.error} retry=${view.reload} title="The partnership could not be loaded" />`;
  } else if (list.data && list.data.length === 0) {
    body = html`<div class="notice notice-empty"><p class="notice-title">No partnership yet</p>
      <p>Your token reaches no partnership. An administrator adds one with <code>alignboard apply partnership.yaml</code> and adds your email to a side.</p></div>`;
  } else if (!partnership || !calendar || !quarter || nowMs === undefined) {
    body = html`<${Loading} what="the partnership" />`;
  } else {
    const context: PageContext = { api, partnership, calendar, quarter, asOf: params.asOf, href, navigate };
    body = html`<${LazyPage} key=${`${route.page}:${partnership.key}:${quarter}:${params.asOf ?? 'now'}`} name=${route.page} context=${context} />`;
  }

  return html`<div class="app">
    <a class="skip-link" href="#main">Skip to the content</a>
    <header class="masthead">
      <div class="masthead-row">
        <div class="brand-block">
          <a class="brand" href=${href('cro')}>Alignboard</a>
          <span class="who-side">${partnership ? (partnership.mySide ? `${partnership.sides[partnership.mySide].company} · side ${partnership.mySide}` : 'Admin') : ''}</span>
        </div>
        <${Pickers}
          list=${list.data}
          partnership=${partnership}
          quarter=${quarter}
          currentQuarter=${currentQuarter}
          asOf=${params.asOf}
          calendar=${calendar}
          onChange=${(change: Partial<ViewParams>) => navigate(hrefOf(route.page, keep(change)))}
        />
        <div class="who">
          <button type="button" class="button button-quiet" onClick=${signOut}>Sign out</button>
        </div>
      </div>
      <nav class="tabs" aria-label="Pages">
        ${pages.map(
          (page) => html`<a
            data-testid=${`nav-${page}`}
            href=${href(page)}
            aria-current=${page === route.page ? 'page' : undefined}
            >${pageInfo[page].label}</a
          >`,
        )}
      </nav>
    </header>
    <main id="main" tabindex="-1" class="content">
      ${partnership && quarter
        ? html`<div class="page-heading">
            <h1>${info.title}</h1>
            <p class="muted">
              ${partnership.name} · ${quarter} (${quarterMonths(quarter, calendar!)}) ·${' '}
              ${params.asOf ? html`as of <strong>${formatInstant(params.asOf)}</strong>` : 'as of now'} · ${partnership.currency}
            </p>
          </div>`
        : null}
      ${body}
    </main>
  </div>`;
}

function Pickers({
  list,
  partnership,
  quarter,
  currentQuarter,
  asOf,
  onChange,
}: {
  list: PartnershipSummary[] | undefined;
  partnership: PartnershipView | undefined;
  quarter: string | undefined;
  currentQuarter: string | undefined;
  asOf: string | undefined;
  calendar: FiscalCalendar | undefined;
  onChange: (change: Partial<ViewParams>) => void;
}) {
  const choices = currentQuarter ? quarterChoices(currentQuarter, quarter) : [];
  const partnerships = list ?? (partnership ? [partnership] : []);
  return html`<div class="pickers">
    <label class="picker">
      <span>Partnership</span>
      <select
        data-testid="partnership-picker"
        value=${partnership?.key ?? ''}
        onChange=${(e: Event) => onChange({ partnership: (e.target as HTMLSelectElement).value })}
      >
        ${partnerships.map((p) => html`<option value=${p.key}>${p.name}</option>`)}
      </select>
    </label>
    <label class="picker">
      <span>Quarter</span>
      <select data-testid="quarter-picker" value=${quarter ?? ''} onChange=${(e: Event) => onChange({ quarter: (e.target as HTMLSelectElement).value })}>
        ${choices.map((q) => html`<option value=${q}>${q}${q === currentQuarter ? ' (current)' : ''}</option>`)}
      </select>
    </label>
    <${AsOfPicker} asOf=${asOf} onChange=${onChange} />
  </div>`;
}

/**
 * The instant in view. "Now" is a state, not an empty date field: a past instant is picked on
 * demand, and "Back to now" leaves it.
 */
function AsOfPicker({ asOf, onChange }: { asOf: string | undefined; onChange: (change: Partial<ViewParams>) => void }) {
  const [picking, setPicking] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (picking && !asOf) input.current?.focus();
  }, [picking]);
  const open = Boolean(asOf) || picking;
  return html`<div class="picker" role="group" aria-labelledby="asof-label">
    <span id="asof-label">As of (UTC)</span>
    <span class="picker-row">
      ${open
        ? html`<input
              ref=${input}
              type="datetime-local"
              data-testid="asof-picker"
              aria-labelledby="asof-label"
              value=${asOfToPicker(asOf)}
              onChange=${(e: Event) => {
                const value = asOfFromPicker((e.target as HTMLInputElement).value);
                if (value) onChange({ asOf: value });
              }}
              onKeyDown=${(e: KeyboardEvent) => {
                if (e.key === 'Escape' && !asOf) setPicking(false);
              }}
            />
            ${asOf
              ? html`<button type="button" class="button button-quiet" onClick=${() => {
                  setPicking(false);
                  onChange({ asOf: undefined });
                }}>Back to now</button>`
              : html`<button type="button" class="button button-quiet" onClick=${() => setPicking(false)}>Cancel</button>`}`
        : html`<span class="asof-now" aria-live="polite">Now</span>
            <button type="button" class="button button-quiet" data-testid="asof-picker" aria-expanded="false" onClick=${() => setPicking(true)}>
              Pick a past instant…
            </button>`}
    </span>
  </div>`;
}
