import type { Attribution, ForecastCategory, SharedField, SideKey } from '@alignboard/contracts';
import type {
  FiscalCalendar,
  GroupOverride,
  HealthInput,
  MotionDefinition,
} from '@alignboard/metrics';
import type { ConfiguredRate, CrmDatedRate } from './currency-conversion.js';

/** An opportunity row as stored, amount in its own currency (numeric string). */
export interface StoredOpportunity {
  id: string;
  side: SideKey;
  connectionId: string;
  crmId: string;
  name: string | null;
  accountName: string | null;
  accountDomain: string | null;
  amount: string | null;
  currency: string | null;
  closeDate: string | null;
  stage: string | null;
  forecastCategory: ForecastCategory | null;
  probability: string | null;
  attribution: Attribution | null;
  motionKey: string | null;
  partnerRecordId: string | null;
  /** ISO instant. */
  createdAt: string | null;
  deleted: boolean;
  warnings: string[];
}

/** One state of a stored opportunity from `validFrom` on, amount in its own currency. */
export interface StoredHistoryRow {
  opportunityId: string;
  validFrom: string;
  amount: string | null;
  currency: string | null;
  closeDate: string | null;
  stage: string | null;
  forecastCategory: ForecastCategory | null;
  attribution: Attribution | null;
  motionKey: string | null;
  deleted: boolean;
}

export interface PartnershipSettings {
  id: string;
  key: string;
  currency: string;
  calendar: FiscalCalendar;
  bookingSide: SideKey;
  killThreshold: number;
  providers: { A: 'salesforce' | 'hubspot'; B: 'salesforce' | 'hubspot' };
  sharedFields: { A: SharedField[]; B: SharedField[] };
  /** Motions sorted by key: the order of the records' motion codes. */
  motions: MotionDefinition[];
  datedRates: CrmDatedRate[];
  configuredRates: ConfiguredRate[];
}

/**
 * Everything one partnership's figures are computed from, as read from the
 * database, before currency conversion and encoding. The cache keeps it so a
 * refresh re-reads only what changed and patches it in.
 */
export interface PartnershipSnapshot {
  settings: PartnershipSettings;
  overrides: GroupOverride[];
  health: HealthInput;
  opportunities: Map<string, StoredOpportunity>;
  /** Per opportunity id, oldest first. */
  history: Map<string, StoredHistoryRow[]>;
}

/**
 * Which changes a snapshot has seen: the partnership's change counters by
 * kind (`records:<connection id>`, `rates`, `overrides`, `health`,
 * `reload`), a missing kind never written. Compared with a later read's to
 * tell what to re-read.
 */
export type ChangeVersions = Record<string, string>;
