import { salesforceId } from '../demo/deal-plan.js';
import { LateCommits } from '../late-commits.js';
import type { QuerySource } from './query-engine.js';
import { buildSchema, sfObjects, type ObjectDef, type SfObjectName } from './schema.js';
import type { SalesforceSeed, SfOpportunityStage, SfRecord } from './seed.js';

/** The fields whose change makes Salesforce write an OpportunityHistory row. */
const trackedFields = ['StageName', 'Amount', 'CloseDate', 'Probability', 'ForecastCategory'] as const;
const prefixes: Record<SfObjectName, string> = {
  Opportunity: '006', Account: '001', OpportunityHistory: '008', OpportunityStage: '01J',
  DatedConversionRate: '04w', CurrencyType: '02J', Organization: '00D',
};

/** Forecast category labels and their API values (`Commit` is stored as `Forecast`). */
export const forecastApiValue: Record<string, string> = {
  Pipeline: 'Pipeline', 'Best Case': 'BestCase', 'Most Likely': 'MostLikely', Commit: 'Forecast', Closed: 'Closed', Omitted: 'Omitted',
};

/** Salesforce keeps datetimes to the second and prints them as `…T10:00:01.000+0000`. */
export function sfDatetime(date: Date): string {
  return `${new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().slice(0, 19)}.000+0000`;
}

/** When a write happens, as the org's clock tells it, and when it commits. */
export interface WriteOptions {
  /** The instant its transaction started: `SystemModstamp` (default: the org's clock now). */
  at?: string | Date;
  /**
   * A late commit: the write is invisible to every query until the org's
   * clock reaches this instant, while its stamp stays `at`. Records stamped
   * later can be read before it, as a long Salesforce transaction allows
   * (`SystemModstamp` is taken when the transaction starts, not when it commits).
   */
  visibleAt?: string | Date;
}

/**
 * The simulated org's records. Tests edit it between syncs the way users edit
 * Salesforce: every write stamps `SystemModstamp` from the simulator's clock
 * (or the instant given), a delete is a soft delete (`IsDeleted`, visible
 * through queryAll) that `undelete` reverts, `purge` removes a record for good
 * (an emptied recycle bin), and opportunity edits to tracked fields append
 * `OpportunityHistory` rows. Writes may commit late (`visibleAt`).
 */
export class SalesforceStore implements QuerySource {
  readonly schema: Map<string, ObjectDef>;
  readonly multiCurrency: boolean;
  readonly orgId: string;
  private readonly tables = new Map<SfObjectName, Map<string, SfRecord>>();
  private counter = 0;
  /** Bumped by every write; the query engine keeps its indexes and sorted lists until it changes. */
  private writes = 0;
  /** Writes stamped already that commit when the clock reaches their `visibleAt`. */
  private readonly late = new LateCommits(() => this.clock().getTime());
  /**
   * OpportunityHistory rows by OpportunityId, kept as rows are added and
   * purged (a database's index): the history query of each sync page finds
   * its rows without the engine re-indexing 150,000 rows after every edit.
   */
  private readonly historyOf = new Map<string, SfRecord[]>();
  /** Each history row's place in its table, for table order across opportunities. */
  private readonly historySeq = new WeakMap<SfRecord, number>();
  private historyCount = 0;

  constructor(seed: SalesforceSeed, private readonly clock: () => Date = () => new Date()) {
    this.multiCurrency = seed.currencyTypes.length > 0;
    const custom = (records: SfRecord[], extra: string[] = []) => [...extra, ...records.flatMap((r) => Object.keys(r).filter((k) => k.endsWith('__c')))];
    this.schema = buildSchema(this.multiCurrency, {
      Opportunity: custom(seed.opportunities, seed.customFields?.Opportunity),
      Account: custom(seed.accounts, seed.customFields?.Account),
    });
    for (const name of sfObjects) this.tables.set(name, new Map());
    const org = { Id: '00Dxx0000001gPLEAY', Name: 'Simulated Org', DefaultLocaleSidKey: 'en_US', OrganizationType: 'Enterprise Edition', IsSandbox: false, ...seed.organization };
    this.orgId = org.Id;
    this.put('Organization', org);
    for (const account of seed.accounts) this.put('Account', { IsDeleted: false, ...account });
    for (const opp of seed.opportunities) this.put('Opportunity', this.joinAccount({ IsDeleted: false, ...opp }));
    for (const row of seed.opportunityHistory) this.put('OpportunityHistory', { IsDeleted: false, SystemModstamp: row.CreatedDate, ...row });
    for (const row of seed.opportunityStages) this.put('OpportunityStage', { IsActive: true, ...row });
    for (const row of seed.datedConversionRates) this.put('DatedConversionRate', row);
    for (const row of seed.currencyTypes) this.put('CurrencyType', { IsActive: true, DecimalPlaces: 2, ...row });
  }

  version(): number {
    return this.writes;
  }

  /** The org's clock. */
  now(): Date {
    return this.clock();
  }

  /** Commits the late writes whose time has come; the server calls it before answering each request. */
  settle(): void {
    this.late.settle();
  }

  /** Late writes not committed yet. */
  pendingCommits(): number {
    return this.late.pending();
  }

  rowsWhere(object: string, field: string, values: unknown[]): SfRecord[] | undefined {
    if (object !== 'OpportunityHistory' || field !== 'OpportunityId') return undefined;
    const rows = [...new Set(values)].flatMap((v) => (typeof v === 'string' ? (this.historyOf.get(v) ?? []) : []));
    return rows.sort((a, b) => this.historySeq.get(a)! - this.historySeq.get(b)!);
  }

  rows(object: string): SfRecord[] {
    return [...(this.tables.get(object as SfObjectName)?.values() ?? [])];
  }

  byId(object: string, id: string): SfRecord | undefined {
    return this.tables.get(object as SfObjectName)?.get(id);
  }

  get(object: SfObjectName, id: string): SfRecord | undefined {
    const row = this.byId(object, id);
    return row ? structuredClone(row) : undefined;
  }

  list(object: SfObjectName): SfRecord[] {
    return this.rows(object).map((r) => structuredClone(r));
  }

  /** Inserts or updates (a partial update merges) with a fresh `SystemModstamp`; returns the record as it will be stored. */
  upsert(object: SfObjectName, fields: SfRecord, options: WriteOptions = {}): SfRecord {
    const stamp = this.stamp(options.at);
    const id = typeof fields.Id === 'string' ? fields.Id : this.nextId(object);
    const write = () => {
      this.writes++;
      const before = this.byId(object, id);
      const patch = object === 'Opportunity' ? this.joinAccount({ ...fields }) : { ...fields };
      const row: SfRecord = { ...(before ?? { IsDeleted: false, CreatedDate: stamp }), ...patch, Id: id, LastModifiedDate: stamp, SystemModstamp: stamp };
      if (object === 'Opportunity') {
        this.syncForecastCategory(row, patch);
        if (before?.StageName !== row.StageName) this.applyStageDefaults(row, patch);
        if (!before || trackedFields.some((k) => before[k] !== row[k])) this.appendHistory(row, stamp);
      }
      this.tables.get(object)!.set(id, row);
      return row;
    };
    if (this.deferred(options, write)) return structuredClone({ ...(this.byId(object, id) ?? {}), ...fields, Id: id, SystemModstamp: stamp });
    return structuredClone(write());
  }

  /** A soft delete, as the recycle bin keeps it; deleting an account deletes its opportunities. */
  delete(object: SfObjectName, id: string, options: WriteOptions = {}): void {
    const row = this.byId(object, id);
    if (!row || row.IsDeleted === true) throw new Error(`${object} ${id} does not exist or is already deleted`);
    const stamp = this.stamp(options.at);
    if (!this.deferred(options, () => this.setDeleted(object, id, true, stamp))) this.setDeleted(object, id, true, stamp);
  }

  /** Restores a soft-deleted record from the recycle bin (with its history), under a fresh stamp. */
  undelete(object: SfObjectName, id: string, options: WriteOptions = {}): void {
    const row = this.byId(object, id);
    if (!row || row.IsDeleted !== true) throw new Error(`${object} ${id} is not in the recycle bin`);
    const stamp = this.stamp(options.at);
    if (!this.deferred(options, () => this.setDeleted(object, id, false, stamp))) this.setDeleted(object, id, false, stamp);
  }

  /** Removes a record for good (hard delete, an emptied recycle bin): not even queryAll returns it. */
  purge(object: SfObjectName, id: string): void {
    if (!this.byId(object, id)) throw new Error(`${object} ${id} does not exist`);
    this.writes++;
    this.tables.get(object)!.delete(id);
    if (object === 'Opportunity') {
      for (const h of this.rows('OpportunityHistory')) if (h.OpportunityId === id) this.tables.get('OpportunityHistory')!.delete(String(h.Id));
      this.historyOf.delete(id);
    }
  }

  private setDeleted(object: SfObjectName, id: string, deleted: boolean, stamp: string): void {
    const row = this.byId(object, id);
    if (!row) return;
    this.writes++;
    Object.assign(row, { IsDeleted: deleted, SystemModstamp: stamp });
    if (object === 'Account') {
      for (const opp of this.rows('Opportunity')) {
        if (opp.AccountId === id && opp.IsDeleted !== deleted) this.setDeleted('Opportunity', String(opp.Id), deleted, stamp);
      }
    }
    if (object === 'Opportunity') {
      for (const h of this.rows('OpportunityHistory')) if (h.OpportunityId === id) Object.assign(h, { IsDeleted: deleted, SystemModstamp: stamp });
    }
  }

  /** Queues a late write (true), or says it is to be done now (false). */
  private deferred(options: WriteOptions, write: () => unknown): boolean {
    return this.late.defer(options.visibleAt, () => void write());
  }

  private stamp(at: string | Date | undefined): string {
    return sfDatetime(at === undefined ? this.clock() : new Date(at));
  }

  stage(name: unknown): SfOpportunityStage | undefined {
    return this.rows('OpportunityStage').find((s) => s.ApiName === name || s.MasterLabel === name) as SfOpportunityStage | undefined;
  }

  private put(object: SfObjectName, record: SfRecord) {
    // A record without an Id is malformed seed data: it is kept (and served) under a private key.
    const key = typeof record.Id === 'string' ? record.Id : `(no id ${++this.counter})`;
    this.writes++;
    this.tables.get(object)!.set(key, record);
    if (object === 'OpportunityHistory') this.indexHistory(record);
  }

  private indexHistory(row: SfRecord) {
    this.historySeq.set(row, this.historyCount++);
    const id = row.OpportunityId;
    if (typeof id !== 'string') return;
    const list = this.historyOf.get(id);
    if (list) list.push(row);
    else this.historyOf.set(id, [row]);
  }

  private nextId(object: SfObjectName): string {
    let id: string;
    do id = salesforceId(prefixes[object], 900_000_000 + ++this.counter);
    while (this.byId(object, id));
    return id;
  }

  /** A nested `Account` becomes an `AccountId` joined to the accounts table. */
  private joinAccount(opp: SfRecord): SfRecord {
    const nested = opp.Account as SfRecord | null | undefined;
    delete opp.Account;
    if (nested === null) opp.AccountId = null;
    if (!nested) return opp;
    const id = typeof nested.Id === 'string' ? nested.Id : this.nextId('Account');
    if (!this.byId('Account', id)) {
      const stamp = typeof opp.CreatedDate === 'string' ? opp.CreatedDate : sfDatetime(this.clock());
      this.put('Account', { IsDeleted: false, CreatedDate: stamp, LastModifiedDate: stamp, SystemModstamp: stamp, ...nested, Id: id });
    }
    return { ...opp, AccountId: id };
  }

  /** Salesforce derives these from the stage unless the write sets them. */
  private applyStageDefaults(row: SfRecord, patch: SfRecord) {
    const stage = this.stage(row.StageName);
    if (!stage) return;
    row.IsClosed = stage.IsClosed;
    row.IsWon = stage.IsWon;
    if (!('Probability' in patch)) row.Probability = stage.DefaultProbability;
    if (!('ForecastCategoryName' in patch) && !('ForecastCategory' in patch)) {
      row.ForecastCategoryName = stage.ForecastCategoryName;
      row.ForecastCategory = stage.ForecastCategory ?? forecastApiValue[stage.ForecastCategoryName];
    }
  }

  /** The API value and the label of the forecast category move together. */
  private syncForecastCategory(row: SfRecord, patch: SfRecord) {
    if ('ForecastCategoryName' in patch && !('ForecastCategory' in patch)) row.ForecastCategory = forecastApiValue[String(row.ForecastCategoryName)] ?? null;
    if ('ForecastCategory' in patch && !('ForecastCategoryName' in patch)) {
      row.ForecastCategoryName = Object.entries(forecastApiValue).find(([, api]) => api === row.ForecastCategory)?.[0] ?? null;
    }
  }

  private appendHistory(opp: SfRecord, stamp: string) {
    const row: SfRecord = { OpportunityId: opp.Id, CreatedDate: stamp, CreatedById: opp.OwnerId ?? null, IsDeleted: false, SystemModstamp: stamp };
    for (const k of trackedFields) row[k] = opp[k] ?? null;
    if (this.multiCurrency) row.CurrencyIsoCode = opp.CurrencyIsoCode ?? null;
    const id = this.nextId('OpportunityHistory');
    const stored = { Id: id, ...row };
    this.tables.get('OpportunityHistory')!.set(id, stored);
    this.indexHistory(stored);
  }
}
