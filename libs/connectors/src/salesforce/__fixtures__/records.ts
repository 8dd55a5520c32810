import type { CrmMapping } from '@alignboard/contracts';

/** The mapping the fixtures are read with: a picklist for attribution, text fields for motion and the partner's id. */
export const fixtureMapping: CrmMapping = {
  attribution: { field: 'Partner_Attribution__c', values: { 'Partner Sourced': 'sourced', 'Partner Influenced': 'influenced' } },
  motion: { field: 'Joint_Motion__c' },
  partnerRecordId: { field: 'Partner_Opportunity_Id__c' },
};

/** An open opportunity exactly as `GET /queryAll` returns it (shape from the reference, §1.3). */
export function rawOpportunity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    attributes: { type: 'Opportunity', url: '/services/data/v62.0/sobjects/Opportunity/0065g00000AbCdEAAV' },
    Id: '0065g00000AbCdEAAV',
    Name: 'Acme - 500 Widgets',
    AccountId: '0015g00000XyZabAAB',
    Account: {
      attributes: { type: 'Account', url: '/services/data/v62.0/sobjects/Account/0015g00000XyZabAAB' },
      Name: 'Acme Corp',
      Website: 'https://www.Acme.example/about',
    },
    Amount: 125000.5,
    CurrencyIsoCode: 'EUR',
    CloseDate: '2026-06-30',
    StageName: 'Negotiation/Review',
    Probability: 90,
    ForecastCategory: 'Forecast',
    ForecastCategoryName: 'Commit',
    IsClosed: false,
    IsWon: false,
    CreatedDate: '2026-01-10T12:00:00.000+0000',
    LastModifiedDate: '2026-05-01T10:00:00.000+0000',
    SystemModstamp: '2026-05-01T10:00:01.000+0000',
    IsDeleted: false,
    Partner_Attribution__c: 'Partner Sourced',
    Joint_Motion__c: '  mssp-upsell ',
    Partner_Opportunity_Id__c: ' 40000017 ',
    ...overrides,
  };
}

export function rawAccount(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    attributes: { type: 'Account', url: '/services/data/v62.0/sobjects/Account/0015g00000XyZabAAB' },
    Id: '0015g00000XyZabAAB',
    Name: 'Acme Corp',
    Website: 'http://eu.acme.example:8080/',
    CreatedDate: '2025-11-02T08:00:00.000+0000',
    SystemModstamp: '2026-04-03T09:30:00.000+0000',
    IsDeleted: false,
    ...overrides,
  };
}
