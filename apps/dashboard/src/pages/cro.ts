import type { AlertView, ExportFormat, QuarterMetrics, TrendPoint } from '@alignboard/contracts';
import { useEffect, useState } from 'preact/hooks';
import { serverClock } from '../clock.js';
import { formatCount, formatMoney, formatRatio } from '@alignboard/presentation';
import { html } from '../html.js';
import { boardPackWindow, defaultQuarter, trendWindow } from '../quarters.js';
import type { PageContext } from '../shell.js';
import { Chart } from '../ui/chart.js';
import { DownloadLink } from '../ui/download.js';
import { Figure } from '../ui/figure.js';
import { useResource } from '../ui/resource.js';
import { Empty, ErrorNotice, Loading } from '../ui/states.js';

const exportFormats: { format: ExportFormat; label: string }[] = [
  { format: 'pdf', label: 'Board pack (PDF)' },
  { format: 'xlsx', label: 'Excel' },
  { format: 'csv', label: 'CSV' },
  { format: 'arrow', label: 'Arrow' },
];

const CHARTS = 4;

/** A load that waits for something else first: it never settles, and the next deps replace it. */
const never = <T>() => new Promise<T>(() => undefined);

/**
 * The CRO view: the joint number first (it paints as soon as the quarter's metrics arrive), then
 * the charts, which need the trend and the lazily loaded chart code.
 */
export function CroPage({ context }: { context: PageContext }) {
  const { api, partnership, quarter, asOf } = context;
  const key = partnership.key;
  const metrics = useResource((signal) => api.metrics(key, quarter, asOf, signal), [key, quarter, asOf]);
  // The trend (eight quarters of figures) and the alerts are asked for once the number is in: the
  // server computes one request at a time, and the number comes first.
  const numberIn = Boolean(metrics.data || metrics.error);
  const span = trendWindow(quarter);
  const trend = useResource((signal) => (numberIn ? api.trend(key, span.from, span.to, asOf, signal) : never<TrendPoint[]>()), [key, quarter, asOf, numberIn]);
  const alerts = useResource((signal) => (numberIn ? api.alerts(key, true, signal).catch(() => [] as AlertView[]) : never<AlertView[]>()), [key, numberIn]);
  const [drawn, setDrawn] = useState<Set<string>>(new Set());
  const markDrawn = (id: string) => () => setDrawn((s) => (s.has(id) ? s : new Set(s).add(id)));

  const m = metrics.data && metrics.data.quarter === quarter ? metrics.data : undefined;
  const ready = Boolean((m && trend.data && drawn.size >= CHARTS) || (metrics.error && !m));

  return html`<section class="page" data-testid="page-cro" data-ready=${ready ? 'true' : 'false'} aria-busy=${!ready}>
    ${alerts.data?.length ? html`<${AlertList} alerts=${alerts.data} />` : null}
    ${metrics.error && !m
      ? html`<${ErrorNotice} error=${metrics.error} retry=${metrics.reload} title="The figures could not be loaded" />`
      : !m
        ? html`<${Loading} what="the joint number" />`
        : html`<${Numbers} m=${m} context=${context} />`}
    ${m ? html`<${Charts} m=${m} trend=${trend.data} trendError=${trend.error} retry=${trend.reload} markDrawn=${markDrawn} context=${context} />` : null}
    ${m ? html`<${Exports} context=${context} />` : null}
  </section>`;
}

/** `performance.getEntriesByName('alignboard:joint-number')`: when the number was first on screen. */
export const JOINT_NUMBER_MARK = 'alignboard:joint-number';

function Numbers({ m, context }: { m: QuarterMetrics; context: PageContext }) {
  useEffect(() => {
    if (performance.getEntriesByName(JOINT_NUMBER_MARK).length === 0) requestAnimationFrame(() => performance.mark(JOINT_NUMBER_MARK));
  }, []);
  const { currency } = m;
  const { joint, split, call } = m;
  const drill = (figure: string) => context.href('groups', { figure });
  const nothing = joint.deals === 0 && joint.closedLost === 0;
  const ended = Date.parse(m.asOf) >= Date.parse(m.quarterEnd);
  return html`<div class="numbers">
    <div class="hero">
      <p class="hero-label">Joint number <span class="muted">· open + closed won, ${m.quarter}</span></p>
      <p class="hero-value">
        <a href=${drill('joint.total')} title="See the deals behind the joint number">
          <span data-testid="joint-total" data-value=${String(joint.total)}>${formatMoney(joint.total, currency)}</span>
        </a>
      </p>
      <p class="hero-detail">
        ${formatCount(joint.deals, 'deal group')} · ${formatCount(joint.duplicatesRemoved, 'duplicate record')} counted once · partner sourced <strong data-testid="split-sourced-share" data-value=${String(split.sourcedShare ?? '')}>${formatRatio(split.sourcedShare)}</strong>
      </p>
    </div>
    ${nothing
      ? html`<${Empty} title=${`No deals closing in ${m.quarter} yet`}>
          <p>Run a sync from the <a href=${context.href('sync')}>Sync page</a>, or pick another quarter above. Only deals with a partner attribution or a joint motion count.</p>
        <//>`
      : null}
    <div class="figure-grid">
      <${Figure} testid="joint-closed-won" label="Closed won" value=${joint.closedWon} currency=${currency} tone="closedWon" href=${drill('joint.closedWon')} />
      <${Figure} testid="joint-commit" label="Commit" value=${joint.commit} currency=${currency} tone="commit" href=${drill('joint.commit')} />
      <${Figure} testid="joint-upside" label="Upside" value=${joint.upside} currency=${currency} tone="upside" href=${drill('joint.upside')} />
      <${Figure} testid="joint-pipeline" label="Pipeline" value=${joint.pipeline} currency=${currency} tone="pipeline" href=${drill('joint.pipeline')} />
      <${Figure} testid="joint-closed-lost" label="Closed lost (not in the number)" value=${joint.closedLost} currency=${currency} tone="muted" href=${drill('joint.closedLost')} />
    </div>
    <div class="call-line">
      <h2>How ${m.quarter} ${ended ? 'came' : 'is coming'} in against the call</h2>
      ${call.commitAtStart === null
        ? html`<p>${m.quarter} has not started: there is no call yet.</p>`
        : html`<p>
            At the start of the quarter the call was <strong>${formatMoney(call.commitAtStart, currency)}</strong> commit and${' '}
            <strong>${formatMoney(call.upsideAtStart, currency)}</strong> upside. Closed won${ended ? '' : ' so far'}:${' '}
            <strong>${formatMoney(call.closedWon, currency)}</strong> —${' '}
            <strong>${formatRatio(call.vsCommit)}</strong> of commit, <strong>${formatRatio(call.vsCommitPlusUpside)}</strong> of commit + upside.
          </p>`}
      ${m.conflicts.length || m.possibleDuplicates.length || m.warnings.length
        ? html`<p class="muted">
            To review on <a href=${context.href('groups')}>Deal groups</a>:${' '}
            ${[
              m.possibleDuplicates.length ? formatCount(m.possibleDuplicates.length, 'possible duplicate') : '',
              m.conflicts.length ? formatCount(m.conflicts.length, 'conflict') : '',
              m.warnings.length ? formatCount(m.warnings.length, 'data-quality warning') : '',
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>`
        : null}
    </div>
  </div>`;
}

function Charts({
  m,
  trend,
  trendError,
  retry,
  markDrawn,
  context,
}: {
  m: QuarterMetrics;
  trend: TrendPoint[] | undefined;
  trendError: Error | undefined;
  retry: () => void;
  markDrawn: (id: string) => () => void;
  context: PageContext;
}) {
  const { currency } = m;
  // Quarters before the first data would draw as a flat start at zero, and a later quarter's
  // lines would plunge (it has barely begun): the bars show the next quarter, the lines stop at this one.
  const first = trend?.findIndex((p) => p.joint.total > 0 || p.joint.closedLost > 0 || (p.call.commitAtStart ?? 0) > 0) ?? -1;
  const kept = trend && first >= 0 ? trend.slice(first) : trend;
  const points = kept?.filter((p) => p.quarter <= context.quarter || p.joint.total > 0);
  // Lines end at the chosen quarter, or at the as-of quarter when the chosen one is still ahead.
  const asOfQuarter = defaultQuarter(context.calendar, context.asOf, serverClock.nowMs());
  const lastLine = context.quarter < asOfQuarter ? context.quarter : asOfQuarter;
  const upToNow = kept?.filter((p) => p.quarter <= lastLine);
  return html`<div class="chart-grid">
    <${Chart}
      testid="chart-call"
      title="The call at the start vs closed won"
      summary=${m.call.commitAtStart === null
        ? 'The quarter has not started.'
        : `Commit at start ${formatMoney(m.call.commitAtStart, currency)}, closed won ${formatMoney(m.call.closedWon, currency)} (${formatRatio(m.call.vsCommit)} of commit).`}
      dataKey=${m}
      build=${(charts: typeof import('../charts/index.js'), width: number) => charts.callChart(m.call, { currency, width })}
      emptyText=${`${m.quarter} has not started: there is no call yet.`}
      onDrawn=${markDrawn('call')}
    />
    <${Chart}
      testid="chart-split"
      title="Partner sourced vs influenced"
      summary=${`Sourced ${formatMoney(m.split.sourced.total, currency)} (${formatRatio(m.split.sourcedShare)}), influenced ${formatMoney(m.split.influenced.total, currency)}.`}
      dataKey=${m}
      build=${(charts: typeof import('../charts/index.js'), width: number) => charts.splitChart(m.split, m.joint.total, { currency, width })}
      emptyText=${`No partner-sourced or influenced deal closes in ${m.quarter} yet.`}
      onDrawn=${markDrawn('split')}
    />
    ${trendError && !trend
      ? html`<div class="chart-wide"><${ErrorNotice} error=${trendError} retry=${retry} title="The trend could not be loaded" /></div>`
      : !points
        ? html`<div class="chart-wide"><${Loading} what="the trend" /></div>`
        : html`
            <div class="chart-wide">
              <${Chart}
                testid="chart-by-quarter"
                title="Commit, upside and closed won by quarter"
                summary=${points.map((p) => `${p.quarter}: ${formatMoney(p.joint.total, currency)}`).join('; ')}
                dataKey=${points}
                build=${(charts: typeof import('../charts/index.js'), width: number) => charts.byQuarterChart(points, context.quarter, { currency, width })}
                onDrawn=${markDrawn('by-quarter')}
              />
            </div>
            <div class="chart-wide">
              <${Chart}
                testid="chart-trend"
                title="Trend: the joint number, closed won and the call over the quarters"
                summary=${upToNow!.map((p) => `${p.quarter}: closed won ${formatMoney(p.joint.closedWon, currency)}`).join('; ')}
                dataKey=${upToNow}
                build=${(charts: typeof import('../charts/index.js'), width: number) => charts.trendChart(upToNow!, context.quarter, { currency, width })}
                onDrawn=${markDrawn('trend')}
              />
            </div>
          `}
  </div>`;
}

function Exports({ context }: { context: PageContext }) {
  const { api, partnership, quarter, asOf } = context;
  const range = boardPackWindow(quarter);
  return html`<section class="exports" aria-labelledby="exports-title">
    <h2 id="exports-title">Board pack, ${range.from} to ${range.to}</h2>
    <p class="muted">Partner revenue for the board, with the same figures as this page${asOf ? ', as of the chosen instant' : ''}.</p>
    <div class="button-row">
      ${exportFormats.map(
        ({ format, label }) => html`<${DownloadLink}
          api=${api}
          testid=${`export-${format}`}
          path=${api.boardPackPath(partnership.key, format, range.from, range.to, asOf)}
          label=${label}
        />`,
      )}
    </div>
  </section>`;
}

function AlertList({ alerts }: { alerts: AlertView[] }) {
  return html`<section class="notice notice-warn alerts" aria-labelledby="alerts-title">
    <p class="notice-title" id="alerts-title">${formatCount(alerts.length, 'open alert')}</p>
    <ul>
      ${alerts.slice(0, 5).map((a) => html`<li>${a.message}</li>`)}
    </ul>
    ${alerts.length > 5 ? html`<p class="muted">and ${alerts.length - 5} more.</p>` : null}
  </section>`;
}
