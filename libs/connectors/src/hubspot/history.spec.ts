import type { CrmMapping } from '@alignboard/contracts';
import { describe, expect, it } from 'vitest';
import pipelines from './__fixtures__/pipelines.json' with { type: 'json' };
import { mergeHistory } from './history.js';
import type { RawObject } from './raw.js';
import { indexStages } from './stages.js';

const mapping: CrmMapping = {
  attribution: { property: 'partner_attribution', values: { 'Partner Sourced': 'sourced' } },
  motion: { property: 'joint_motion' },
  stageCategories: { presentationscheduled: 'upside' },
};
const ctx = { mapping, stages: indexStages(pipelines), companyCurrency: 'USD' };
const h = (value: string, timestamp: string) => ({ value, timestamp, sourceType: 'CRM_UI' });

function withHistory(propertiesWithHistory: RawObject['propertiesWithHistory']): RawObject {
  return {
    id: '101',
    properties: {},
    createdAt: '2026-01-05T10:00:00.000Z',
    updatedAt: '2026-03-20T10:00:00.000Z',
    archived: false,
    archivedAt: null,
    propertiesWithHistory,
  };
}

describe('mergeHistory', () => {
  it('rebuilds the full state at each change instant, oldest first, from newest-first property histories', () => {
    const deal = withHistory({
      dealstage: [h('closedwon', '2026-03-20T10:00:00Z'), h('contractsent', '2026-02-10T09:00:00Z'), h('qualifiedtobuy', '2026-01-05T10:00:00Z')],
      hs_manual_forecast_category: [h('COMMIT', '2026-02-10T09:00:00Z'), h('PIPELINE', '2026-01-05T10:00:00Z')],
      // Re-set to the same value on 15 February: HubSpot records it, the state does not change.
      amount: [h('1200', '2026-02-15T00:00:00Z'), h('1200', '2026-02-10T09:00:00Z'), h('1000', '2026-01-05T10:00:00Z')],
      closedate: [h('2026-03-31T05:00:00Z', '2026-02-10T09:00:00Z'), h('2026-04-30T05:00:00Z', '2026-01-05T10:00:00Z')],
      deal_currency_code: [h('USD', '2026-01-05T10:00:00Z')],
      hs_deal_stage_probability: [h('1', '2026-03-20T10:00:00Z'), h('0.9', '2026-02-10T09:00:00Z'), h('0.4', '2026-01-05T10:00:00Z')],
      // Set two weeks after creation: none before.
      partner_attribution: [h('Partner Sourced', '2026-01-20T12:00:00Z')],
      // No history returned: left out, the current value applies.
      joint_motion: [],
    });
    const base = { currency: 'USD', attribution: null };
    expect(mergeHistory(deal, ctx)).toEqual([
      { ...base, validFrom: '2026-01-05T10:00:00.000Z', amount: '1000', closeDate: '2026-04-30', stage: 'Qualified To Buy', forecastCategory: 'pipeline', probability: 0.4 },
      { ...base, validFrom: '2026-01-20T12:00:00.000Z', amount: '1000', closeDate: '2026-04-30', stage: 'Qualified To Buy', forecastCategory: 'pipeline', probability: 0.4, attribution: 'sourced' },
      { ...base, validFrom: '2026-02-10T09:00:00.000Z', amount: '1200', closeDate: '2026-03-31', stage: 'Contract Sent', forecastCategory: 'commit', probability: 0.9, attribution: 'sourced' },
      // Closed won by its stage although the manual category still says COMMIT.
      { ...base, validFrom: '2026-03-20T10:00:00.000Z', amount: '1200', closeDate: '2026-03-31', stage: 'Closed Won', forecastCategory: 'closed_won', probability: 1, attribution: 'sourced' },
    ]);
  });

  it('applies the stage fallback when no manual category was set at the time', () => {
    const deal = withHistory({
      dealstage: [h('presentationscheduled', '2026-02-01T00:00:00Z'), h('qualifiedtobuy', '2026-01-05T10:00:00Z')],
    });
    expect(mergeHistory(deal, ctx)).toEqual([
      { validFrom: '2026-01-05T10:00:00.000Z', stage: 'Qualified To Buy', forecastCategory: 'pipeline', probability: 0.4 },
      { validFrom: '2026-02-01T00:00:00.000Z', stage: 'Presentation Scheduled', forecastCategory: 'upside', probability: 0.6 },
    ]);
  });

  it('turns a cleared value into null and a malformed amount into null', () => {
    const deal = withHistory({
      amount: [h('', '2026-03-01T00:00:00Z'), h('12k', '2026-02-01T00:00:00Z'), h('500', '2026-01-05T10:00:00Z')],
    });
    expect(mergeHistory(deal, ctx)).toEqual([
      { validFrom: '2026-01-05T10:00:00.000Z', amount: '500' },
      { validFrom: '2026-02-01T00:00:00.000Z', amount: null },
    ]);
  });

  it('is empty for a deal without property history', () => {
    expect(mergeHistory(withHistory(undefined), ctx)).toEqual([]);
  });
});
