import type { Attribution, ForecastCategory } from '@alignboard/contracts';

/**
 * An opportunity as Alignboard stores it, whatever CRM it came from
 * (SPEC §2–§3). Produced only by a provider's pure mapper.
 */
export interface NormalizedOpportunity {
  crmId: string;
  accountCrmId: string | null;
  accountName: string | null;
  /** Normalized web domain (see `normalizeDomain`), or null when the account has none. */
  accountDomain: string | null;
  name: string | null;
  /** Decimal string in the record's own currency; null when the CRM has none (counts as 0, with a warning). */
  amount: string | null;
  /** ISO 4217, upper-case. */
  currency: string | null;
  /** `YYYY-MM-DD`; a HubSpot close datetime becomes its UTC date. */
  closeDate: string | null;
  stage: string | null;
  forecastCategory: ForecastCategory;
  /** 0–1. */
  probability: number | null;
  attribution: Attribution | null;
  /** Trimmed value of the motion field; matching it to a motion's key is the metrics' job. */
  motionKey: string | null;
  partnerRecordId: string | null;
  /** ISO instants (UTC) from the CRM's own clock. */
  createdAt: string;
  /** `SystemModstamp` / `hs_lastmodifieddate`: the history row's stamp. */
  modifiedAt: string;
  isDeleted: boolean;
  /** Salesforce's `SystemModstamp` of the deleted row, HubSpot's `archivedAt`. */
  deletedAt: string | null;
  /** Data-quality notes that do not stop the record (null amount, unmapped attribution value...). */
  warnings: string[];
  raw: Record<string, unknown>;
}

export interface NormalizedAccount {
  crmId: string;
  name: string | null;
  website: string | null;
  domain: string | null;
  modifiedAt: string | null;
  isDeleted: boolean;
  raw: Record<string, unknown>;
}

/** A record that could not be normalized: kept aside with its reason, the sync goes on. */
export interface QuarantinedRecord {
  crmId: string | null;
  objectType: 'opportunity' | 'account';
  reason: string;
  raw: unknown;
}

/**
 * The state of one opportunity from `validFrom` on, rebuilt from the CRM's own
 * history (Salesforce `OpportunityHistory`, HubSpot property history). Fields
 * the CRM keeps no history of are left out (undefined) and take their current
 * value (SPEC §2).
 */
export interface HistorySnapshot {
  validFrom: string;
  amount?: string | null;
  currency?: string | null;
  closeDate?: string | null;
  stage?: string | null;
  forecastCategory?: ForecastCategory | null;
  probability?: number | null;
  attribution?: Attribution | null;
  motionKey?: string | null;
}

/** A dated exchange rate as the CRM states it (Salesforce `DatedConversionRate`). */
export interface DatedRate {
  currency: string;
  /** First day the rate applies, `YYYY-MM-DD`. */
  startDate: string;
  /** First day it no longer applies, or null while current. */
  nextStartDate: string | null;
  /** Units of `currency` per one unit of `corporateCurrency`. */
  perCorporateUnit: number;
  corporateCurrency: string;
}

/** Opaque to the sync engine: stored with each page, handed back to resume. */
export type SyncCursor = Record<string, unknown>;

/**
 * One record as reconciliation sees it: its id, the stamp the sync stores
 * for it (the mapper's `modifiedAt`, from the CRM's own clock) and whether
 * the CRM holds it as deleted.
 */
export interface InventoryEntry {
  crmId: string;
  modifiedAt: string;
  isDeleted: boolean;
}

/** A page of the narrow scan of every record a CRM holds. */
export interface InventoryPage {
  opportunities: InventoryEntry[];
  accounts: InventoryEntry[];
  /** Ids of deals merged away, as their survivors name them (HubSpot). */
  mergedAway: string[];
  progress: { fetched: number; total: number | null };
}

/** Records read by id, normalized as `changes()` pages are; what the CRM no longer holds at all is listed apart. */
export interface RecordsRead {
  page: ChangePage;
  notFound: { opportunities: string[]; accounts: string[] };
}

export interface ChangePage {
  opportunities: NormalizedOpportunity[];
  accounts: NormalizedAccount[];
  /** Records known to be gone (HubSpot archived or merged away) with their deletion stamps. */
  deletions: { crmId: string; deletedAt: string }[];
  quarantined: QuarantinedRecord[];
  /** Where to resume after this page has been written. */
  cursor: SyncCursor;
  /** For progress bars: records read so far in this run, and the expected total when the CRM says. */
  progress: { fetched: number; total: number | null };
}
