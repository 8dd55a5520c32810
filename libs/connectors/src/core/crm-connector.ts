import type { CrmMapping, CrmProvider } from '@alignboard/contracts';
import type { ChangePage, DatedRate, HistorySnapshot, SyncCursor } from './normalized.js';

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
  /** The instant incremental windows end at (minus the provider's indexing lag); tests pass a fixed clock. */
  now?: () => Date;
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
  /** Dated exchange rates the CRM keeps (empty when it keeps none). */
  datedRates(): Promise<DatedRate[]>;
  /** HTTP requests made so far by this connector (for the run record). */
  apiCalls(): number;
  close(): Promise<void>;
}
