import type { ConnectionConfig } from '../../core/crm-connector.js';
import { salesforceId } from '../../simulators/demo/deal-plan.js';
import { demoOpportunityStages, salesforceMappingFor } from '../../simulators/salesforce/demo-seed.js';
import type { SalesforceSeed, SfOpportunity } from '../../simulators/salesforce/seed.js';
import type { SalesforceSimulator } from '../../simulators/salesforce/server.js';
import { sfDatetime } from '../../simulators/salesforce/store.js';

export interface SyntheticOrg {
  opportunities: number;
  accounts: number;
  /** Opportunities sharing one SystemModstamp (Salesforce keeps seconds): equal stamps straddle page boundaries. */
  perSecond: number;
  start: string;
}

/**
 * A multi-currency org whose opportunity ids are not in stamp order (so the
 * keyset's Id tie-breaker matters): the i-th stamp slot holds id number
 * (i × 7919) mod n.
 */
export function syntheticSeed(org: Partial<SyntheticOrg> = {}): SalesforceSeed {
  const { opportunities: n = 450, accounts: m = 30, perSecond = 7, start = '2026-01-05T09:00:00.000Z' } = org;
  const at = (seconds: number) => sfDatetime(new Date(Date.parse(start) + seconds * 1000));
  const accounts = Array.from({ length: m }, (_, i) => ({
    Id: salesforceId('001', i), Name: `Account ${i}`, Website: `https://www.account-${i}.example/`,
    CreatedDate: at(-3600), LastModifiedDate: at(-3600 + i), SystemModstamp: at(-3600 + i), IsDeleted: false,
  }));
  const opportunities = Array.from({ length: n }, (_, i): SfOpportunity => {
    const k = (i * 7919) % n;
    return {
      Id: salesforceId('006', k), Name: `Deal ${k}`, AccountId: salesforceId('001', k % m), Amount: 1000 * (k + 1), CurrencyIsoCode: k % 5 === 0 ? 'EUR' : 'USD',
      CloseDate: '2026-06-30', StageName: 'Prospecting', Probability: 10, ForecastCategory: 'Pipeline', ForecastCategoryName: 'Pipeline',
      IsClosed: false, IsWon: false, CreatedDate: at(0), LastModifiedDate: at(Math.floor(i / perSecond)), SystemModstamp: at(Math.floor(i / perSecond)), IsDeleted: false,
      Partner_Attribution__c: k % 3 === 0 ? 'Partner Sourced' : null, Joint_Motion__c: null, Partner_Opportunity_Id__c: null,
    };
  });
  return {
    opportunities, accounts, opportunityHistory: [], opportunityStages: demoOpportunityStages,
    datedConversionRates: [
      { IsoCode: 'EUR', StartDate: '0001-01-01', NextStartDate: '2026-01-01', ConversionRate: 0.9 },
      { IsoCode: 'EUR', StartDate: '2026-01-01', NextStartDate: '9999-12-31', ConversionRate: 0.93 },
    ],
    currencyTypes: [
      { IsoCode: 'USD', IsCorporate: true, ConversionRate: 1 },
      { IsoCode: 'EUR', IsCorporate: false, ConversionRate: 0.92 },
    ],
    customFields: { Opportunity: ['Partner_Attribution__c', 'Joint_Motion__c', 'Partner_Opportunity_Id__c'] },
  };
}

/** A password-flow connection to the simulator. */
export function passwordConfig(sim: SalesforceSimulator, mapping = salesforceMappingFor()): ConnectionConfig {
  const { clientId, clientSecret, username, password } = sim.credentials;
  return { provider: 'salesforce', loginUrl: sim.url, apiVersion: '62.0', credentials: { clientId, clientSecret, username, password }, mapping };
}

/** A token connection (web-server flow tokens) to the simulator. */
export function tokenConfig(sim: SalesforceSimulator, mapping = salesforceMappingFor()): ConnectionConfig {
  const { accessToken, refreshToken } = sim.issueTokens();
  const { clientId, clientSecret } = sim.credentials;
  return { provider: 'salesforce', loginUrl: sim.url, instanceUrl: sim.url, apiVersion: '62.0', credentials: { clientId, clientSecret, accessToken, refreshToken }, mapping };
}
