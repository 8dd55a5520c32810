import type { MetricFigure, MotionAttainment, MotionView } from '@alignboard/contracts';
import { useState } from 'preact/hooks';
import { formatMoney, formatRatio } from '@alignboard/presentation';
import { html } from '../html.js';
import type { PageContext } from '../shell.js';
import { Chart } from '../ui/chart.js';
import { DealList } from '../ui/deal-table.js';
import { useResource } from '../ui/resource.js';
import { Empty, ErrorNotice, Loading } from '../ui/states.js';

/** Motions: produced vs forecast, the kill threshold, badges with their reasons, the deals behind each figure. */
export function MotionsPage({ context }: { context: PageContext }) {
  const { api, partnership, quarter, asOf } = context;
  const key = partnership.key;
  const metrics = useResource((signal) => api.metrics(key, quarter, asOf, signal), [key, quarter, asOf]);
  const motions = useResource((signal) => api.motions(key, signal), [key]);
  const [chartDrawn, setChartDrawn] = useState(false);
  const [open, setOpen] = useState<string | null>(null);

  const m = metrics.data;
  const list = m?.motions ?? [];
  const ready = Boolean((m && motions.data && (chartDrawn || list.length === 0)) || metrics.error);

  return html`<section class="page" data-testid="page-motions" data-ready=${ready ? 'true' : 'false'} aria-busy=${!ready}>
    ${metrics.error && !m
      ? html`<${ErrorNotice} error=${metrics.error} retry=${metrics.reload} title="The motions could not be loaded" />`
      : !m
        ? html`<${Loading} what="the motions" />`
        : list.length === 0
          ? html`<${Empty} title="No joint motion yet">
              <p>Motions and their quarterly forecasts come from the partnership file: add a <code>motions:</code> list and run <code>alignboard apply</code>.</p>
            <//>`
          : html`
              <p class="lede">
                Attainment is what a motion produced in ${quarter} (deals created in the quarter) over its forecast. A motion under the
                kill threshold of <strong>${formatRatio(partnership.killThreshold)}</strong> when the quarter ends is a kill candidate; at
                half-time, one producing under that pace is at risk.
              </p>
              <${Chart}
                testid="chart-motions"
                title="Attainment against forecast"
                summary=${list.map((x) => `${x.name}: ${formatRatio(x.attainment)}`).join('; ')}
                dataKey=${m}
                build=${(charts: typeof import('../charts/index.js'), width: number) =>
                  charts.motionAttainmentChart(list, partnership.killThreshold, { width })}
                onDrawn=${() => setChartDrawn(true)}
              />
              <table class="table motions-table">
                <thead>
                  <tr>
                    <th scope="col">Motion</th>
                    <th scope="col" class="num">Forecast</th>
                    <th scope="col" class="num">Produced</th>
                    <th scope="col" class="num">Attainment</th>
                    <th scope="col" class="num">Closed won</th>
                    <th scope="col">Standing</th>
                    <th scope="col"><span class="visually-hidden">Deals</span></th>
                  </tr>
                </thead>
                ${list.map(
                  (motion) => html`<${MotionRow}
                    motion=${motion}
                    view=${motions.data?.find((v) => v.key === motion.key)}
                    open=${open === motion.key}
                    toggle=${() => setOpen(open === motion.key ? null : motion.key)}
                    context=${context}
                  />`,
                )}
              </table>
            `}
  </section>`;
}

function MotionRow({
  motion,
  view,
  open,
  toggle,
  context,
}: {
  motion: MotionAttainment;
  view: MotionView | undefined;
  open: boolean;
  toggle: () => void;
  context: PageContext;
}) {
  const { currency } = context.partnership;
  const panel = `deals-${motion.key}`;
  const owners = view ? (['A', 'B'] as const).map((s) => view.owners[s]).filter(Boolean).join(' · ') : '';
  return html`<tbody class="motion" data-open=${open}>
    <tr data-testid="motion-row" data-key=${motion.key}>
      <th scope="row">
        <span class="motion-name">${motion.name}</span>
        ${owners ? html`<br /><span class="muted small">Owners: ${owners}</span>` : null}
      </th>
      <td class="num">${formatMoney(motion.forecast, currency)}${motion.stretch !== null ? html`<br /><span class="muted small">stretch ${formatMoney(motion.stretch, currency)}</span>` : null}</td>
      <td class="num">${formatMoney(motion.produced, currency)}<br /><span class="muted small">${motion.deals} ${motion.deals === 1 ? 'deal' : 'deals'}</span></td>
      <td class="num">
        <strong data-testid="motion-attainment" data-value=${motion.attainment === null ? '' : String(motion.attainment)}>${formatRatio(motion.attainment)}</strong>
        ${motion.stretchAttainment !== null ? html`<br /><span class="muted small">${formatRatio(motion.stretchAttainment)} of stretch</span>` : null}
      </td>
      <td class="num">${formatMoney(motion.closedWon, currency)}</td>
      <td class="standing">
        ${motion.status === 'killed' ? html`<span class="badge badge-killed">Killed</span>` : null}
        ${motion.killCandidate ? html`<span class="badge badge-kill" data-testid="kill-badge">Kill candidate</span>` : null}
        ${motion.atRisk ? html`<span class="badge badge-risk" data-testid="at-risk-badge">At risk</span>` : null}
        ${!motion.killCandidate && !motion.atRisk && motion.status === 'active'
          ? html`<span class="badge badge-ok">${motion.attainment === null ? 'No forecast' : 'On track'}</span>`
          : null}
        ${motion.reason ? html`<p class="reason"><span class="reason-label">Why:</span> ${motion.reason}</p>` : null}
      </td>
      <td>
        <button type="button" class="button" data-testid="motion-drill" aria-expanded=${open} aria-controls=${panel} onClick=${toggle}>
          ${open ? 'Hide deals' : 'Deals'}
        </button>
      </td>
    </tr>
    ${open
      ? html`<tr class="drill-row">
          <td colspan="7" id=${panel}><${MotionDeals} motion=${motion} context=${context} /></td>
        </tr>`
      : null}
  </tbody>`;
}

const drillFigures: { figure: MetricFigure; label: string }[] = [
  { figure: 'motion.produced', label: 'Produced' },
  { figure: 'motion.closedWon', label: 'Closed won' },
];

function MotionDeals({ motion, context }: { motion: MotionAttainment; context: PageContext }) {
  const { api, partnership, quarter, asOf } = context;
  const [figure, setFigure] = useState<MetricFigure>('motion.produced');
  const groups = useResource(
    (signal) => api.groups(partnership.key, { quarter, asOf, figure, motion: motion.key }, signal),
    [partnership.key, quarter, asOf, figure, motion.key],
  );
  const label = drillFigures.find((f) => f.figure === figure)!.label;
  return html`<div class="drill">
    <div class="segmented" role="group" aria-label="Which deals">
      ${drillFigures.map(
        (f) => html`<button type="button" class="button" aria-pressed=${f.figure === figure} onClick=${() => setFigure(f.figure)}>${f.label}</button>`,
      )}
    </div>
    ${groups.error
      ? html`<${ErrorNotice} error=${groups.error} retry=${groups.reload} />`
      : !groups.data || groups.loading
        ? html`<${Loading} what="the deals" />`
        : html`<${DealList}
            testid="motion-deals"
            groups=${groups.data.groups}
            partnership=${partnership}
            total=${figure === 'motion.produced' ? motion.produced : motion.closedWon}
            totalLabel=${`${label} by ${motion.name} in ${quarter}`}
          />`}
  </div>`;
}
