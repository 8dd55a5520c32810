import type { Attribution, ForecastCategory } from '@alignboard/contracts';
import type { DealPlan, PlannedDeal } from '../demo/deal-plan.js';
import { Random } from '../demo/random.js';
import {
  defaultDealPipeline,
  standardDealProperties,
  type HubspotDealSeed,
  type HubspotHistoryEntry,
  type HubspotPipelineSeed,
  type HubspotSeed,
} from './seed.js';

/** Where the demo portal keeps the partnership's fields (the connection mapping names the same). */
export interface HubspotSeedMapping {
  attributionProperty: string;
  /** Planned attribution → the portal's option value, e.g. `{ sourced: 'sourced', influenced: 'influenced' }`. */
  attributionValues: Record<Attribution, string>;
  motionProperty: string;
  partnerIdProperty: string;
}

/** Joint-motion deals run in a partner pipeline with numeric stage ids, as custom pipelines have. */
export const partnerDealPipeline: HubspotPipelineSeed = {
  id: '31337',
  label: 'Partner Pipeline',
  displayOrder: 1,
  stages: [
    { id: '1001', label: 'Registered', displayOrder: 0, metadata: { isClosed: 'false', probability: '0.1' } },
    { id: '1002', label: 'Validated', displayOrder: 1, metadata: { isClosed: 'false', probability: '0.5' } },
    { id: '1003', label: 'Committed', displayOrder: 2, metadata: { isClosed: 'false', probability: '0.9' } },
    { id: '1004', label: 'Won', displayOrder: 3, metadata: { isClosed: 'true', probability: '1.0' } },
    { id: '1005', label: 'Lost', displayOrder: 4, metadata: { isClosed: 'true', probability: '0.0' } },
  ],
};

const stagesFor: Record<string, Record<Exclude<ForecastCategory, 'omitted'>, string[]>> = {
  default: {
    pipeline: ['appointmentscheduled', 'qualifiedtobuy'],
    upside: ['presentationscheduled', 'decisionmakerboughtin'],
    commit: ['contractsent'],
    closed_won: ['closedwon'],
    closed_lost: ['closedlost'],
  },
  '31337': { pipeline: ['1001'], upside: ['1002'], commit: ['1003'], closed_won: ['1004'], closed_lost: ['1005'] },
};
const manualFor: Partial<Record<ForecastCategory, string>> = { pipeline: 'PIPELINE', upside: 'BEST_CASE', commit: 'COMMIT', omitted: 'OMIT' };
const probabilityOf = new Map([...defaultDealPipeline.stages, ...partnerDealPipeline.stages].map((s) => [s.id, s.metadata.probability]));

/**
 * Side B of the demo plan as a HubSpot portal: deals with property history for
 * every planned state, forecast categories set by hand on most open deals
 * (absent on some, so the stage decides), closed deals that keep their last
 * manual category (the stage wins), a few malformed amounts (quarantine),
 * deleted deals archived, and a few deals without a company.
 */
export function toHubspotSeed(plan: DealPlan, mapping: HubspotSeedMapping): HubspotSeed {
  const random = new Random(4020);
  const deals: HubspotDealSeed[] = [];
  const associations: Record<string, string[]> = {};
  const sideB = plan.deals.filter((d) => d.side === 'B');
  sideB.forEach((planned, index) => {
    const deal = dealSeed(planned, mapping, random, index % 150 === 77);
    deals.push(deal);
    if (!planned.twin && random.chance(0.02)) return; // no company: the association read answers 207
    const companies = [planned.account.hsId];
    if (random.chance(0.03)) companies.push(random.pick(plan.accounts).hsId);
    associations[planned.crmId] = [...new Set(companies)];
  });

  const companies = plan.accounts.map((account) => {
    const at = new Date(Date.UTC(2024, 0, 15, 9, account.index % 60)).toISOString();
    // A quarter of the companies keep only a website: the deal's domain then comes from it.
    const domain = account.index % 4 === 1 && account.website ? null : account.domain;
    return {
      id: account.hsId,
      properties: { name: account.name, domain, website: account.website, hs_lastmodifieddate: at },
      createdAt: at,
      updatedAt: at,
    };
  });

  const options = (Object.entries(mapping.attributionValues) as [Attribution, string][]).map(([planned, value]) => ({
    label: planned === 'sourced' ? 'Partner sourced' : 'Partner influenced',
    value,
  }));
  return {
    deals,
    companies,
    associations,
    pipelines: [defaultDealPipeline, partnerDealPipeline],
    properties: [
      ...standardDealProperties,
      { name: mapping.attributionProperty, label: 'Partner attribution', type: 'enumeration', fieldType: 'select', hubspotDefined: false, options },
      { name: mapping.motionProperty, label: 'Joint motion', type: 'string', fieldType: 'text', hubspotDefined: false },
      { name: mapping.partnerIdProperty, label: 'Partner opportunity id', type: 'string', fieldType: 'text', hubspotDefined: false },
    ],
    companyCurrency: 'USD',
  };
}

function dealSeed(planned: PlannedDeal, mapping: HubspotSeedMapping, random: Random, malformed: boolean): HubspotDealSeed {
  const pipeline = planned.motion ? partnerDealPipeline.id : defaultDealPipeline.id;
  const manualWhenPipeline = !random.chance(0.5);
  const history: Record<string, HubspotHistoryEntry[]> = {};
  const current: Record<string, string | null> = {};
  const set = (name: string, value: string | null, at: string) => {
    if (value === null || current[name] === value) return;
    current[name] = value;
    (history[name] ??= []).unshift({ value, timestamp: at, sourceType: 'CRM_UI' });
  };

  set('dealname', planned.name, planned.createdAt);
  set('pipeline', pipeline, planned.createdAt);
  set('deal_currency_code', planned.currency, planned.createdAt);
  if (planned.attribution) set(mapping.attributionProperty, mapping.attributionValues[planned.attribution], planned.createdAt);
  set(mapping.motionProperty, planned.motion, planned.createdAt);
  set(mapping.partnerIdProperty, planned.partnerRecordId, planned.createdAt);
  for (const state of planned.states) {
    const stage =
      state.category === 'omitted' && current.dealstage ? current.dealstage : random.pick(stagesFor[pipeline][state.category === 'omitted' ? 'pipeline' : state.category]);
    set('dealstage', stage, state.at);
    set('hs_deal_stage_probability', probabilityOf.get(stage) ?? null, state.at);
    // A closed deal keeps the category it was forecast in; the stage decides that it is closed.
    if (state.category !== 'pipeline' || manualWhenPipeline) set('hs_manual_forecast_category', manualFor[state.category] ?? null, state.at);
    set('amount', malformed ? 'TBD' : state.amount === null ? null : String(state.amount), state.at);
    // Midnight US Eastern: the UTC date is the planned date.
    set('closedate', `${state.closeDate}T05:00:00.000Z`, state.at);
  }
  const last = planned.states[planned.states.length - 1].at;
  const deal: HubspotDealSeed = {
    id: planned.crmId,
    properties: { ...current, createdate: planned.createdAt, hs_lastmodifieddate: last },
    createdAt: planned.createdAt,
    updatedAt: last,
    propertiesWithHistory: history,
  };
  if (planned.deleted) {
    deal.archived = true;
    deal.archivedAt = new Date(Date.parse(last) + 1000).toISOString();
  }
  return deal;
}
