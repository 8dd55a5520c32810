import { z } from 'zod';
import type { HistorySnapshot } from '../core/normalized.js';
import { readForecastCategory } from './forecast.js';
import { decimalString, fraction, isoDate, isoInstant } from './values.js';

export interface StageInfo {
  isClosed: boolean;
  isWon: boolean;
}

const stageSchema = z.looseObject({ ApiName: z.string().nullable().optional(), MasterLabel: z.string(), IsClosed: z.boolean(), IsWon: z.boolean() });

/**
 * OpportunityStage rows by the names `StageName` may hold: the API name, and
 * the master label (older orgs store the label).
 */
export function stageTable(rows: unknown[]): Map<string, StageInfo> {
  const table = new Map<string, StageInfo>();
  for (const row of rows) {
    const stage = stageSchema.safeParse(row);
    if (!stage.success) continue;
    const info = { isClosed: stage.data.IsClosed, isWon: stage.data.IsWon };
    table.set(stage.data.MasterLabel, info);
    if (stage.data.ApiName) table.set(stage.data.ApiName, info);
  }
  return table;
}

const historySchema = z.looseObject({
  OpportunityId: z.string(),
  CreatedDate: z.string(),
  StageName: z.string().nullable().optional(),
  Amount: z.number().nullable().optional(),
  CloseDate: z.string().nullable().optional(),
  Probability: z.number().nullable().optional(),
  ForecastCategory: z.string().nullable().optional(),
});

/**
 * OpportunityHistory rows → each opportunity's states, oldest first (SPEC §2).
 * A row stamps the values it holds from its CreatedDate on; the category is
 * read the same way as a current record's, with won/lost decided by the
 * stage. Attribution and motion are custom fields Salesforce keeps no history
 * of: they stay undefined and take their current value. A row that cannot be
 * read is skipped (a history gap), never the whole record.
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunityhistory.htm
 */
export function historySnapshots(rows: unknown[], stages: Map<string, StageInfo>): Map<string, HistorySnapshot[]> {
  const byOpportunity = new Map<string, HistorySnapshot[]>();
  for (const raw of rows) {
    const parsed = historySchema.safeParse(raw);
    const validFrom = parsed.success ? isoInstant(parsed.data.CreatedDate) : null;
    if (!parsed.success || !validFrom) continue;
    const row = parsed.data;
    const snapshot: HistorySnapshot = { validFrom };
    if (row.StageName !== undefined) snapshot.stage = row.StageName;
    if (row.Amount !== undefined) snapshot.amount = row.Amount === null ? null : decimalString(row.Amount);
    if (row.CloseDate === null || isoDate(row.CloseDate)) snapshot.closeDate = row.CloseDate ?? null;
    if (row.Probability !== undefined) snapshot.probability = row.Probability === null ? null : fraction(row.Probability);
    const stage = row.StageName ? (stages.get(row.StageName) ?? null) : null;
    const reading = readForecastCategory(row.ForecastCategory ?? null, stage);
    if (reading) snapshot.forecastCategory = reading.category;
    const list = byOpportunity.get(row.OpportunityId) ?? [];
    list.push(snapshot);
    byOpportunity.set(row.OpportunityId, list);
  }
  for (const list of byOpportunity.values()) list.sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0));
  return byOpportunity;
}
