import type { CrmMapping } from '@alignboard/contracts';
import { z } from 'zod';
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

const entrySchema = z.object({
  value: z.string(),
  timestamp: z.string().refine((s) => Number.isFinite(Date.parse(s))),
});

/** A property's changes oldest first; among equal stamps, the one HubSpot lists first (newest) ends last. */
function timeline(entries: unknown): { ms: number; value: string | null }[] | undefined {
  if (!Array.isArray(entries) || !entries.length) return undefined;
  const parsed = entries.map((e) => entrySchema.safeParse(e)).filter((r) => r.success).map((r) => r.data);
  if (!parsed.length) return undefined;
  return parsed
    .reverse()
    .map((e) => ({ ms: Date.parse(e.timestamp), value: e.value === '' ? null : e.value }))
    .sort((a, b) => a.ms - b.ms);
}

/** The value in force at `ms`: null before the first change, undefined for a property without history. */
function valueAt(line: { ms: number; value: string | null }[] | undefined, ms: number): string | null | undefined {
  if (!line) return undefined;
  let value: string | null = null;
  for (const entry of line) {
    if (entry.ms > ms) break;
    value = entry.value;
  }
  return value;
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

  const snapshots: HistorySnapshot[] = [];
  let previous = '';
  for (const ms of instants) {
    const at = (name: string | null) => (name ? valueAt(lines.get(name), ms) : undefined);
    const stageId = at('dealstage');
    const stage = stageId ? ctx.stages.get(stageId) : undefined;
    const snapshot: HistorySnapshot = { validFrom: new Date(ms).toISOString() };
    const amount = at('amount');
    if (amount !== undefined) snapshot.amount = rules.amount(amount).error ? null : rules.amount(amount).value;
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
    const { validFrom: _, ...state } = snapshot;
    const key = JSON.stringify(state);
    if (key !== previous) snapshots.push(snapshot);
    previous = key;
  }
  return snapshots;
}
