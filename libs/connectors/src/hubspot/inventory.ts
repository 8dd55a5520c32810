import type { InventoryEntry } from '../core/normalized.js';
import { companyStampMs, dealStampMs } from './mapper.js';
import type { RawObject } from './raw.js';

/** The properties reconciliation asks the list endpoint for: the stamp, and the merged-away ids of survivors. */
export const inventoryProperties = ['hs_lastmodifieddate', 'hs_merged_object_ids'];

/** A listed deal as reconciliation compares it; null when HubSpot sent no readable stamp. */
export function dealEntry(deal: RawObject): InventoryEntry | null {
  const ms = dealStampMs(deal);
  return Number.isFinite(ms) ? { crmId: deal.id, modifiedAt: new Date(ms).toISOString(), isDeleted: deal.archived } : null;
}

export function companyEntry(company: RawObject): InventoryEntry | null {
  const ms = companyStampMs(company);
  return Number.isFinite(ms) ? { crmId: company.id, modifiedAt: new Date(ms).toISOString(), isDeleted: company.archived } : null;
}

/**
 * The ids a surviving deal names as merged into it (`hs_merged_object_ids`, semicolon-separated).
 * https://knowledge.hubspot.com/records/merge-records
 */
export function mergedAwayIdsOf(deal: RawObject): string[] {
  const merged = deal.properties.hs_merged_object_ids;
  return typeof merged === 'string' ? merged.split(';').map((x) => x.trim()).filter(Boolean) : [];
}
