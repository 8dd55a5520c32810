import { z } from 'zod';
import { defaultLookbackMs, type ConnectionConfig, type CrmConnector } from '../core/crm-connector.js';
import { CrmError, isCrmError } from '../core/errors.js';
import { inChunks } from '../shared/in-chunks.js';
import type { ChangePage, DatedRate, HistorySnapshot, InventoryEntry, InventoryPage, RecordsRead, SyncCursor } from '../core/normalized.js';
import { SalesforceClient, type SalesforceClientOptions } from './client.js';
import { emptyCursor, readCursor, rereadFrom, withPosition, type SalesforceCursor, type Stream } from './cursor.js';
import { historySnapshots, stageTable, type StageInfo } from './history.js';
import { mapAccount, mapOpportunity, mappedFields, type MappedFields, type OpportunityContext } from './mapper.js';
import { corporateCurrency, datedRates, localeCurrency } from './rates.js';
import { byIdsQuery, countQuery, historyQuery, inventoryQuery, keysetQuery, type KeysetPosition } from './soql.js';
import { isoInstant } from './values.js';

export interface SalesforceConnectorOptions extends SalesforceClientOptions {
  /** Rows per keyset query (its SOQL LIMIT). Default 2000. */
  pageSize?: number;
  /** Rows per HTTP page within a query (`Sforce-Query-Options: batchSize`, 200–2000). Default: pageSize. */
  batchSize?: number;
}

const opportunityFields = ['Id', 'Name', 'AccountId', 'Account.Name', 'Account.Website', 'Amount', 'CurrencyIsoCode', 'CloseDate', 'StageName', 'Probability', 'ForecastCategory', 'ForecastCategoryName', 'IsClosed', 'IsWon', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp', 'IsDeleted'];
const accountFields = ['Id', 'Name', 'Website', 'CreatedDate', 'SystemModstamp', 'IsDeleted'];
/** IN lists stay well under the URL length Salesforce accepts. */
const historyChunk = 200;
/**
 * Windows end this long before the machine's clock says now, so most rows
 * stamped inside a window have committed when it is read. It is no
 * guarantee: a row's SystemModstamp is taken when its transaction starts, a
 * long transaction commits minutes later, and the org's clock is not ours.
 * The lookback is the guarantee: each run reads again, behind the cursor
 * (the last row read, by the org's own stamps), what may have committed
 * since the previous run began (`rereadFrom`).
 */
const settleLagMs = 60_000;

const describeSchema = z.looseObject({ fields: z.array(z.looseObject({ name: z.string() })) });

interface Org {
  opportunityFields: string[];
  context: OpportunityContext;
  multiCurrency: boolean;
  currencyTypes: Record<string, unknown>[];
}

export function createSalesforceConnector(config: ConnectionConfig, options: SalesforceConnectorOptions = {}): CrmConnector {
  return new SalesforceConnector(config, options);
}

/**
 * Opportunities and accounts through the REST API, incrementally on
 * SystemModstamp with keyset paging through queryAll (deletes arrive as
 * IsDeleted rows); history from OpportunityHistory; rates from
 * DatedConversionRate. See the reference's §5.3.
 */
export class SalesforceConnector implements CrmConnector {
  readonly provider = 'salesforce' as const;
  private readonly client: SalesforceClient;
  private org$: Promise<Org> | null = null;
  private stages: Map<string, StageInfo> | null = null;

  constructor(
    private readonly config: ConnectionConfig,
    private readonly options: SalesforceConnectorOptions = {},
  ) {
    this.client = new SalesforceClient(config, options);
  }

  async connect(): Promise<void> {
    await this.org();
  }

  async *changes(cursor: SyncCursor | null): AsyncIterable<ChangePage> {
    const org = await this.org();
    let position = readCursor(cursor);
    const end = new Date((this.options.now?.() ?? new Date()).getTime() - settleLagMs).toISOString();
    const streams: { stream: Stream; object: string; fields: string[] }[] = [
      // Accounts first: an account edit does not touch its opportunities, so the sync re-derives their name and domain from these.
      { stream: 'account', object: 'Account', fields: accountFields },
      { stream: 'opportunity', object: 'Opportunity', fields: org.opportunityFields },
    ];
    const lookbackMs = this.options.lookbackMs ?? defaultLookbackMs.salesforce;
    const start = position;
    const from = (stream: Stream) => rereadFrom(start, stream, lookbackMs);
    // Progress counts opportunities, as the run's counters do; accounts come first and are few.
    const total = (await this.client.query(countQuery('Opportunity', from('opportunity'), end), { all: true })).totalSize;
    // The org's clock as this run begins (the count's answer came before any row is read).
    const orgNow = this.client.orgNowMs();
    position = { ...position, orgRunStartedAt: orgNow === null ? position.orgRunStartedAt : new Date(orgNow).toISOString() };
    let fetched = 0;
    let yielded = false;
    for (const s of streams) {
      for await (const rows of this.rowsAfter(s.object, s.fields, from(s.stream), end)) {
        if (s.stream === 'opportunity') fetched += rows.length;
        // The cursor only moves forward: rows read again within the lookback leave it where it was.
        position = withPosition(position, s.stream, later(position[s.stream], lastPosition(rows)));
        yielded = true;
        yield this.toPage(s.stream, rows, org, position, { fetched, total: Math.max(total, fetched) });
      }
    }
    // Nothing new: the cursor still records this run's start, so the next one reads nothing twice.
    if (!yielded && position.orgRunStartedAt !== start.orgRunStartedAt) {
      yield { opportunities: [], accounts: [], deletions: [], quarantined: [], cursor: position, progress: { fetched: 0, total } };
    }
  }

  async history(crmIds: string[]): Promise<Map<string, HistorySnapshot[]>> {
    await this.org();
    this.stages ??= stageTable(await this.client.queryAllRows('SELECT ApiName, MasterLabel, IsClosed, IsWon FROM OpportunityStage'));
    const result = new Map<string, HistorySnapshot[]>(crmIds.map((id) => [id, []]));
    // Salesforce ids compare by their first 15 characters (SPEC §4); rows carry the 18-character form.
    const requested = new Map(crmIds.map((id) => [id.slice(0, 15), id]));
    // Sent together (the client's limiter caps how many run at once): against a real org each is a round trip.
    // queryAll: a deleted opportunity's history still tells its past (SPEC §5 "as of").
    const answers = await Promise.all(inChunks(crmIds, historyChunk).map((chunk) => this.client.queryAllRows(historyQuery(chunk), true)));
    for (const rows of answers) {
      for (const [id, snapshots] of historySnapshots(rows, this.stages)) {
        const key = requested.get(id.slice(0, 15));
        if (key) result.set(key, [...result.get(key)!, ...snapshots]);
      }
    }
    return result;
  }

  /**
   * Accounts, then opportunities: `Id, SystemModstamp, IsDeleted` of every
   * row through queryAll (deleted ones included), 2,000 a query by Id.
   * Accounts are listed whole: the sync reads them whole.
   */
  async *inventory(): AsyncIterable<InventoryPage> {
    await this.org();
    const limit = this.options.pageSize ?? 2000;
    let total = 0;
    for (const object of ['Account', 'Opportunity']) total += (await this.client.query(`SELECT COUNT() FROM ${object}`, { all: true })).totalSize;
    let fetched = 0;
    for (const object of ['Account', 'Opportunity'] as const) {
      let afterId: string | null = null;
      for (;;) {
        const rows = await this.client.queryAllRows(inventoryQuery(object, afterId, limit), true);
        const entries: InventoryEntry[] = [];
        for (const row of rows) {
          const modifiedAt = isoInstant(row.SystemModstamp);
          if (typeof row.Id === 'string' && modifiedAt) entries.push({ crmId: row.Id, modifiedAt, isDeleted: row.IsDeleted === true });
        }
        fetched += rows.length;
        if (rows.length) afterId = String(rows[rows.length - 1].Id);
        yield {
          opportunities: object === 'Opportunity' ? entries : [],
          accounts: object === 'Account' ? entries : [],
          mergedAway: [],
          progress: { fetched, total: Math.max(total, fetched) },
        };
        if (rows.length < limit) break;
      }
    }
  }

  /** Rows by id through queryAll (a deleted row comes back with IsDeleted), 200 ids a query. */
  async read(ids: { opportunities: string[]; accounts: string[] }): Promise<RecordsRead> {
    const org = await this.org();
    const fetch = async (object: string, fields: string[], wanted: string[]) =>
      (await Promise.all(inChunks(wanted, historyChunk).map((chunk) => this.client.queryAllRows(byIdsQuery(object, fields, chunk), true)))).flat();
    const accounts = await fetch('Account', accountFields, ids.accounts);
    const opportunities = await fetch('Opportunity', org.opportunityFields, ids.opportunities);
    // Read by id, not from a position: the pages' cursor means nothing and is not stored.
    const page = this.toPage('account', accounts, org, emptyCursor(), { fetched: 0, total: null });
    const opportunityPage = this.toPage('opportunity', opportunities, org, emptyCursor(), { fetched: opportunities.length, total: opportunities.length });
    // Ids compare by their first 15 characters (SPEC §4): the org may answer with the other form.
    const found = (rows: Record<string, unknown>[]) => new Set(rows.map((r) => String(r.Id).slice(0, 15)));
    const [foundAccounts, foundOpportunities] = [found(accounts), found(opportunities)];
    return {
      page: { ...opportunityPage, accounts: page.accounts, quarantined: [...page.quarantined, ...opportunityPage.quarantined] },
      notFound: {
        opportunities: ids.opportunities.filter((id) => !foundOpportunities.has(id.slice(0, 15))),
        accounts: ids.accounts.filter((id) => !foundAccounts.has(id.slice(0, 15))),
      },
    };
  }

  async datedRates(): Promise<DatedRate[]> {
    const org = await this.org();
    if (!org.multiCurrency) return [];
    // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_datedconversionrate.htm
    const dated = await this.client
      .queryAllRows('SELECT IsoCode, StartDate, NextStartDate, ConversionRate FROM DatedConversionRate ORDER BY IsoCode ASC, StartDate ASC')
      .catch((error: unknown) => {
        // Without advanced currency management the object may be unavailable: the static rates stand.
        if (isCrmError(error) && error.code === 'INVALID_REQUEST') return [];
        throw error;
      });
    return datedRates(dated, org.currencyTypes);
  }

  apiCalls(): number {
    return this.client.apiCalls();
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private org(): Promise<Org> {
    this.org$ ??= this.discover().catch((error: unknown) => {
      this.org$ = null;
      throw error;
    });
    return this.org$;
  }

  /** Logs in and reads what this org has: the mapped fields, and whether it is multi-currency. */
  private async discover(): Promise<Org> {
    await this.client.login();
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
    const describe = describeSchema.safeParse(await this.client.get('/sobjects/Opportunity/describe'));
    if (!describe.success) throw new CrmError('UNEXPECTED_RESPONSE', 'the Opportunity describe has no field list');
    const names = new Map(describe.data.fields.map((f) => [f.name.toLowerCase(), f.name]));
    const fields = this.resolveMappedFields(names);
    // CurrencyIsoCode exists only in multi-currency orgs; selecting it elsewhere is INVALID_FIELD.
    const multiCurrency = names.has('currencyisocode');
    const currencyTypes = multiCurrency ? await this.client.queryAllRows('SELECT IsoCode, IsCorporate, ConversionRate, IsActive FROM CurrencyType') : [];
    const orgCurrency = multiCurrency ? corporateCurrency(currencyTypes) : await this.localeCurrency();
    const selected = opportunityFields.filter((f) => multiCurrency || f !== 'CurrencyIsoCode');
    for (const f of Object.values(fields)) if (f && !selected.includes(f)) selected.push(f);
    return { opportunityFields: selected, context: { mapping: this.config.mapping, fields, orgCurrency: multiCurrency ? null : orgCurrency }, multiCurrency, currencyTypes };
  }

  private resolveMappedFields(names: Map<string, string>): MappedFields {
    const wanted = mappedFields(this.config.mapping);
    const missing = Object.entries(wanted).filter(([, name]) => name && !names.has(name.toLowerCase()));
    if (missing.length) {
      const custom = [...names.values()].filter((n) => n.endsWith('__c'));
      throw new CrmError(
        'INVALID_REQUEST',
        `Opportunity has no field ${missing.map(([role, name]) => `${name} (mapped as ${role})`).join(', ')}; its custom fields are: ${custom.join(', ') || 'none'}`,
        { providerCode: 'INVALID_FIELD' },
      );
    }
    const canonical = (name: string | null) => (name ? names.get(name.toLowerCase())! : null);
    return { attribution: canonical(wanted.attribution), motion: canonical(wanted.motion), partnerRecordId: canonical(wanted.partnerRecordId) };
  }

  private async localeCurrency(): Promise<string | null> {
    const [org] = await this.client.queryAllRows('SELECT Id, DefaultLocaleSidKey FROM Organization');
    return localeCurrency(org?.DefaultLocaleSidKey);
  }

  /** One keyset query after another; within one, its pages (the locator is used only while it lives). */
  private async *rowsAfter(object: string, fields: string[], after: KeysetPosition | null, end: string): AsyncGenerator<Record<string, unknown>[]> {
    const limit = this.options.pageSize ?? 2000;
    const batchSize = this.options.batchSize ?? limit;
    let from = after;
    let locatorRestarts = 0;
    for (;;) {
      let page = await this.client.query(keysetQuery(object, fields, from, end, limit), { all: true, batchSize });
      const chunkSize = page.totalSize;
      let restarted = false;
      for (;;) {
        if (page.records.length) {
          from = lastPosition(page.records);
          yield page.records;
        }
        if (page.done || !page.nextRecordsUrl) break;
        try {
          page = await this.client.queryMore(page.nextRecordsUrl, batchSize);
        } catch (error) {
          // An expired locator costs a new keyset query from the last row handed out, not the run.
          if (!isCrmError(error) || error.code !== 'CURSOR_INVALID' || ++locatorRestarts > 3) throw error;
          restarted = true;
          break;
        }
      }
      if (!restarted && chunkSize < limit) return;
    }
  }

  private toPage(stream: Stream, rows: Record<string, unknown>[], org: Org, cursor: SalesforceCursor, progress: ChangePage['progress']): ChangePage {
    const page: ChangePage = { opportunities: [], accounts: [], deletions: [], quarantined: [], cursor, progress };
    for (const raw of rows) {
      const crmId = typeof raw.Id === 'string' ? raw.Id : null;
      if (stream === 'account') {
        const account = mapAccount(raw);
        if (account.ok) page.accounts.push(account.value);
        else page.quarantined.push({ crmId, objectType: 'account', reason: account.reason, raw });
        continue;
      }
      const opportunity = mapOpportunity(raw, org.context);
      const deletedAt = raw.IsDeleted === true ? isoInstant(raw.SystemModstamp) : null;
      if (opportunity.ok) page.opportunities.push(opportunity.value);
      // A deleted record that cannot be read is still gone: its deletion must not wait in quarantine.
      else if (crmId && deletedAt) page.deletions.push({ crmId, deletedAt });
      else page.quarantined.push({ crmId, objectType: 'opportunity', reason: opportunity.reason, raw });
    }
    return page;
  }
}

/** The later of two positions in (SystemModstamp, Id) order. */
function later(a: KeysetPosition | null, b: KeysetPosition): KeysetPosition {
  if (!a) return b;
  return a.ts > b.ts || (a.ts === b.ts && a.id >= b.id) ? a : b;
}

function lastPosition(rows: Record<string, unknown>[]): KeysetPosition {
  const last = rows[rows.length - 1];
  const ts = isoInstant(last.SystemModstamp);
  if (!ts) throw new CrmError('UNEXPECTED_RESPONSE', `a row inside the SystemModstamp window has no readable SystemModstamp: ${JSON.stringify(last).slice(0, 200)}`);
  // A row without an Id sorts before every other row of its instant: '' resumes right after it.
  return { ts, id: typeof last.Id === 'string' ? last.Id : '' };
}
