import type {
  AskStatus,
  AskVerdict,
  ForecastCategory,
  MotionPage,
  PacketDealChange,
  PreworkPacketContent,
  SideKey,
} from '@alignboard/contracts';
import { formatMoney, formatMoneyChange, formatRatio } from '@alignboard/presentation';

/**
 * How the packet's HTML, PDF and messages write numbers and words. Money is
 * shown in whole units of the base currency (the content keeps cents), with
 * the currency's code (the presentation lib's `whole` style).
 */
export class PacketFormat {
  constructor(private readonly content: PreworkPacketContent) {}

  amount(value: number | null): string {
    return formatMoney(value, this.content.partnership.currency, 'whole');
  }

  /** `+USD 1,000` / `−USD 1,000` / `no change`. */
  change(value: number): string {
    return formatMoneyChange(value, this.content.partnership.currency, 'whole');
  }

  company(side: SideKey): string {
    return this.content.partnership.companies[side];
  }

  /** `Cobalt Security → Northgate Systems` (the PDF's font has no arrow: it says `to`). */
  direction(from: SideKey, to: SideKey, arrow = '→'): string {
    return `${this.company(from)} ${arrow} ${this.company(to)}`;
  }

  /** `USD 120,000, was USD 260,000 (−USD 140,000)`. */
  jointChange(j: { then: number; now: number; change: number }): string {
    return `${this.amount(j.now)}, was ${this.amount(j.then)} (${this.change(j.change)})`;
  }
}

/** The packet's ratios, as every view writes them (`77.5%`). */
export const percent = (ratio: number | null): string => formatRatio(ratio);

const categoryLabels: Record<ForecastCategory, string> = {
  pipeline: 'Pipeline',
  upside: 'Upside',
  commit: 'Commit',
  closed_won: 'Won',
  closed_lost: 'Lost',
  omitted: 'Omitted',
};
export const categoryLabel = (c: ForecastCategory | null) => (c ? categoryLabels[c] : '—');

const statusLabels: Record<AskStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  delivered: 'Delivered',
  blocked: 'Blocked',
  dropped: 'Dropped',
};
export const askStatusLabel = (s: AskStatus) => statusLabels[s];

const verdictLabels: Record<AskVerdict, string> = {
  wrong_ask: 'wrong ask',
  wrong_timing: 'wrong timing',
  wrong_priority: 'wrong priority',
};
export const verdictLabel = (v: AskVerdict | null) => (v ? verdictLabels[v] : '');

/** A deal's name as both sides may see it. */
export function dealLabel(d: {
  name: string | null;
  accountName: string | null;
  groupId: string;
}): string {
  if (d.name && d.accountName) return `${d.name} (${d.accountName})`;
  return d.name ?? d.accountName ?? d.groupId;
}

/** `2026-07-15 (was 2026-02-27)`; a deal new since the last meeting, or with the same date, shows its date. */
export function closeChange(d: PacketDealChange): string {
  const now = d.closeDate ?? '—';
  return d.before && d.before.closeDate !== d.closeDate
    ? `${now} (was ${d.before.closeDate ?? '—'})`
    : now;
}

/** `Won (was Commit)`, `Lost (new)`, or the category when it did not change. */
export function categoryChange(d: PacketDealChange): string {
  const now = categoryLabel(d.category);
  if (!d.before) return `${now} (new)`;
  return d.before.category !== d.category
    ? `${now} (was ${categoryLabel(d.before.category)})`
    : now;
}

const movementLists = [
  ['slipped', 'Slipped out of the two quarters', 'slipped'],
  ['pushed', 'Pushed', 'was pushed'],
  ['pulledIn', 'Pulled in', 'was pulled in'],
  ['won', 'Won since the last meeting', 'was won'],
  ['lost', 'Lost since the last meeting', 'was lost'],
] as const;

/** A motion page's deal movements worth a table, and one sentence for the kinds with none. */
export function movements(m: MotionPage): {
  shown: { title: string; deals: PacketDealChange[] }[];
  quiet: string | null;
} {
  const shown = movementLists
    .filter(([k]) => m[k].length)
    .map(([k, title]) => ({ title, deals: m[k] }));
  const quiet = movementLists.filter(([k]) => !m[k].length).map(([, , verb]) => verb);
  if (!quiet.length) return { shown, quiet: null };
  const list =
    quiet.length === 1 ? quiet[0] : `${quiet.slice(0, -1).join(', ')} or ${quiet.at(-1)}`;
  return { shown, quiet: `Since the last meeting, no deal of this motion ${list}.` };
}
