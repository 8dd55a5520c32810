import type { CrmMapping, CrmProvider } from '@alignboard/contracts';
import type { ChangePage, DatedRate, HistorySnapshot, InventoryPage, RecordsRead, SyncCursor } from './normalized.js';

/**
 * Each incremental run reads again what the CRM stamped this long before the
 * cursor (docs/decisions/004-sync-design.md gives the reasons and the cost).
 */
export const defaultLookbackMs: Record<CrmProvider, number> = {
  // A Salesforce transaction stamps SystemModstamp when it starts; batch Apex and Bulk API jobs commit minutes later.
  salesforce: 10 * 60_000,
  // HubSpot's search index trails writes by seconds, at busy times by minutes.
  hubspot: 15 * 60_000,
};

/** Everything a connector needs to reach one CRM and read it the partnership's way. */
export interface ConnectionConfig {
  provider: CrmProvider;
  /** Salesforce */
  loginUrl?: string | null;
  instanceUrl?: string | null;
  apiVersion?: string | null;
  /** HubSpot */
  basePath?: string | null;
  /** Decrypted credentials (clientId, clientSecret, username, password, accessToken, refreshToken). */
  credentials: Record<string, string>;
  mapping: CrmMapping;
}

export interface ConnectorOptions {
  /**
   * The sync machine's clock: it bounds incremental windows (minus the
   * provider's settle lag) and nothing else; cursors come from the CRM's stamps.
   */
  now?: () => Date;
  /**
   * How far before the cursor an incremental run reads again (ms), for edits
   * the CRM stamped earlier but showed later (search indexing, long
   * transactions). Default per provider: `defaultLookbackMs`.
   */
  lookbackMs?: number;
  /** Upper bound on requests per second to this CRM (our limiter, per connection). */
  maxRequestsPerSecond?: number;
  /** Retries of a retryable failure (429 without daily policy, 5xx, network) before giving up. */
  maxRetries?: number;
  /** Base backoff; tests shrink it. */
  retryBaseMs?: number;
  /** Persist a refreshed access token (jsforce `refresh` event, HubSpot OAuth). */
  onTokenRefresh?: (credentials: Record<string, string>) => void | Promise<void>;
}

/**
 * The one interface every CRM provider implements. A sync run asks for pages
 * of changes after a cursor, writes each page with the cursor it carries in
 * one transaction, and asks for the history of records it sees for the first
 * time before writing them.
 */
export interface CrmConnector {
  readonly provider: CrmProvider;
  /** Validates credentials and the mapped field names against the CRM (describe / properties). */
  connect(): Promise<void>;
  /** Pages of changed records after `cursor` (null: everything), oldest first; ends when caught up. */
  changes(cursor: SyncCursor | null): AsyncIterable<ChangePage>;
  /** The history of these records, oldest snapshot first, keyed by CRM id. */
  history(crmIds: string[]): Promise<Map<string, HistorySnapshot[]>>;
  /**
   * Every opportunity the CRM holds, live or deleted, with its stamp: the
   * narrow scan reconciliation compares with the store. Accounts: every one
   * where the sync reads them whole (Salesforce), else those in `knownAccounts`.
   */
  inventory(knownAccounts: string[]): AsyncIterable<InventoryPage>;
  /** These records as the CRM holds them now (live or deleted), normalized as `changes()` pages are. */
  read(ids: { opportunities: string[]; accounts: string[] }): Promise<RecordsRead>;
  /** Dated exchange rates the CRM keeps (empty when it keeps none). */
  datedRates(): Promise<DatedRate[]>;
  /** HTTP requests made so far by this connector (for the run record). */
  apiCalls(): number;
  close(): Promise<void>;
}
