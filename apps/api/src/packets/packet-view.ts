import type { MotionPage, PacketNumber, PreworkPacketContent } from '@alignboard/contracts';
import { formatLongDate, formatUtcMinute } from '@alignboard/presentation';
import { motionTrendChart } from '@alignboard/presentation/charts';
import { chartSvg, type ChartSvg } from '../documents/chart-svg.js';
import { quarterEndedAt } from './packet-content.js';
import { PacketFormat, percent } from './packet-format.js';

/**
 * The prework packet as a view: every line, heading and chart written once, in words, and drawn
 * by the HTML page and the PDF alike (docs/decisions/016-presentation-layer.md). The renderers
 * only lay it out.
 */
export interface NumberLine {
  label: string;
  ended: string;
  current: string;
  strong: boolean;
}

export interface MotionView {
  heading: string;
  flag: { kind: 'kill' | 'at_risk'; label: string; reason: string } | null;
  /** Produced vs forecast, the presentation lib's chart; its text is in a font PDFs and browsers have. */
  chart: ChartSvg;
  /** Quarter, forecast, produced, attainment. */
  trend: [string, string, string, string][];
}

export interface PacketHeader {
  title: string;
  lede: string;
  /** The companies, as-of, version and currency. */
  meta: string;
  numberColumns: [string, string];
}

/** Printed at half this width in the PDF and scaled to the column on the page. */
const CHART_WIDTH = 720;

export function packetHeader(c: PreworkPacketContent, version: number, f: PacketFormat): PacketHeader {
  const { ended, current } = c.number;
  return {
    title: `Prework: ${c.partnership.name}, ${c.quarters.current} meeting`,
    lede: `Prework for the ${c.quarters.current} executive alignment meeting on ${formatLongDate(c.meeting.scheduledDate)}`,
    meta: `${f.company('A')} and ${f.company('B')} · figures as of ${formatUtcMinute(c.asOf)} · version ${version} · amounts in ${c.partnership.currency}`,
    numberColumns: [
      `${ended.quarter} (${quarterEndedAt(ended, c.asOf) ? 'ended' : 'running'})`,
      `${current.quarter} (current)`,
    ],
  };
}

/** The joint number, its split and the call, for the quarter that ended and the current one. */
export function numberLines(c: PreworkPacketContent, f: PacketFormat): NumberLine[] {
  const line = (label: string, value: (n: PacketNumber) => string, strong = false): NumberLine => ({
    label,
    ended: value(c.number.ended),
    current: value(c.number.current),
    strong,
  });
  return [
    line('Joint number', (n) => f.amount(n.joint.total), true),
    line('Open', (n) => f.amount(n.joint.open)),
    line('· Commit', (n) => f.amount(n.joint.commit)),
    line('· Upside', (n) => f.amount(n.joint.upside)),
    line('· Pipeline', (n) => f.amount(n.joint.pipeline)),
    line('Closed won', (n) => f.amount(n.joint.closedWon)),
    line('Closed lost', (n) => f.amount(n.joint.closedLost)),
    line('Deals (duplicates removed)', (n) => `${n.joint.deals} (${n.joint.duplicatesRemoved})`),
    line('Partner-sourced', (n) => `${f.amount(n.split.sourced.total)} (${percent(n.split.sourcedShare)})`),
    line('Partner-influenced', (n) => f.amount(n.split.influenced.total)),
    line('Commit at start of quarter', (n) => f.amount(n.call.commitAtStart)),
    line('Upside at start of quarter', (n) => f.amount(n.call.upsideAtStart)),
    line('Won vs commit', (n) => percent(n.call.vsCommit)),
    line('Won vs commit + upside', (n) => percent(n.call.vsCommitPlusUpside)),
  ];
}

/** `3 data-quality warning(s) behind these figures: …`, or null when there are none. */
export function warningsNote(c: PreworkPacketContent): string | null {
  const warnings = c.number.ended.warnings + c.number.current.warnings;
  return warnings > 0 ? `${warnings} data-quality warning(s) behind these figures: see the metrics page.` : null;
}

export function motionView(m: MotionPage, f: PacketFormat, currency: string): MotionView {
  return {
    heading: `Motion: ${m.name}${m.status === 'killed' ? ' (killed)' : ''}`,
    flag: m.flag ? { kind: m.flag, label: m.flag === 'kill' ? 'Kill candidate' : 'At risk', reason: m.reason ?? '' } : null,
    chart: chartSvg(motionTrendChart(m.trend, { currency, width: CHART_WIDTH }), 'Helvetica'),
    trend: m.trend.map((t) => [t.quarter, f.amount(t.forecast), f.amount(t.produced), percent(t.attainment)]),
  };
}
