import { Random, type HubspotSimulator, type SalesforceSimulator } from '@alignboard/connectors';
import type { TwoCrms } from './two-crms.js';

/** The demo's seeded PRNG, so a soak run is the same on every machine. */
export class SoakRandom extends Random {
  /** One of `items`, or undefined when there is none (nothing to delete, restore, merge…). */
  pickOrNone<T>(items: readonly T[]): T | undefined {
    return items.length ? this.pick(items) : undefined;
  }
}

export type ActivityKind = 'create' | 'amount' | 'closeDate' | 'stage' | 'attribution' | 'delete' | 'restore' | 'merge' | 'crossReference' | 'account';

/** What one CRM edit did, for the soak's log. */
export interface Activity {
  side: 'A' | 'B';
  kind: ActivityKind;
  crmId: string;
  /** The CRM held it back (a late commit) or search indexed it late: a hazard for the next incremental run. */
  hazard: 'late commit' | 'search lag' | null;
}

const kinds: [ActivityKind, number][] = [
  ['create', 14], ['amount', 22], ['closeDate', 16], ['stage', 18], ['attribution', 6], ['delete', 5], ['restore', 4], ['merge', 3], ['crossReference', 6], ['account', 3],
];
const sfStages = ['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Stalled', 'Closed Won', 'Closed Lost'];
const hsStages = ['1001', '1002', '1003', '1004', '1005'];
const hsCategories = [null, 'PIPELINE', 'BEST_CASE', 'COMMIT', 'OMIT'];
const sfAttribution = [null, 'Partner Sourced', 'Partner Influenced'];
const hsAttribution = [null, 'sourced', 'influenced'];
const motions = [null, 'mssp-upsell', 'cloud-migration', 'smb-bundle'];
const day = 86_400_000;

/**
 * Random CRM activity the way people make it, one edit at the CRM's current
 * instant: new deals, amounts, close dates, stages and categories,
 * attributions and motions, deletes and restores, HubSpot merges,
 * cross-references added later, account websites and domains. Some edits
 * commit late (Salesforce) or reach search late (HubSpot).
 */
export class CrmActivity {
  private created = 0;

  constructor(
    private readonly crms: TwoCrms,
    private readonly random: SoakRandom,
    private readonly hazards: { lateCommitShare: number; searchLagShare: number; maxDelayMs: number },
  ) {}

  /** One random edit on `side` now (its CRM's clock); null when the chosen edit has nothing to act on. */
  act(side: 'A' | 'B'): Activity | null {
    const kind = this.kind(side);
    return side === 'A' ? this.salesforce(kind) : this.hubspot(kind);
  }

  private kind(side: 'A' | 'B'): ActivityKind {
    const usable = kinds.filter(([k]) => side === 'B' || k !== 'merge');
    let roll = this.random.next() * usable.reduce((s, [, w]) => s + w, 0);
    for (const [k, w] of usable) if ((roll -= w) < 0) return k;
    return 'amount';
  }

  private closeDate(nowMs: number): string {
    return new Date(nowMs + this.random.int(-100, 200) * day).toISOString().slice(0, 10);
  }

  private salesforce(kind: ActivityKind): Activity | null {
    const sf: SalesforceSimulator = this.crms.salesforce;
    const now = this.crms.clocks.A.now();
    const opportunities = sf.store.rows('Opportunity').filter((r) => typeof r.Id === 'string');
    const live = opportunities.filter((r) => r.IsDeleted !== true).map((r) => String(r.Id));
    const deleted = opportunities.filter((r) => r.IsDeleted === true).map((r) => String(r.Id));
    const late = this.random.chance(this.hazards.lateCommitShare);
    const options = late ? { visibleAt: new Date(now + this.random.int(30_000, this.hazards.maxDelayMs)) } : {};
    const done = (crmId: string): Activity => ({ side: 'A', kind, crmId, hazard: late ? 'late commit' : null });
    const target = this.random.pickOrNone(live);
    switch (kind) {
      case 'create': {
        const accounts = sf.store.rows('Account').filter((a) => a.IsDeleted !== true);
        const written = sf.store.upsert(
          'Opportunity',
          {
            Name: `Soak deal A${++this.created}`,
            AccountId: this.random.pickOrNone(accounts)?.Id ?? null,
            StageName: this.random.pickOrNone(sfStages.slice(0, 4)),
            CloseDate: this.closeDate(now),
            Amount: this.random.chance(0.03) ? null : this.random.int(5, 300) * 1000,
            CurrencyIsoCode: this.random.chance(0.8) ? 'USD' : 'EUR',
            Partner_Attribution__c: this.random.pickOrNone(sfAttribution),
            Joint_Motion__c: this.random.chance(0.2) ? this.random.pickOrNone(motions) : null,
            Partner_Opportunity_Id__c: this.random.chance(0.2) ? (this.random.pickOrNone(this.liveHubspotIds()) ?? null) : null,
          },
          options,
        );
        return done(String(written.Id));
      }
      case 'amount':
        return target ? (sf.store.upsert('Opportunity', { Id: target, Amount: this.random.int(5, 400) * 1000 }, options), done(target)) : null;
      case 'closeDate':
        return target ? (sf.store.upsert('Opportunity', { Id: target, CloseDate: this.closeDate(now) }, options), done(target)) : null;
      case 'stage':
        return target ? (sf.store.upsert('Opportunity', { Id: target, StageName: this.random.pickOrNone(sfStages) }, options), done(target)) : null;
      case 'attribution':
        return target
          ? (sf.store.upsert('Opportunity', { Id: target, Partner_Attribution__c: this.random.pickOrNone(sfAttribution), Joint_Motion__c: this.random.pickOrNone(motions) }, options), done(target))
          : null;
      case 'delete':
        return target ? (sf.store.delete('Opportunity', target, options), done(target)) : null;
      case 'restore': {
        const id = this.random.pickOrNone(deleted);
        return id ? (sf.store.undelete('Opportunity', id, options), done(id)) : null;
      }
      case 'crossReference': {
        const partner = this.random.pickOrNone(this.liveHubspotIds());
        return target && partner ? (sf.store.upsert('Opportunity', { Id: target, Partner_Opportunity_Id__c: partner }, options), done(target)) : null;
      }
      case 'account': {
        const account = this.random.pickOrNone(sf.store.rows('Account').filter((a) => a.IsDeleted !== true));
        if (!account) return null;
        sf.store.upsert('Account', { Id: account.Id, Website: `https://www.renamed-${++this.created}.example/` }, options);
        return done(String(account.Id));
      }
      default:
        return null;
    }
  }

  private hubspot(kind: ActivityKind): Activity | null {
    const hs: HubspotSimulator = this.crms.hubspot;
    const now = this.crms.clocks.B.now();
    const deals = [...hs.store.deals.values()];
    const live = deals.filter((d) => !d.archived).map((d) => d.id);
    // Merged-away deals stay merged: only plain archives come back.
    const merged = new Set(deals.flatMap((d) => (d.properties.hs_merged_object_ids ?? '').split(';').filter(Boolean)));
    const archived = deals.filter((d) => d.archived && !merged.has(d.id)).map((d) => d.id);
    const lagged = this.random.chance(this.hazards.searchLagShare);
    const late = !lagged && this.random.chance(this.hazards.lateCommitShare / 2);
    const options = {
      ...(lagged ? { searchLagMs: this.random.int(30_000, this.hazards.maxDelayMs) } : {}),
      ...(late ? { visibleAt: new Date(now + this.random.int(30_000, this.hazards.maxDelayMs)) } : {}),
    };
    const done = (crmId: string): Activity => ({ side: 'B', kind, crmId, hazard: lagged ? 'search lag' : late ? 'late commit' : null });
    const target = this.random.pickOrNone(live);
    const update = (id: string, properties: Record<string, string | null>) => (hs.store.updateDeal(id, properties, options), done(id));
    switch (kind) {
      case 'create': {
        const company = this.random.pickOrNone([...hs.store.companies.keys()]);
        const deal = hs.store.createDeal(
          {
            dealname: `Soak deal B${++this.created}`,
            amount: String(this.random.int(5, 250) * 1000),
            closedate: `${this.closeDate(now)}T12:00:00.000Z`,
            pipeline: '31337',
            dealstage: this.random.pickOrNone(hsStages.slice(0, 3))!,
            deal_currency_code: this.random.chance(0.85) ? 'USD' : 'EUR',
            partner_attribution: this.random.pickOrNone(hsAttribution) ?? null,
            joint_motion: this.random.chance(0.2) ? (this.random.pickOrNone(motions) ?? null) : null,
            partner_opportunity_id: this.random.chance(0.2) ? (this.random.pickOrNone(this.liveSalesforceIds()) ?? null) : null,
          },
          { ...options, companyIds: company ? [company] : undefined },
        );
        return done(deal.id);
      }
      case 'amount':
        return target ? update(target, { amount: String(this.random.int(5, 400) * 1000) }) : null;
      case 'closeDate':
        return target ? update(target, { closedate: `${this.closeDate(now)}T12:00:00.000Z` }) : null;
      case 'stage':
        return target
          ? update(target, this.random.chance(0.5) ? { dealstage: this.random.pickOrNone(hsStages)!, pipeline: '31337' } : { hs_manual_forecast_category: this.random.pickOrNone(hsCategories) ?? null })
          : null;
      case 'attribution':
        return target ? update(target, { partner_attribution: this.random.pickOrNone(hsAttribution) ?? null, joint_motion: this.random.pickOrNone(motions) ?? null }) : null;
      case 'delete':
        return target ? (hs.store.archiveDeal(target, options), done(target)) : null;
      case 'restore': {
        const id = this.random.pickOrNone(archived);
        return id ? (hs.store.restoreDeal(id, options), done(id)) : null;
      }
      case 'merge': {
        const loser = this.random.pickOrNone(live.filter((id) => id !== target));
        return target && loser ? (hs.store.mergeDeals(target, loser, options), done(target)) : null;
      }
      case 'crossReference': {
        const partner = this.random.pickOrNone(this.liveSalesforceIds());
        return target && partner ? update(target, { partner_opportunity_id: partner }) : null;
      }
      case 'account': {
        const company = this.random.pickOrNone([...hs.store.companies.keys()]);
        return company ? (hs.store.updateCompany(company, { domain: `renamed-${++this.created}.example` }, options), done(company)) : null;
      }
      default:
        return null;
    }
  }

  private liveHubspotIds(): string[] {
    return [...this.crms.hubspot.store.deals.values()].filter((d) => !d.archived).map((d) => d.id);
  }

  private liveSalesforceIds(): string[] {
    return this.crms.salesforce.store
      .rows('Opportunity')
      .filter((r) => r.IsDeleted !== true && typeof r.Id === 'string')
      .map((r) => String(r.Id));
  }
}
