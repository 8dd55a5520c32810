import type {
  MotionAttainment,
  MotionPage,
  PacketDealChange,
  QuarterMetrics,
} from '@alignboard/contracts';
import { quarterBounds, type PartnershipFigures } from '@alignboard/metrics';
import {
  closeDateOf,
  groupBefore,
  isOpen,
  categoryOf,
  type DealDescriber,
  type DealState,
} from './packet-deals.js';

const DAY_MS = 86_400_000;
const topDealCount = 5;

export interface MotionPagesInput {
  figures: PartnershipFigures;
  describer: DealDescriber;
  /** The meeting's quarter and the one before it, as of the packet's instant. */
  ended: QuarterMetrics;
  current: QuarterMetrics;
  /** The four quarters ending with the meeting's, oldest first, as of the packet's instant. */
  trend: QuarterMetrics[];
  now: DealState;
  /** The state at the last meeting. */
  then: DealState;
}

/** One page per motion, in the figures' motion order (by key). */
export function motionPages(input: MotionPagesInput): MotionPage[] {
  const { figures, ended, current } = input;
  const calendar = figures.data.calendar;
  const window = {
    startDay: quarterBounds(ended.quarter, calendar).startMs / DAY_MS,
    endDay: quarterBounds(current.quarter, calendar).endMs / DAY_MS,
  };
  const currentRange = {
    startDay: quarterBounds(current.quarter, calendar).startMs / DAY_MS,
    endDay: window.endDay,
  };
  return figures.data.motions.map((motion, m) => {
    const flag = flagOf(ended.motions[m], current.motions[m]);
    return {
      key: motion.key,
      name: motion.name,
      status: motion.status,
      flag: flag?.flag ?? null,
      reason: flag?.reason ?? null,
      trend: input.trend.map((q) => ({
        quarter: q.quarter,
        forecast: q.motions[m].forecast,
        produced: q.motions[m].produced,
        attainment: q.motions[m].attainment,
      })),
      topDeals: topDeals(input, m, currentRange),
      ...movements(input, m, window),
    };
  });
}

/** A kill candidate of the ended quarter first, then a motion behind pace in a running one. */
function flagOf(ended: MotionAttainment, current: MotionAttainment) {
  const kill = [ended, current].find((a) => a.killCandidate);
  if (kill) return { flag: 'kill' as const, reason: kill.reason };
  const risk = [current, ended].find((a) => a.atRisk);
  return risk ? { flag: 'at_risk' as const, reason: risk.reason } : null;
}

const inMotion = (s: DealState, g: number, m: number) =>
  s.groups.inScope[g] === 1 && s.groups.motion[g] === m;

function topDeals(input: MotionPagesInput, m: number, range: { startDay: number; endDay: number }) {
  const { now, describer } = input;
  const picked: number[] = [];
  for (let g = 0; g < now.groups.count; g++) {
    const day = now.groups.closeDay[g];
    if (inMotion(now, g, m) && isOpen(now, g) && day >= range.startDay && day < range.endDay)
      picked.push(g);
  }
  return byAmount(picked.map((g) => describer.deal(now, g))).slice(0, topDealCount);
}

/**
 * The motion's deals compared between the last meeting and now, group by
 * group: won and lost since (whatever their close date), and open deals
 * whose close date moved. A later date out of the ended or current quarter
 * is a slip; any other later date a push; an earlier one a pull-in.
 */
function movements(
  input: MotionPagesInput,
  m: number,
  window: { startDay: number; endDay: number },
) {
  const { now, then, describer } = input;
  const out = { slipped: [], pushed: [], pulledIn: [], won: [], lost: [] } as Record<
    'slipped' | 'pushed' | 'pulledIn' | 'won' | 'lost',
    PacketDealChange[]
  >;
  for (let g = 0; g < now.groups.count; g++) {
    if (!inMotion(now, g, m)) continue;
    const tg = groupBefore(now, g, then);
    const category = categoryOf(now, g);
    const before = tg < 0 ? null : categoryOf(then, tg);
    if ((category === 'closed_won' || category === 'closed_lost') && before !== category) {
      out[category === 'closed_won' ? 'won' : 'lost'].push(describer.change(now, g, then, tg));
      continue;
    }
    if (tg < 0 || !isOpen(now, g) || !isOpen(then, tg)) continue;
    const [from, to] = [closeDateOf(then, tg), closeDateOf(now, g)];
    if (from === null || to === null || from === to) continue;
    const [fromDay, toDay] = [then.groups.closeDay[tg], now.groups.closeDay[g]];
    const list =
      toDay < fromDay
        ? out.pulledIn
        : fromDay >= window.startDay && fromDay < window.endDay && toDay >= window.endDay
          ? out.slipped
          : out.pushed;
    list.push(describer.change(now, g, then, tg));
  }
  return {
    slipped: byAmount(out.slipped),
    pushed: byAmount(out.pushed),
    pulledIn: byAmount(out.pulledIn),
    won: byAmount(out.won),
    lost: byAmount(out.lost),
  };
}

function byAmount<T extends { amount: number; groupId: string }>(deals: T[]): T[] {
  return deals.sort((x, y) => y.amount - x.amount || (x.groupId < y.groupId ? -1 : 1));
}
