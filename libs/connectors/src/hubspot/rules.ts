import type { Attribution, CrmMapping, ForecastCategory } from '@alignboard/contracts';
import type { DealStage } from './stages.js';

/**
 * SPEC §3 for one HubSpot value at a time, shared by the mapper (the current
 * record) and the history merge (each past state). Each rule returns the
 * value and, where the record is usable but doubtful, a warning; `error`
 * means the record cannot be normalized.
 */
export interface Ruled<T> {
  value: T;
  warning?: string;
  error?: string;
}

const manualCategories: Record<string, ForecastCategory> = {
  PIPELINE: 'pipeline',
  BEST_CASE: 'upside',
  COMMIT: 'commit',
  OMIT: 'omitted',
};

/**
 * Closed deals are decided by their stage whatever the manual category says:
 * a closed stage with probability 1 is won, any other closed stage lost.
 * Open deals take `hs_manual_forecast_category`, else the mapping's category
 * for their stage, else pipeline. `closedFallback` (`hs_is_closed`,
 * `hs_is_closed_won`) decides for a stage missing from the pipelines.
 */
export function forecastCategory(
  stageId: string | null,
  stage: DealStage | undefined,
  manual: string | null,
  mapping: CrmMapping,
  closedFallback?: { isClosed: boolean; isWon: boolean },
): Ruled<ForecastCategory> {
  const unknownStage = stage ? undefined : `deal stage ${stageId ?? '(none)'} is in no deal pipeline`;
  if (stage?.isClosed) return { value: stage.probability === 1 ? 'closed_won' : 'closed_lost' };
  if (!stage && closedFallback?.isClosed) return { value: closedFallback.isWon ? 'closed_won' : 'closed_lost', warning: unknownStage };
  const fallback = (stageId && mapping.stageCategories?.[stageId]) || 'pipeline';
  const key = manual?.trim().toUpperCase();
  if (!key) return { value: fallback, warning: unknownStage };
  const mapped = manualCategories[key];
  if (mapped) return { value: mapped, warning: unknownStage };
  return { value: fallback, warning: `forecast category ${manual} does not apply to an open deal; used ${fallback}` };
}

/** A decimal string; empty is null (a data-quality warning), anything else non-numeric is an error. */
export function amount(raw: string | null | undefined): Ruled<string | null> {
  const text = raw?.trim() ?? '';
  if (!text) return { value: null, warning: 'no amount' };
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(text)) return { value: null, error: `amount "${raw}" is not a decimal number` };
  return { value: text.replace(/^(-?)\./, '$10.').replace(/\.$/, '') };
}

const closeDates = new Map<string, Ruled<string | null>>();

/** HubSpot's close date is an instant; the deal closes on its UTC date (SPEC §5). */
export function closeDate(raw: string | null | undefined): Ruled<string | null> {
  // Every past state of every deal reads its close date again: the few distinct values are read once.
  const known = raw ? closeDates.get(raw) : undefined;
  if (known) return known;
  const ruled = readCloseDate(raw);
  if (raw) {
    if (closeDates.size >= 10_000) closeDates.clear();
    closeDates.set(raw, Object.freeze(ruled));
  }
  return ruled;
}

function readCloseDate(raw: string | null | undefined): Ruled<string | null> {
  const text = raw?.trim() ?? '';
  if (!text) return { value: null, warning: 'no close date' };
  const ms = /^\d+$/.test(text) ? Number(text) : /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms)) return { value: null, error: `close date "${raw}" is not a date` };
  return { value: new Date(ms).toISOString().slice(0, 10) };
}

/** `hs_deal_stage_probability` (0–1), else the stage's own probability. */
export function probability(raw: string | null | undefined, stage: DealStage | undefined): Ruled<number | null> {
  const text = raw?.trim() ?? '';
  if (!text) return { value: stage?.probability ?? null };
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 1) return { value: stage?.probability ?? null, warning: `probability "${raw}" is not between 0 and 1` };
  return { value: n };
}

/** The CRM's value through the mapping's table; a value the table does not name counts as none. */
export function attribution(raw: string | null | undefined, mapping: CrmMapping): Ruled<Attribution | null> {
  const text = raw?.trim() ?? '';
  const rule = mapping.attribution;
  if (!text || !rule) return { value: null };
  const values = rule.values;
  const key = text in values ? text : Object.keys(values).find((k) => k.trim().toLowerCase() === text.toLowerCase());
  if (key === undefined) return { value: null, warning: `attribution value "${text}" is not mapped` };
  return { value: values[key] };
}

export const trimmed = (raw: string | null | undefined): string | null => raw?.trim() || null;

export const currencyCode = (raw: string | null | undefined, companyCurrency: string | null): string | null =>
  trimmed(raw)?.toUpperCase() ?? companyCurrency;

/** The property a mapping entry names (HubSpot `property`, or `field` as the file also accepts). */
export const mappedProperty = (entry: { property?: string; field?: string } | undefined): string | null =>
  entry?.property ?? entry?.field ?? null;
