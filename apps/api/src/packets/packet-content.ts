import type {
  AskStatus,
  AskVerdict,
  DecisionKind,
  PacketAsk,
  PacketNumber,
  PreworkPacketContent,
  QuarterMetrics,
  SharedField,
  SideKey,
} from '@alignboard/contracts';
import { money, quarterBounds, shiftQuarter, type PartnershipFigures } from '@alignboard/metrics';
import { DealDescriber, type RecordNames } from './packet-deals.js';
import { motionPages } from './packet-motions.js';

export interface AskWithHistory {
  id: string;
  fromSide: SideKey;
  toSide: SideKey;
  quarterRaised: string;
  text: string;
  owner: string | null;
  due: string | null;
  /** Every status the ask took, oldest first (the first is its raising). */
  history: { status: AskStatus; verdict: AskVerdict | null; changedAtMs: number }[];
}

export interface DecisionRow {
  id: string;
  kind: DecisionKind;
  text: string;
  owner: string | null;
  due: string | null;
  createdAtMs: number;
}

/** Everything a packet is made of, read beforehand: the content is then a pure function of it. */
export interface PacketInputs {
  partnership: PreworkPacketContent['partnership'];
  meeting: PreworkPacketContent['meeting'];
  lastMeeting: PreworkPacketContent['lastMeeting'];
  figures: PartnershipFigures;
  /** Names of the figures' records, in the records table's order. */
  names: RecordNames[];
  sharedFields: Record<SideKey, SharedField[]>;
  /** The partnership's asks (any quarter), with their status history. */
  asks: AskWithHistory[];
  /** Decisions logged on the last meeting. */
  decisions: DecisionRow[];
  asOfMs: number;
}

/**
 * The prework packet of a meeting of quarter Q, as of one instant: the
 * figures of Q−1 and Q, the asks raised in Q−1, a page per motion, and what
 * changed since the last meeting (from the first instant of its day; with no
 * earlier meeting, from the start of Q−1).
 */
export function preworkPacketContent(input: PacketInputs): PreworkPacketContent {
  const { figures, asOfMs, meeting, lastMeeting } = input;
  const calendar = figures.data.calendar;
  const current = meeting.quarter;
  const ended = shiftQuarter(current, -1);
  const sinceStart = lastMeeting
    ? Date.parse(`${lastMeeting.scheduledDate}T00:00:00Z`)
    : quarterBounds(ended, calendar).startMs;
  const sinceMs = Math.min(sinceStart, asOfMs);

  const trend = [-3, -2, -1, 0].map((n) =>
    figures.quarterMetrics(shiftQuarter(current, n), asOfMs),
  );
  const [endedNow, currentNow] = trend.slice(2);
  const [endedThen, currentThen] = [ended, current].map((q) => figures.quarterMetrics(q, sinceMs));
  const asks = input.asks.map((a) => askAsOf(a, asOfMs)).filter((a): a is PacketAsk => a !== null);

  return {
    partnership: input.partnership,
    meeting,
    asOf: new Date(asOfMs).toISOString(),
    quarters: { ended, current },
    lastMeeting,
    since: new Date(sinceMs).toISOString(),
    number: { ended: numberOf(endedNow), current: numberOf(currentNow) },
    health: currentNow.health,
    asks: asks.filter((a) => a.quarterRaised === ended),
    motions: motionPages({
      figures,
      describer: new DealDescriber(figures, input.names, input.sharedFields),
      ended: endedNow,
      current: currentNow,
      trend,
      now: figures.stateAt(asOfMs),
      then: figures.stateAt(sinceMs),
    }),
    changes: {
      jointNumber: {
        ended: jointChange(endedThen, endedNow),
        current: jointChange(currentThen, currentNow),
      },
      decisions: input.decisions
        .filter((d) => d.createdAtMs <= asOfMs)
        .map((d) => ({ id: d.id, kind: d.kind, text: d.text, owner: d.owner, due: d.due })),
      asksDelivered: asks.filter(
        (a) => a.status === 'delivered' && Date.parse(a.statusSince) > sinceMs,
      ),
    },
  };
}

/**
 * Whether a packet's quarter had ended at its as-of instant (the quarter's end, exclusive, is at or
 * before it): a packet generated early must not call the quarter just before the meeting "ended".
 */
export function quarterEndedAt(number: Pick<PacketNumber, 'quarterEnd'>, asOf: string): boolean {
  return Date.parse(number.quarterEnd) <= Date.parse(asOf);
}

function numberOf(m: QuarterMetrics): PacketNumber {
  return {
    quarter: m.quarter,
    quarterStart: m.quarterStart,
    quarterEnd: m.quarterEnd,
    joint: m.joint,
    split: m.split,
    call: m.call,
    motions: m.motions,
    warnings: m.warnings.length,
  };
}

function jointChange(then: QuarterMetrics, now: QuarterMetrics) {
  return {
    quarter: now.quarter,
    then: then.joint.total,
    now: now.joint.total,
    change: money(now.joint.total - then.joint.total),
  };
}

/** The ask as it stood at the instant: its latest status by then; null if it was not raised yet. */
function askAsOf(ask: AskWithHistory, asOfMs: number): PacketAsk | null {
  const known = ask.history.filter((h) => h.changedAtMs <= asOfMs);
  const state = known.at(-1);
  if (!state) return null;
  // A verdict change keeps the status: the status dates from the first row of its run.
  let since = known.length - 1;
  while (since > 0 && known[since - 1].status === state.status) since--;
  return {
    id: ask.id,
    fromSide: ask.fromSide,
    toSide: ask.toSide,
    quarterRaised: ask.quarterRaised,
    text: ask.text,
    owner: ask.owner,
    due: ask.due,
    status: state.status,
    verdict: state.verdict,
    statusSince: new Date(known[since].changedAtMs).toISOString(),
  };
}
