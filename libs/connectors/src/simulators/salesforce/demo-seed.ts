import type { CrmMapping, ForecastCategory } from '@alignboard/contracts';
import { salesforceId, type DealPlan, type PlannedDeal } from '../demo/deal-plan.js';
import type { SalesforceSeed, SfDatedConversionRate, SfOpportunity, SfOpportunityHistory, SfOpportunityStage } from './seed.js';
import { sfDatetime } from './store.js';

export interface SalesforceSeedFields {
  attributionField: string;
  /** The org's picklist values for each attribution. */
  attributionValues: { sourced: string; influenced: string };
  motionField: string;
  partnerIdField: string;
}

export const demoSalesforceFields: SalesforceSeedFields = {
  attributionField: 'Partner_Attribution__c',
  attributionValues: { sourced: 'Partner Sourced', influenced: 'Partner Influenced' },
  motionField: 'Joint_Motion__c',
  partnerIdField: 'Partner_Opportunity_Id__c',
};

/** The connection mapping that reads a seed built with these field names. */
export function salesforceMappingFor(fields: SalesforceSeedFields = demoSalesforceFields): CrmMapping {
  return {
    attribution: {
      field: fields.attributionField,
      values: { [fields.attributionValues.sourced]: 'sourced', [fields.attributionValues.influenced]: 'influenced' },
    },
    motion: { field: fields.motionField },
    partnerRecordId: { field: fields.partnerIdField },
  };
}

const stage = (ApiName: string, DefaultProbability: number, ForecastCategory: string, ForecastCategoryName: string, IsClosed = false, IsWon = false, SortOrder = 0): SfOpportunityStage => ({
  Id: salesforceId('01J', SortOrder), ApiName, MasterLabel: ApiName, IsActive: true, SortOrder, IsClosed, IsWon, DefaultProbability, ForecastCategory, ForecastCategoryName,
});

export const demoOpportunityStages: SfOpportunityStage[] = [
  stage('Prospecting', 10, 'Pipeline', 'Pipeline', false, false, 1),
  stage('Qualification', 20, 'Pipeline', 'Pipeline', false, false, 2),
  stage('Proposal', 50, 'BestCase', 'Best Case', false, false, 3),
  stage('Negotiation', 80, 'Forecast', 'Commit', false, false, 4),
  stage('Stalled', 5, 'Omitted', 'Omitted', false, false, 5),
  stage('Closed Won', 100, 'Closed', 'Closed', true, true, 6),
  // Salesforce's default lost stage forecasts as Omitted: only the stage says it is closed.
  stage('Closed Lost', 0, 'Omitted', 'Omitted', true, false, 7),
];

const stageFor = (category: ForecastCategory, pipelineStage: string): SfOpportunityStage => {
  const name = { pipeline: pipelineStage, upside: 'Proposal', commit: 'Negotiation', omitted: 'Stalled', closed_won: 'Closed Won', closed_lost: 'Closed Lost' }[category];
  return demoOpportunityStages.find((s) => s.ApiName === name)!;
};

const sf = (iso: string) => sfDatetime(new Date(iso));
const ownerId = '005xx000001Sv6AAAS';

/**
 * Side A of the demo plan as a Salesforce org (USD corporate, EUR and GBP
 * with quarterly dated rates). A handful of deals nobody shares or tags are
 * made malformed on purpose, so the demo shows quarantine: three with a
 * CloseDate Salesforce could never hold, two in a currency the org does not have.
 */
export function toSalesforceSeed(plan: DealPlan, fields: SalesforceSeedFields = demoSalesforceFields): SalesforceSeed {
  const deals = plan.deals.filter((d) => d.side === 'A');
  const firstCreated = deals.reduce((min, d) => (d.createdAt < min ? d.createdAt : min), deals[0]?.createdAt ?? '2020-01-01T00:00:00.000Z');
  const accountStamp = sf(new Date(Date.parse(firstCreated) - 30 * 86_400_000).toISOString());
  const accounts = plan.accounts.map((a) => ({
    Id: a.sfId, Name: a.name, Website: a.website, Type: 'Customer', OwnerId: ownerId,
    CreatedDate: accountStamp, LastModifiedDate: accountStamp, SystemModstamp: accountStamp, IsDeleted: false,
  }));

  const untouched = deals.filter((d) => !d.twin && !d.attribution && !d.motion && !d.partnerRecordId && !d.deleted);
  // Spread through the dataset whatever its size.
  const pick = (...shares: number[]) => new Set(shares.map((share) => untouched[Math.floor(share * untouched.length)]).filter(Boolean).map((d) => d.crmId));
  const badCloseDate = pick(0.05, 0.45, 0.85);
  const badCurrency = pick(0.25, 0.65);

  const opportunityHistory: SfOpportunityHistory[] = [];
  const opportunities = deals.map((deal, index): SfOpportunity => {
    const pipelineStage = index % 2 === 0 ? 'Prospecting' : 'Qualification';
    for (const state of deal.states) {
      const s = stageFor(state.category, pipelineStage);
      opportunityHistory.push({
        Id: salesforceId('008', opportunityHistory.length), OpportunityId: deal.crmId, CreatedById: ownerId, CreatedDate: sf(state.at),
        StageName: s.ApiName, Amount: state.amount, CloseDate: state.closeDate, Probability: s.DefaultProbability,
        ForecastCategory: s.ForecastCategory, CurrencyIsoCode: deal.currency, IsDeleted: deal.deleted, SystemModstamp: sf(state.at),
      });
    }
    return opportunity(deal, pipelineStage, fields, badCloseDate.has(deal.crmId), badCurrency.has(deal.crmId));
  });

  return {
    opportunities,
    accounts,
    opportunityHistory,
    opportunityStages: demoOpportunityStages,
    datedConversionRates: datedRates(plan.quarters),
    currencyTypes: [
      { Id: salesforceId('02J', 0), IsoCode: 'USD', IsCorporate: true, ConversionRate: 1, IsActive: true, DecimalPlaces: 2 },
      { Id: salesforceId('02J', 1), IsoCode: 'EUR', IsCorporate: false, ConversionRate: 0.92, IsActive: true, DecimalPlaces: 2 },
      { Id: salesforceId('02J', 2), IsoCode: 'GBP', IsCorporate: false, ConversionRate: 0.79, IsActive: true, DecimalPlaces: 2 },
    ],
    customFields: { Opportunity: [fields.attributionField, fields.motionField, fields.partnerIdField] },
  };
}

function opportunity(deal: PlannedDeal, pipelineStage: string, fields: SalesforceSeedFields, badCloseDate: boolean, badCurrency: boolean): SfOpportunity {
  const last = deal.states[deal.states.length - 1];
  const s = stageFor(last.category, pipelineStage);
  const modified = sf(last.at);
  const [y, m, d] = last.closeDate.split('-');
  return {
    Id: deal.crmId, Name: deal.name, AccountId: deal.account.sfId, Amount: last.amount,
    CurrencyIsoCode: badCurrency ? 'ZAR' : deal.currency,
    CloseDate: badCloseDate ? `${d}/${m}/${y}` : last.closeDate,
    StageName: s.ApiName, Probability: s.DefaultProbability, ForecastCategory: s.ForecastCategory, ForecastCategoryName: s.ForecastCategoryName,
    IsClosed: s.IsClosed, IsWon: s.IsWon, Type: 'New Business', LeadSource: deal.attribution === 'sourced' ? 'Partner Referral' : null,
    OwnerId: ownerId, CreatedDate: sf(deal.createdAt), LastModifiedDate: modified,
    // A deleted deal went to the recycle bin just after its last change.
    SystemModstamp: deal.deleted ? sfDatetime(new Date(Date.parse(last.at) + 1000)) : modified,
    IsDeleted: deal.deleted,
    [fields.attributionField]: deal.attribution ? fields.attributionValues[deal.attribution] : null,
    [fields.motionField]: deal.motion,
    [fields.partnerIdField]: deal.partnerRecordId,
  };
}

/** Salesforce's dated ranges cover all time: the first starts at 0001-01-01, the last ends at 9999-12-31. */
function datedRates(quarters: string[]): SfDatedConversionRate[] {
  const starts = ['0001-01-01', ...quarters.map((q) => `${q.slice(0, 4)}-${String((Number(q[6]) - 1) * 3 + 1).padStart(2, '0')}-01`)];
  const rates: SfDatedConversionRate[] = [];
  starts.forEach((start, k) => {
    const next = starts[k + 1] ?? '9999-12-31';
    rates.push({ Id: salesforceId('04w', rates.length), IsoCode: 'EUR', StartDate: start, NextStartDate: next, ConversionRate: 0.9 + 0.01 * ((k * 7) % 5) });
    rates.push({ Id: salesforceId('04w', rates.length), IsoCode: 'GBP', StartDate: start, NextStartDate: next, ConversionRate: 0.77 + 0.01 * ((k * 3) % 4) });
  });
  return rates.map((r) => ({ ...r, ConversionRate: Math.round(r.ConversionRate * 1e6) / 1e6 }));
}
