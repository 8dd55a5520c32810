import type { CrmMapping } from '@alignboard/contracts';
import type { ConnectionConfig } from '../../core/crm-connector.js';
import { defaultDealPipeline, standardDealProperties, type HubspotDealSeed, type HubspotSeed } from '../../simulators/hubspot/seed.js';

/** The mapping the tests' portal is read with (custom properties as the seed declares them). */
export const testMapping: CrmMapping = {
  attribution: { property: 'partner_attribution', values: { 'Partner Sourced': 'sourced', 'Partner Influenced': 'influenced' } },
  motion: { property: 'joint_motion' },
  partnerRecordId: { property: 'partner_opportunity_id' },
  stageCategories: { presentationscheduled: 'upside' },
};

export const customProperties = [
  { name: 'partner_attribution', label: 'Partner attribution', type: 'enumeration', fieldType: 'select' },
  { name: 'joint_motion', label: 'Joint motion', type: 'string', fieldType: 'text' },
  { name: 'partner_opportunity_id', label: 'Partner opportunity id', type: 'string', fieldType: 'text' },
];

/** A deal as HubSpot stores it, last modified at `at`. */
export function deal(id: number, at: string, properties: Record<string, string | null> = {}): HubspotDealSeed {
  return {
    id: String(id),
    properties: {
      dealname: `Deal ${id}`,
      amount: '1000',
      closedate: '2026-12-15T05:00:00.000Z',
      dealstage: 'qualifiedtobuy',
      pipeline: 'default',
      deal_currency_code: 'USD',
      createdate: '2026-01-05T10:00:00.000Z',
      hs_lastmodifieddate: at,
      ...properties,
    },
    createdAt: '2026-01-05T10:00:00.000Z',
    updatedAt: at,
  };
}

/** A portal with `deals`, one company per ten deals (domain `acme-<n>.example`). */
export function portal(deals: HubspotDealSeed[], associations?: Record<string, string[]>): HubspotSeed {
  const companyCount = Math.max(1, Math.ceil(deals.length / 10));
  const companies = Array.from({ length: companyCount }, (_, i) => ({
    id: String(9000 + i),
    properties: { name: `Acme ${i}`, domain: `acme-${i}.example`, website: null, hs_lastmodifieddate: '2025-06-01T00:00:00.000Z' },
    createdAt: '2025-06-01T00:00:00.000Z',
    updatedAt: '2025-06-01T00:00:00.000Z',
  }));
  return {
    deals,
    companies,
    associations: associations ?? Object.fromEntries(deals.map((d, i) => [d.id, [String(9000 + Math.floor(i / 10))]])),
    pipelines: [defaultDealPipeline],
    properties: [...standardDealProperties, ...customProperties],
  };
}

export function connection(basePath: string, credentials: Record<string, string> = { accessToken: 'pat-test' }): ConnectionConfig {
  return { provider: 'hubspot', basePath, credentials, mapping: testMapping };
}

/** Every page of a sync, until caught up. */
export async function drain<T>(pages: AsyncIterable<T>, limit = Number.POSITIVE_INFINITY): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) {
    out.push(page);
    if (out.length >= limit) break;
  }
  return out;
}
