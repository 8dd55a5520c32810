import { salesforceId } from '../demo/deal-plan.js';
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

/**
 * The simulated org's records. Tests edit it between syncs the way users edit
 * Salesforce: every write stamps `SystemModstamp` from the simulator's clock,
 * a delete is a soft delete (`IsDeleted`, visible through queryAll), and
 * opportunity edits to tracked fields append `OpportunityHistory` rows.
 */
export class SalesforceStore implements QuerySource {
  readonly schema: Map<string, ObjectDef>;
  readonly multiCurrency: boolean;
  readonly orgId: string;
  private readonly tables = new Map<SfObjectName, Map<string, SfRecord>>();
  private counter = 0;
  /** Bumped by every write; the query engine keeps its indexes and sorted lists until it changes. */
  private writes = 0;

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

  /** Inserts or updates (a partial update merges) with a fresh `SystemModstamp`; returns the stored record. */
  upsert(object: SfObjectName, fields: SfRecord): SfRecord {
    this.writes++;
    const stamp = sfDatetime(this.clock());
    const id = typeof fields.Id === 'string' ? fields.Id : this.nextId(object);
    const before = this.byId(object, id);
    const patch = object === 'Opportunity' ? this.joinAccount({ ...fields }) : { ...fields };
    const row: SfRecord = { ...(before ?? { IsDeleted: false, CreatedDate: stamp }), ...patch, Id: id, LastModifiedDate: stamp, SystemModstamp: stamp };
    if (object === 'Opportunity') {
      this.syncForecastCategory(row, patch);
      if (before?.StageName !== row.StageName) this.applyStageDefaults(row, patch);
      if (!before || trackedFields.some((k) => before[k] !== row[k])) this.appendHistory(row, stamp);
    }
    this.tables.get(object)!.set(id, row);
    return structuredClone(row);
  }

  /** A soft delete, as the recycle bin keeps it; deleting an account deletes its opportunities. */
  delete(object: SfObjectName, id: string): void {
    const row = this.byId(object, id);
    if (!row || row.IsDeleted === true) throw new Error(`${object} ${id} does not exist or is already deleted`);
    this.writes++;
    const stamp = sfDatetime(this.clock());
    Object.assign(row, { IsDeleted: true, SystemModstamp: stamp });
    if (object === 'Account') {
      for (const opp of this.rows('Opportunity')) if (opp.AccountId === id && opp.IsDeleted !== true) this.delete('Opportunity', String(opp.Id));
    }
    if (object === 'Opportunity') {
      for (const h of this.rows('OpportunityHistory')) if (h.OpportunityId === id) Object.assign(h, { IsDeleted: true, SystemModstamp: stamp });
    }
  }

  stage(name: unknown): SfOpportunityStage | undefined {
    return this.rows('OpportunityStage').find((s) => s.ApiName === name || s.MasterLabel === name) as SfOpportunityStage | undefined;
  }

  private put(object: SfObjectName, record: SfRecord) {
    // A record without an Id is malformed seed data: it is kept (and served) under a private key.
    const key = typeof record.Id === 'string' ? record.Id : `(no id ${++this.counter})`;
    this.writes++;
    this.tables.get(object)!.set(key, record);
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
    this.tables.get('OpportunityHistory')!.set(id, { Id: id, ...row });
  }
}
