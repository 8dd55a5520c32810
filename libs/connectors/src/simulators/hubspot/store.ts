import { LateCommits } from '../late-commits.js';
import type { HubspotCompanySeed, HubspotDealSeed, HubspotHistoryEntry, HubspotSeed } from './seed.js';

export type ObjectType = 'deals' | 'companies';

/** One CRM object as the simulator keeps it; `modifiedMs` mirrors `hs_lastmodifieddate`. */
export interface StoredObject {
  id: string;
  properties: Record<string, string | null>;
  /** Newest first, like `propertiesWithHistory`. */
  history: Map<string, HubspotHistoryEntry[]>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt: string | null;
  modifiedMs: number;
}

export interface EditOptions {
  /** The modification instant (default: the simulator's clock). */
  at?: string | Date;
  sourceType?: string;
  /**
   * A late commit: the edit is invisible to every endpoint until the portal's
   * clock reaches this instant, while its `hs_lastmodifieddate` stays `at`
   * (an import or workflow that lands after deals stamped later).
   */
  visibleAt?: string | Date;
  /** Search indexes this edit only this long after it is made (default: the store's `searchLagMs`). */
  searchLagMs?: number;
}

/** An object as the search index holds it: its properties when it was indexed. */
type Indexed = Pick<StoredObject, 'id' | 'properties' | 'createdAt' | 'updatedAt' | 'archived' | 'archivedAt' | 'modifiedMs' | 'history'>;

/**
 * The simulator's state, and the API tests use to change it between syncs the
 * way HubSpot would: every edit gets a fresh `hs_lastmodifieddate` and appends
 * to each changed property's history; archiving sets `archivedAt`; a merge
 * archives the loser and lists its id in the winner's `hs_merged_object_ids`.
 */
export class HubspotStore {
  readonly deals = new Map<string, StoredObject>();
  readonly companies = new Map<string, StoredObject>();
  /** Deal id → company ids, primary first. */
  readonly associations = new Map<string, string[]>();
  /**
   * How long a change takes to reach the search index
   * (https://developers.hubspot.com/docs/api/crm/search: new and updated
   * records show up after a delay). 0: at once. Tests set it.
   */
  searchLagMs = 0;
  private sorted: Partial<Record<ObjectType, StoredObject[]>> = {};
  private nextId: number;
  /** Objects whose latest changes search does not see yet: what it saw before, and each change with when it shows. */
  private readonly lagging = new Map<string, { before: Indexed | null; versions: { visibleAtMs: number; object: Indexed }[] }>();
  /** Writes stamped already that commit when the clock reaches their `visibleAt`. */
  private readonly late = new LateCommits(() => this.clock());

  constructor(
    readonly seed: HubspotSeed,
    private readonly clock: () => number = Date.now,
  ) {
    for (const deal of seed.deals) this.deals.set(deal.id, fromSeed(deal));
    for (const company of seed.companies) this.companies.set(company.id, fromSeed(company));
    for (const [dealId, companyIds] of Object.entries(seed.associations)) this.associations.set(dealId, [...companyIds]);
    const ids = [...this.deals.keys(), ...this.companies.keys()].map(Number).filter(Number.isFinite);
    this.nextId = Math.max(1000, ...ids) + 1;
  }

  objects(type: ObjectType): Map<string, StoredObject> {
    return type === 'deals' ? this.deals : this.companies;
  }

  /** All objects of a type ordered by numeric id, the order the list endpoint pages in. */
  byId(type: ObjectType): StoredObject[] {
    return (this.sorted[type] ??= [...this.objects(type).values()].sort((a, b) => Number(a.id) - Number(b.id)));
  }

  createDeal(properties: Record<string, string | null>, options: EditOptions & { id?: string; companyIds?: string[] } = {}): StoredObject {
    const id = options.id ?? String(this.nextId++);
    if (this.deals.has(id)) throw new Error(`deal ${id} already exists`);
    const at = this.instant(options.at);
    const deal = fromSeed({ id, properties: { ...properties, createdate: at, hs_createdate: at }, createdAt: at, updatedAt: at });
    deal.properties.hs_lastmodifieddate = at;
    deal.modifiedMs = Date.parse(at);
    const commit = () => {
      this.deals.set(id, deal);
      if (options.companyIds) this.associations.set(id, [...options.companyIds]);
      this.sorted.deals = undefined;
      this.indexLater('deals', deal, null, options);
    };
    if (!this.deferred(options, commit)) commit();
    return deal;
  }

  /** Sets properties (null clears one); only changed values reach the history. */
  updateDeal(id: string, properties: Record<string, string | null>, options: EditOptions = {}): StoredObject {
    // Stamped now even when it commits late.
    const stamped = { ...options, at: this.instant(options.at) };
    return this.edit('deals', id, stamped, (deal) => this.update(deal, properties, stamped));
  }

  updateCompany(id: string, properties: Record<string, string | null>, options: EditOptions = {}): StoredObject {
    const stamped = { ...options, at: this.instant(options.at) };
    return this.edit('companies', id, stamped, (company) => this.update(company, properties, stamped));
  }

  /** Brings an archived deal back from the recycle bin; HubSpot stamps the restore as a modification. */
  restoreDeal(id: string, options: EditOptions = {}): StoredObject {
    const deal = this.deals.get(id);
    if (!deal?.archived) throw new Error(`deal ${id} is not archived`);
    const stamped = { ...options, at: this.instant(options.at) };
    const commit = () => {
      const before = indexedCopy(deal);
      deal.archived = false;
      deal.archivedAt = null;
      this.update(deal, {}, stamped);
      this.indexLater('deals', deal, before, stamped);
    };
    if (!this.deferred(options, commit)) commit();
    return deal;
  }

  /** A permanent delete (GDPR, an emptied recycle bin): gone from every endpoint, the archived list included. */
  purgeDeal(id: string): void {
    if (!this.deals.delete(id)) throw new Error(`no deal ${id}`);
    this.associations.delete(id);
    this.lagging.delete(`deals:${id}`);
    this.sorted.deals = undefined;
  }

  /** Commits the late edits whose time has come; the server calls it before answering each request. */
  settle(): void {
    this.late.settle();
  }

  /** Late edits not committed yet. */
  pendingCommits(): number {
    return this.late.pending();
  }

  /** The portal's clock. */
  now(): number {
    return this.clock();
  }

  /**
   * Every object of a type as the search index sees it now: live ones as last
   * indexed (a change shows once its lag has passed; one created within it
   * does not show yet). Archived objects leave search at once.
   */
  searchable(type: ObjectType): Indexed[] {
    const now = this.clock();
    const out: Indexed[] = [];
    for (const object of this.objects(type).values()) {
      if (object.archived) continue;
      const key = `${type}:${object.id}`;
      const lag = this.lagging.get(key);
      if (!lag) {
        out.push(object);
        continue;
      }
      const shown = lag.versions.filter((v) => v.visibleAtMs <= now);
      if (shown.length === lag.versions.length) {
        this.lagging.delete(key);
        out.push(object);
      } else {
        const indexed = shown.length ? shown[shown.length - 1].object : lag.before;
        if (indexed && !indexed.archived) out.push(indexed);
      }
    }
    return out;
  }

  createCompany(properties: Record<string, string | null>, options: EditOptions & { id?: string } = {}): StoredObject {
    const id = options.id ?? String(this.nextId++);
    const at = this.instant(options.at);
    const company = fromSeed({ id, properties: { ...properties, createdate: at, hs_lastmodifieddate: at }, createdAt: at, updatedAt: at });
    this.companies.set(id, company);
    this.sorted.companies = undefined;
    return company;
  }

  /** Archiving does not touch `hs_lastmodifieddate`; it only shows in the archived list. */
  archiveDeal(id: string, options: EditOptions = {}): StoredObject {
    const at = this.instant(options.at);
    return this.edit('deals', id, options, (deal) => {
      deal.archived = true;
      deal.archivedAt = at;
      return deal;
    });
  }

  /** HubSpot's merge: the loser is archived, the winner lists it and takes its associations. */
  mergeDeals(winnerId: string, loserId: string, options: EditOptions = {}): StoredObject {
    const at = this.instant(options.at);
    this.live('deals', loserId);
    return this.edit('deals', winnerId, options, (winner) => {
      const loser = this.live('deals', loserId);
      loser.archived = true;
      loser.archivedAt = at;
      const merged = [winner.properties.hs_merged_object_ids, loser.id].filter(Boolean).join(';');
      const companies = [...new Set([...(this.associations.get(winnerId) ?? []), ...(this.associations.get(loserId) ?? [])])];
      if (companies.length) this.associations.set(winnerId, companies);
      return this.update(winner, { hs_merged_object_ids: merged }, { ...options, at });
    });
  }

  setAssociations(dealId: string, companyIds: string[]): void {
    if (companyIds.length) this.associations.set(dealId, [...companyIds]);
    else this.associations.delete(dealId);
  }

  private update(object: StoredObject, properties: Record<string, string | null>, options: EditOptions): StoredObject {
    const at = this.instant(options.at);
    for (const [name, value] of Object.entries({ ...properties, ...this.calculated(object, properties) })) {
      if ((object.properties[name] ?? null) === value) continue;
      object.properties[name] = value;
      const entries = object.history.get(name) ?? [];
      entries.unshift({ value: value ?? '', timestamp: at, sourceType: options.sourceType ?? 'CRM_UI' });
      object.history.set(name, entries);
    }
    object.properties.hs_lastmodifieddate = at;
    object.updatedAt = at;
    object.modifiedMs = Date.parse(at);
    return object;
  }

  /** What HubSpot recalculates when a deal changes stage. */
  private calculated(object: StoredObject, properties: Record<string, string | null>): Record<string, string> {
    const stageId = properties.dealstage;
    if (!stageId || stageId === object.properties.dealstage) return {};
    const stage = this.seed.pipelines.flatMap((p) => p.stages).find((s) => s.id === stageId);
    if (!stage) return {};
    const probability = Number(stage.metadata.probability);
    return {
      hs_deal_stage_probability: String(probability),
      hs_is_closed: stage.metadata.isClosed,
      hs_is_closed_won: String(stage.metadata.isClosed === 'true' && probability === 1),
    };
  }

  /** One edit of a live object, now or at its late commit, with what search saw before it. */
  private edit(type: ObjectType, id: string, options: EditOptions, change: (object: StoredObject) => StoredObject): StoredObject {
    const object = this.live(type, id);
    const commit = () => {
      const before = indexedCopy(object);
      change(object);
      this.indexLater(type, object, before, options);
    };
    if (!this.deferred(options, commit)) commit();
    return object;
  }

  /** Records a change search will see only after its lag; without lag, search sees the object as it is. */
  private indexLater(type: ObjectType, object: StoredObject, before: Indexed | null, options: EditOptions): void {
    const key = `${type}:${object.id}`;
    const lagMs = options.searchLagMs ?? this.searchLagMs;
    if (lagMs <= 0) {
      this.lagging.delete(key);
      return;
    }
    const lag = this.lagging.get(key) ?? { before, versions: [] };
    lag.versions.push({ visibleAtMs: this.clock() + lagMs, object: indexedCopy(object) });
    this.lagging.set(key, lag);
  }

  /** Queues a late edit (true), or says it is to be made now (false). */
  private deferred(options: EditOptions, commit: () => void): boolean {
    return this.late.defer(options.visibleAt, commit);
  }

  private live(type: ObjectType, id: string): StoredObject {
    const object = this.objects(type).get(id);
    if (!object || object.archived) throw new Error(`no live ${type} record ${id}`);
    return object;
  }

  private instant(at: string | Date | undefined): string {
    // HubSpot writes instants with milliseconds: 2026-11-20T00:00:00.000Z.
    return new Date(at ?? this.clock()).toISOString();
  }
}

function indexedCopy(object: StoredObject): Indexed {
  return { ...object, properties: { ...object.properties } };
}

function fromSeed(seed: HubspotDealSeed | HubspotCompanySeed): StoredObject {
  const properties: Record<string, string | null> = { ...seed.properties, hs_object_id: seed.id };
  properties.createdate ??= seed.createdAt;
  properties.hs_lastmodifieddate ??= seed.updatedAt;
  const history = new Map<string, HubspotHistoryEntry[]>();
  const given = 'propertiesWithHistory' in seed ? (seed.propertiesWithHistory ?? {}) : {};
  for (const [name, value] of Object.entries(properties)) {
    const entries = given[name];
    if (entries?.length) history.set(name, entries.map((e) => ({ ...e })));
    else if (value !== null && value !== undefined) history.set(name, [{ value: String(value), timestamp: seed.createdAt, sourceType: 'CRM_UI' }]);
  }
  const archived = 'archived' in seed && seed.archived === true;
  return {
    id: seed.id,
    properties,
    history,
    createdAt: seed.createdAt,
    updatedAt: seed.updatedAt,
    archived,
    archivedAt: archived ? ((seed as HubspotDealSeed).archivedAt ?? seed.updatedAt) : null,
    modifiedMs: modifiedMs(properties.hs_lastmodifieddate, seed.updatedAt),
  };
}

/** `hs_lastmodifieddate` as epoch ms (it may be stored as ISO or as ms digits). */
export function modifiedMs(value: string | null | undefined, fallback: string): number {
  const parsed = value && /^\d+$/.test(value) ? Number(value) : Date.parse(value ?? '');
  return Number.isFinite(parsed) ? parsed : Date.parse(fallback);
}
