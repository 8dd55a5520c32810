import type { CrmMapping } from '@alignboard/contracts';
import type { HistorySnapshot } from '../core/normalized.js';
import type { RawObject } from './raw.js';
import * as rules from './rules.js';
import type { StageIndex } from './stages.js';

/** The standard properties whose history rebuilds a past state. */
export const historyProperties = [
  'amount',
  'closedate',
  'dealstage',
  'hs_manual_forecast_category',
  'deal_currency_code',
  'hs_deal_stage_probability',
] as const;

export interface HistoryContext {
  mapping: CrmMapping;
  stages: StageIndex;
  companyCurrency: string | null;
}

type Timeline = { ms: number; value: string | null }[];

/**
 * A property's changes oldest first; among equal stamps, the one HubSpot lists
 * first (newest) ends last. An entry without a text value or a readable
 * timestamp is skipped (checked by hand: this runs for every entry of every deal).
 */
function timeline(entries: unknown): Timeline | undefined {
  if (!Array.isArray(entries) || !entries.length) return undefined;
  const line: Timeline = [];
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i] as { value?: unknown; timestamp?: unknown } | null;
    if (!e || typeof e !== 'object' || typeof e.value !== 'string' || typeof e.timestamp !== 'string') continue;
    const ms = Date.parse(e.timestamp);
    if (Number.isFinite(ms)) line.push({ ms, value: e.value === '' ? null : e.value });
  }
  return line.length ? line.sort((a, b) => a.ms - b.ms) : undefined;
}

/**
 * Each property's value in force as instants advance: null before its first
 * change, undefined for a property without history. Instants must come in
 * ascending order (one pass over each timeline, not one per instant).
 */
class ValuesAt {
  private readonly at = new Map<string, number>();

  constructor(private readonly lines: Map<string, Timeline | undefined>) {}

  value(name: string | null, ms: number): string | null | undefined {
    const line = name ? this.lines.get(name) : undefined;
    if (!line) return undefined;
    let i = this.at.get(name!) ?? 0;
    while (i < line.length && line[i].ms <= ms) i++;
    this.at.set(name!, i);
    return i === 0 ? null : line[i - 1].value;
  }
}

/**
 * A deal's `propertiesWithHistory` (each property's changes, newest first) →
 * the full state at each change instant, oldest first, normalized with the
 * same rules as the current record. Properties HubSpot returned no history
 * for stay undefined, so the current value applies (SPEC §2).
 */
export function mergeHistory(deal: RawObject, ctx: HistoryContext): HistorySnapshot[] {
  const attributionProperty = rules.mappedProperty(ctx.mapping.attribution);
  const motionProperty = rules.mappedProperty(ctx.mapping.motion);
  const names = [...historyProperties, attributionProperty, motionProperty].filter((n): n is string => Boolean(n));
  const lines = new Map(names.map((n) => [n, timeline(deal.propertiesWithHistory?.[n])]));
  const instants = [...new Set([...lines.values()].flatMap((line) => line?.map((e) => e.ms) ?? []))].sort((a, b) => a - b);
  const values = new ValuesAt(lines);

  const snapshots: HistorySnapshot[] = [];
  let previous: HistorySnapshot | null = null;
  for (const ms of instants) {
    const at = (name: string | null) => values.value(name, ms);
    const stageId = at('dealstage');
    const stage = stageId ? ctx.stages.get(stageId) : undefined;
    const snapshot: HistorySnapshot = { validFrom: new Date(ms).toISOString() };
    const amount = at('amount');
    if (amount !== undefined) {
      const read = rules.amount(amount);
      snapshot.amount = read.error ? null : read.value;
    }
    const currency = at('deal_currency_code');
    if (currency !== undefined) snapshot.currency = rules.currencyCode(currency, ctx.companyCurrency);
    const closeDate = at('closedate');
    if (closeDate !== undefined) snapshot.closeDate = rules.closeDate(closeDate).value;
    if (stageId !== undefined) {
      snapshot.stage = stage?.label ?? stageId;
      snapshot.forecastCategory = rules.forecastCategory(stageId, stage, at('hs_manual_forecast_category') ?? null, ctx.mapping).value;
    }
    const probability = at('hs_deal_stage_probability');
    if (probability !== undefined || stageId !== undefined) snapshot.probability = rules.probability(probability, stage).value;
    const attribution = at(attributionProperty);
    if (attribution !== undefined) snapshot.attribution = rules.attribution(attribution, ctx.mapping).value;
    const motion = at(motionProperty);
    if (motion !== undefined) snapshot.motionKey = rules.trimmed(motion);

    // Re-setting a value HubSpot still records; a state equal to the one before adds nothing.
    if (!previous || !sameState(previous, snapshot)) snapshots.push(snapshot);
    previous = snapshot;
  }
  return snapshots;
}

const stateFields = ['amount', 'currency', 'closeDate', 'stage', 'forecastCategory', 'probability', 'attribution', 'motionKey'] as const;

/** Equal in every field but the instant (values are text, numbers or null). */
function sameState(a: HistorySnapshot, b: HistorySnapshot): boolean {
  return stateFields.every((f) => a[f] === b[f] || (Number.isNaN(a[f]) && Number.isNaN(b[f])));
}
