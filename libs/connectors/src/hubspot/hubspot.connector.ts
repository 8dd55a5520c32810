import { defaultLookbackMs, type ConnectionConfig, type ConnectorOptions, type CrmConnector } from '../core/crm-connector.js';
import { CrmError } from '../core/errors.js';
import type { ChangePage, DatedRate, HistorySnapshot, InventoryEntry, InventoryPage, QuarantinedRecord, RecordsRead, SyncCursor } from '../core/normalized.js';
import { inChunks } from '../shared/in-chunks.js';
import { AccountResolver } from './accounts.js';
import { HubspotClient } from './client.js';
import { afterBackfill, parseCursor, type HubspotCursor } from './cursor.js';
import { historyProperties, mergeHistory } from './history.js';
import { incrementalBatches, modifiedMsOf } from './incremental.js';
import { companyEntry, dealEntry, inventoryProperties, mergedAwayIdsOf } from './inventory.js';
import { dealStampMs, mapCompany, mapDeal } from './mapper.js';
import type { RawObject } from './raw.js';
import { mappedProperty } from './rules.js';
import { indexStages, type StageIndex } from './stages.js';

export interface HubspotConnectorOptions extends ConnectorOptions {
  /** Search requests per second (HubSpot allows 5 per account; default 4). */
  searchRequestsPerSecond?: number;
  /** No response within this many ms is a temporary failure (default 60 s; the SDK sets none). */
  requestTimeoutMs?: number;
  /** The archived list has no "since" filter: scan it at most this often (default 0: every run). */
  archivedScanIntervalMs?: number;
}

/** What one run has handed out so far: how many deals, and each one's stamp. */
interface RunReads {
  fetched: number;
  stamps: Map<string, number>;
}

interface Reference {
  stages: StageIndex;
  companyCurrency: string | null;
  dealProperties: string[];
}

/** Search sees an edit only after indexing: windows end this far behind now. */
const INDEXING_LAG_MS = 60_000;
const STANDARD_PROPERTIES = [
  'dealname', 'amount', 'closedate', 'dealstage', 'pipeline', 'createdate', 'hs_lastmodifieddate', 'hs_object_id',
  'hs_manual_forecast_category', 'hs_deal_stage_probability', 'deal_currency_code', 'hs_is_closed', 'hs_is_closed_won',
  'hs_merged_object_ids',
];

export function createHubspotConnector(config: ConnectionConfig, options: HubspotConnectorOptions = {}): CrmConnector {
  return new HubspotConnector(config, options);
}

/**
 * HubSpot deals as normalized opportunities: a backfill through the list
 * endpoint, then search windows on `hs_lastmodifieddate`, then the archived
 * list for deletions (reference §5.4). Every page carries the cursor to resume after it.
 */
/** List pages (100 deals each, the API's maximum) read into one page of changes during the backfill. */
const LIST_PAGES_PER_PAGE = 5;

class HubspotConnector implements CrmConnector {
  readonly provider = 'hubspot' as const;
  private readonly client: HubspotClient;
  private readonly accounts: AccountResolver;
  private reference: Promise<Reference> | null = null;
  private readonly now: () => Date;

  constructor(
    private readonly config: ConnectionConfig,
    private readonly options: HubspotConnectorOptions,
  ) {
    const perSecond = options.maxRequestsPerSecond ?? 9;
    this.client = new HubspotClient({
      basePath: config.basePath || 'https://api.hubapi.com',
      credentials: config.credentials,
      requestsPerSecond: perSecond,
      searchRequestsPerSecond: options.searchRequestsPerSecond ?? Math.min(4, perSecond),
      // Six tries in all (reference §5.4).
      maxRetries: options.maxRetries ?? 5,
      retryBaseMs: options.retryBaseMs ?? 1000,
      requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
      onTokenRefresh: options.onTokenRefresh,
    });
    this.accounts = new AccountResolver(this.client);
    this.now = options.now ?? (() => new Date());
  }

  async connect(): Promise<void> {
    await this.ref();
  }

  async *changes(cursor: SyncCursor | null): AsyncIterable<ChangePage> {
    const ref = await this.ref();
    let state = parseCursor(cursor);
    let yielded = JSON.stringify(state);
    // What this run has handed out, by id and stamp: a deal read twice in one run (a merged-away deal
    // read with its survivor, then in the archived list) is handed out, and counted, once.
    const run: RunReads = { fetched: 0, stamps: new Map() };
    const emit = async (deals: RawObject[], next: HubspotCursor, total: number | null) => {
      state = next;
      yielded = JSON.stringify(next);
      const page = await this.page(ref, deals, next, run);
      page.progress = { fetched: run.fetched, total: total === null ? null : run.fetched + total };
      return page;
    };

    // Initial backfill through the list endpoint (no 10,000 cap there), a few list pages a page:
    // what a page costs besides its deals (the stored-id check, a write) is then shared by more.
    while (state.mode === 'backfill' && state.backfill) {
      const deals: RawObject[] = [];
      let next: HubspotCursor = state;
      for (let n = 0; n < LIST_PAGES_PER_PAGE && next.mode === 'backfill' && next.backfill; n++) {
        const listed = await this.client.listDeals(next.backfill.after, ref.dealProperties, false);
        let { maxUpdatedMs, idsAtMax, crmStartedAtMs } = next.backfill;
        // HubSpot's clock when the backfill began, from its first answer (a resumed backfill keeps it).
        crmStartedAtMs ??= listed.serverMs;
        for (const deal of listed.results) {
          const ms = modifiedMsOf(deal);
          if (ms > maxUpdatedMs) [maxUpdatedMs, idsAtMax] = [ms, [deal.id]];
          else if (ms === maxUpdatedMs) idsAtMax = [...idsAtMax, deal.id];
        }
        deals.push(...listed.results);
        const advanced: HubspotCursor = { ...next, backfill: { after: listed.nextAfter, maxUpdatedMs, idsAtMax, crmStartedAtMs } };
        next = listed.nextAfter === null ? afterBackfill(advanced) : advanced;
      }
      yield await emit(deals, next, null);
    }

    const endMs = this.now().getTime() - INDEXING_LAG_MS;
    const batches = incrementalBatches(this.client, state, endMs, ref.dealProperties, this.options.lookbackMs ?? defaultLookbackMs.hubspot);
    let step = await batches.next();
    while (!step.done) {
      yield await emit(step.value.deals, step.value.state, step.value.remaining);
      step = await batches.next();
    }
    // Windows that held nothing moved the cursor without a page.
    state = step.value;

    if (this.archivedScanDue(state)) {
      for (;;) {
        const listed = await this.client.listDeals(state.archivedScan.after, ref.dealProperties, true);
        const archivedScan = listed.nextAfter
          ? { ...state.archivedScan, after: listed.nextAfter }
          : { after: null, lastCompletedAt: this.now().toISOString() };
        yield await emit(listed.results, { ...state, archivedScan }, null);
        if (!listed.nextAfter) break;
      }
    }
    // The last position reached must be stored even when nothing changed on the way.
    if (JSON.stringify(state) !== yielded) yield await emit([], state, null);
  }

  /** Property history (newest first per property) → full states, oldest first. Archived deals are read too. */
  async history(crmIds: string[]): Promise<Map<string, HistorySnapshot[]>> {
    const ref = await this.ref();
    const tracked = [...historyProperties, mappedProperty(this.config.mapping.attribution), mappedProperty(this.config.mapping.motion)].filter(
      (n): n is string => Boolean(n),
    );
    const live = await this.client.batchRead('deals', crmIds, ['hs_lastmodifieddate'], tracked);
    const found = new Set(live.map((d) => d.id));
    const missing = crmIds.filter((id) => !found.has(id));
    const archived = missing.length ? await this.client.batchRead('deals', missing, ['hs_lastmodifieddate'], tracked, true) : [];
    const ctx = { mapping: this.config.mapping, stages: ref.stages, companyCurrency: ref.companyCurrency };
    return new Map([...live, ...archived].map((deal) => [deal.id, mergeHistory(deal, ctx)]));
  }

  /**
   * Live deals, then archived ones, through the list endpoint with only their
   * stamp (and the ids survivors name as merged into them); then the
   * companies the store knows, by batch read. HubSpot has no "every company
   * of these deals" scan, and the sync reads only the companies of deals.
   */
  async *inventory(knownAccounts: string[]): AsyncIterable<InventoryPage> {
    // The companies are read by id while the deals are listed page after page: the two share nothing.
    const companies = Promise.all(inChunks(knownAccounts, 1000).map((ids) => this.client.batchRead('companies', ids, ['hs_lastmodifieddate'])));
    companies.catch(() => undefined);
    let fetched = 0;
    for (const archived of [false, true]) {
      let after: string | null = null;
      do {
        const listed = await this.client.listDeals(after, inventoryProperties, archived);
        const entries = listed.results.map(dealEntry).filter((e): e is InventoryEntry => e !== null);
        fetched += listed.results.length;
        yield { opportunities: entries, accounts: [], mergedAway: archived ? [] : listed.results.flatMap(mergedAwayIdsOf), progress: { fetched, total: null } };
        after = listed.nextAfter;
      } while (after !== null);
    }
    const found = (await companies).flat();
    fetched += found.length;
    yield { opportunities: [], accounts: found.map(companyEntry).filter((e): e is InventoryEntry => e !== null), mergedAway: [], progress: { fetched, total: null } };
  }

  /** Deals by id, live then archived (normalized with their companies, as `changes()` pages are), and companies by id. */
  async read(ids: { opportunities: string[]; accounts: string[] }): Promise<RecordsRead> {
    const ref = await this.ref();
    const live = ids.opportunities.length ? await this.client.batchRead('deals', ids.opportunities, ref.dealProperties) : [];
    const seen = new Set(live.map((d) => d.id));
    const rest = ids.opportunities.filter((id) => !seen.has(id));
    const archived = rest.length ? await this.client.batchRead('deals', rest, ref.dealProperties, [], true) : [];
    const page = await this.page(ref, [...live, ...archived], {});
    page.progress = { fetched: live.length + archived.length, total: live.length + archived.length };
    const companies = ids.accounts.length ? await this.client.batchRead('companies', ids.accounts, ['name', 'domain', 'website', 'hs_lastmodifieddate']) : [];
    for (const raw of companies) {
      const mapped = mapCompany(raw);
      if ('ok' in mapped) page.quarantined.push({ crmId: raw.id, objectType: 'account', reason: mapped.reason, raw });
      else if (!page.accounts.some((a) => a.crmId === mapped.crmId)) page.accounts.push(mapped);
    }
    const found = new Set([...seen, ...archived.map((d) => d.id)]);
    const foundCompanies = new Set(companies.map((c) => c.id));
    return {
      page,
      notFound: { opportunities: ids.opportunities.filter((id) => !found.has(id)), accounts: ids.accounts.filter((id) => !foundCompanies.has(id)) },
    };
  }

  /** HubSpot keeps no dated exchange rates; the partnership's configured rates apply. */
  async datedRates(): Promise<DatedRate[]> {
    return [];
  }

  apiCalls(): number {
    return this.client.apiCalls();
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private archivedScanDue(state: HubspotCursor): boolean {
    const last = state.archivedScan.lastCompletedAt;
    if (state.archivedScan.after !== null || !last) return true;
    return this.now().getTime() - Date.parse(last) >= (this.options.archivedScanIntervalMs ?? 0);
  }

  /**
   * Normalizes one page: companies, mapping, quarantine, archived deals as
   * deleted. A deal merged away is read again (archived) whenever its survivor
   * is on a page, so it is stored as HubSpot holds it, as a full sync would.
   */
  private async page(ref: Reference, listed: RawObject[], cursor: HubspotCursor | SyncCursor, run: RunReads = { fetched: 0, stamps: new Map() }): Promise<ChangePage> {
    const unread = (deal: RawObject) => run.stamps.get(deal.id) !== dealStampMs(deal);
    const deals = listed.filter(unread);
    const onPage = new Set(deals.map((d) => d.id));
    // The merged-away ids live on in the survivor: merged-away id → its survivor.
    const mergedAway = new Map<string, string>();
    for (const deal of deals) for (const id of mergedAwayIdsOf(deal)) if (!onPage.has(id)) mergedAway.set(id, deal.id);
    const read = mergedAway.size ? await this.client.batchRead('deals', [...mergedAway.keys()], ref.dealProperties, [], true) : [];
    const losers = read.filter(unread);
    const all = [...deals, ...losers];
    for (const deal of all) run.stamps.set(deal.id, dealStampMs(deal));
    run.fetched += all.length;
    const { companyOf, accounts, quarantined: badAccounts } = await this.accounts.forDeals(all.map((d) => d.id));
    const page: ChangePage = { opportunities: [], accounts, deletions: [], quarantined: [...badAccounts], cursor, progress: { fetched: run.fetched, total: null } };
    const stampOf = new Map<string, string>();
    for (const deal of all) {
      const mapped = mapDeal(deal, { mapping: this.config.mapping, stages: ref.stages, company: companyOf.get(deal.id) ?? null, companyCurrency: ref.companyCurrency });
      if (!mapped.ok) {
        if (deal.archived && deal.archivedAt) page.deletions.push({ crmId: deal.id, deletedAt: deal.archivedAt });
        page.quarantined.push({ crmId: deal.id, objectType: 'opportunity', reason: mapped.reason, raw: deal } satisfies QuarantinedRecord);
        continue;
      }
      page.opportunities.push(mapped.opportunity);
      stampOf.set(deal.id, mapped.opportunity.modifiedAt);
    }
    // A merged-away deal HubSpot no longer returns is still gone: from the survivor's stamp.
    const found = new Set(read.map((d) => d.id));
    for (const [id, winner] of mergedAway) if (!found.has(id) && stampOf.has(winner)) page.deletions.push({ crmId: id, deletedAt: stampOf.get(winner)! });
    return page;
  }

  private ref(): Promise<Reference> {
    this.reference ??= this.loadReference().catch((error: unknown) => {
      this.reference = null;
      throw error;
    });
    return this.reference;
  }

  /** Stages (closed / won decide categories) and the mapped property names, checked against the portal. */
  private async loadReference(): Promise<Reference> {
    // One after the other: a run stopped by the first failure (daily limit...) spends no more calls.
    const pipelines = await this.client.dealPipelines();
    const properties = await this.client.dealProperties();
    const companyCurrency = await this.client.companyCurrency();
    const existing = new Set(properties.map((p) => p.name));
    const mapping = this.config.mapping;
    const mapped = [
      ['attribution', mappedProperty(mapping.attribution)],
      ['motion', mappedProperty(mapping.motion)],
      ['partnerRecordId', mappedProperty(mapping.partnerRecordId)],
    ] as const;
    for (const [role, name] of mapped) {
      if (name && !existing.has(name)) {
        throw new CrmError('INVALID_REQUEST', `the mapping's ${role} property "${name}" does not exist on HubSpot deals in this portal`);
      }
    }
    const extra = mapped.map(([, name]) => name).filter((n): n is string => Boolean(n));
    return { stages: indexStages(pipelines), companyCurrency, dealProperties: [...new Set([...STANDARD_PROPERTIES, ...extra])] };
  }
}
