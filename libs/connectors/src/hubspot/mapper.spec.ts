import type { CrmMapping } from '@alignboard/contracts';
import { describe, expect, it } from 'vitest';
import type { NormalizedAccount, NormalizedOpportunity } from '../core/normalized.js';
import deal101 from './__fixtures__/deal-101.json' with { type: 'json' };
import pipelines from './__fixtures__/pipelines.json' with { type: 'json' };
import { mapCompany, mapDeal, type DealContext } from './mapper.js';
import { indexStages } from './stages.js';

const mapping: CrmMapping = {
  attribution: { property: 'partner_attribution', values: { 'Partner Sourced': 'sourced', 'Partner Influenced': 'influenced' } },
  motion: { property: 'joint_motion' },
  partnerRecordId: { property: 'partner_opportunity_id' },
  stageCategories: { presentationscheduled: 'upside' },
};
const acme: NormalizedAccount = {
  crmId: '9001',
  name: 'Acme',
  website: 'https://www.acme.example/',
  domain: 'acme.example',
  modifiedAt: null,
  isDeleted: false,
  raw: {},
};
const ctx: DealContext = { mapping, stages: indexStages(pipelines), company: acme, companyCurrency: 'USD' };

/** Deal 101 with some properties (or top-level fields) replaced. */
function deal(properties: Record<string, unknown>, top: Record<string, unknown> = {}) {
  return { ...deal101, ...top, properties: { ...deal101.properties, ...properties } };
}

function ok(raw: unknown, context: DealContext = ctx): NormalizedOpportunity {
  const result = mapDeal(raw, context);
  if (!result.ok) throw new Error(`expected a mapped deal, got: ${result.reason}`);
  return result.opportunity;
}

function quarantined(raw: unknown): string {
  const result = mapDeal(raw, ctx);
  if (result.ok) throw new Error('expected the deal to be quarantined');
  return result.reason;
}

describe('mapDeal', () => {
  it('maps the fixture deal field by field', () => {
    expect(ok(deal101)).toEqual({
      crmId: '101',
      accountCrmId: '9001',
      accountName: 'Acme',
      accountDomain: 'acme.example',
      name: 'Acme - 500 Widgets',
      amount: '1500.00',
      currency: 'USD',
      closeDate: '2026-06-30',
      stage: 'Qualified To Buy',
      forecastCategory: 'pipeline',
      probability: 0.4,
      attribution: 'sourced',
      motionKey: 'mssp-upsell',
      partnerRecordId: '006000000000001AAA',
      createdAt: '2026-01-10T12:00:00.000Z',
      modifiedAt: '2026-05-01T10:00:00.123Z',
      isDeleted: false,
      deletedAt: null,
      warnings: [],
      raw: deal101,
    });
  });

  describe('forecast category (SPEC §3)', () => {
    it.each([
      ['PIPELINE', 'pipeline'],
      ['BEST_CASE', 'upside'],
      ['COMMIT', 'commit'],
      ['OMIT', 'omitted'],
    ])('an open deal with manual category %s is %s', (manual, expected) => {
      expect(ok(deal({ hs_manual_forecast_category: manual, dealstage: 'contractsent' })).forecastCategory).toBe(expected);
    });

    it('an open deal without a manual category takes the mapping category of its stage', () => {
      expect(ok(deal({ dealstage: 'presentationscheduled', hs_manual_forecast_category: null })).forecastCategory).toBe('upside');
    });

    it('an open deal without a manual category on an unmapped stage is pipeline', () => {
      expect(ok(deal({ dealstage: 'contractsent', hs_manual_forecast_category: '' })).forecastCategory).toBe('pipeline');
    });

    it('a closed stage with probability 1 is closed_won whatever the manual category says', () => {
      expect(ok(deal({ dealstage: 'closedwon', hs_manual_forecast_category: 'COMMIT' })).forecastCategory).toBe('closed_won');
    });

    it('any other closed stage is closed_lost, even with a manual category', () => {
      expect(ok(deal({ dealstage: 'closedlost', hs_manual_forecast_category: 'BEST_CASE' })).forecastCategory).toBe('closed_lost');
      expect(ok(deal({ dealstage: 'closedpartial', hs_manual_forecast_category: 'PIPELINE' })).forecastCategory).toBe('closed_lost');
    });

    it('a manual category that does not apply to an open deal falls back to the stage, with a warning', () => {
      const opp = ok(deal({ dealstage: 'presentationscheduled', hs_manual_forecast_category: 'CLOSED' }));
      expect(opp.forecastCategory).toBe('upside');
      expect(opp.warnings).toEqual(['forecast category CLOSED does not apply to an open deal; used upside']);
    });

    it('a stage missing from the pipelines is decided by hs_is_closed / hs_is_closed_won, with a warning', () => {
      const opp = ok(deal({ dealstage: '777', hs_is_closed: 'true', hs_is_closed_won: 'true' }));
      expect(opp.forecastCategory).toBe('closed_won');
      expect(opp.stage).toBe('777');
      expect(opp.warnings).toEqual(['deal stage 777 is in no deal pipeline']);
    });
  });

  describe('close date', () => {
    it('is the UTC date of the close instant, across a timezone edge', () => {
      // 23:30 at UTC-2 on 31 March is 01:30 UTC on 1 April.
      expect(ok(deal({ closedate: '2026-03-31T23:30:00-02:00' })).closeDate).toBe('2026-04-01');
      // Midnight on 1 July in Berlin (UTC+2 in summer) is 22:00 UTC on 30 June.
      expect(ok(deal({ closedate: '2026-07-01T00:00:00+02:00' })).closeDate).toBe('2026-06-30');
    });

    it('accepts epoch milliseconds', () => {
      expect(ok(deal({ closedate: '1767225600000' })).closeDate).toBe('2026-01-01');
    });

    it('quarantines a value that is not a date', () => {
      expect(quarantined(deal({ closedate: 'next quarter' }))).toBe('close date "next quarter" is not a date');
    });

    it('is null with a warning when absent', () => {
      const opp = ok(deal({ closedate: null }));
      expect([opp.closeDate, opp.warnings]).toEqual([null, ['no close date']]);
    });
  });

  describe('amount', () => {
    it('keeps a decimal string, trimmed and canonical', () => {
      expect(ok(deal({ amount: ' 1500 ' })).amount).toBe('1500');
      expect(ok(deal({ amount: '.5' })).amount).toBe('0.5');
      expect(ok(deal({ amount: '-20.25' })).amount).toBe('-20.25');
    });

    it('is null with a warning when empty or absent', () => {
      expect(ok(deal({ amount: '' }))).toMatchObject({ amount: null, warnings: ['no amount'] });
      const { amount: _, ...withoutAmount } = deal101.properties;
      expect(ok({ ...deal101, properties: withoutAmount })).toMatchObject({ amount: null, warnings: ['no amount'] });
    });

    it('quarantines a non-numeric amount', () => {
      expect(quarantined(deal({ amount: '1,500' }))).toBe('amount "1,500" is not a decimal number');
      expect(quarantined(deal({ amount: 'TBD' }))).toBe('amount "TBD" is not a decimal number');
    });
  });

  describe('probability', () => {
    it('reads hs_deal_stage_probability on the 0–1 scale', () => {
      expect(ok(deal({ hs_deal_stage_probability: '0.75' })).probability).toBe(0.75);
    });

    it("falls back to the stage's probability when absent", () => {
      expect(ok(deal({ hs_deal_stage_probability: null, dealstage: 'contractsent' })).probability).toBe(0.9);
    });

    it('rejects a value outside 0–1 with a warning and uses the stage', () => {
      const opp = ok(deal({ hs_deal_stage_probability: '60' }));
      expect([opp.probability, opp.warnings]).toEqual([0.4, ['probability "60" is not between 0 and 1']]);
    });
  });

  describe('attribution, motion, partner id', () => {
    it('maps attribution values through the mapping, case-insensitively', () => {
      expect(ok(deal({ partner_attribution: 'partner influenced' })).attribution).toBe('influenced');
    });

    it('an unmapped attribution value is null with a warning', () => {
      const opp = ok(deal({ partner_attribution: 'Referral' }));
      expect([opp.attribution, opp.warnings]).toEqual([null, ['attribution value "Referral" is not mapped']]);
    });

    it('no attribution value is null without a warning', () => {
      expect(ok(deal({ partner_attribution: null }))).toMatchObject({ attribution: null, warnings: [] });
    });

    it('trims motion and partner id; blank is null', () => {
      expect(ok(deal({ joint_motion: '   ', partner_opportunity_id: ' 0065 ' }))).toMatchObject({ motionKey: null, partnerRecordId: '0065' });
    });
  });

  it('upper-cases the currency, and takes the portal currency when the deal has none', () => {
    expect(ok(deal({ deal_currency_code: 'eur' })).currency).toBe('EUR');
    expect(ok(deal({ deal_currency_code: null }), { ...ctx, companyCurrency: 'GBP' }).currency).toBe('GBP');
  });

  it('has no account when the deal has no company', () => {
    expect(ok(deal101, { ...ctx, company: null })).toMatchObject({ accountCrmId: null, accountName: null, accountDomain: null });
  });

  it('an archived deal is deleted at archivedAt, which is also its modification stamp when later', () => {
    const opp = ok(deal({}, { archived: true, archivedAt: '2026-05-02T08:00:00.000Z' }));
    expect(opp).toMatchObject({ isDeleted: true, deletedAt: '2026-05-02T08:00:00.000Z', modifiedAt: '2026-05-02T08:00:00.000Z' });
  });

  describe('quarantine of malformed records', () => {
    it('names the property whose value is not a string', () => {
      expect(quarantined(deal({ amount: 1500 }))).toBe('unexpected deal shape: properties.amount: Invalid input: expected string, received number');
    });

    it('names a missing field', () => {
      const { createdAt: _, ...noCreatedAt } = deal101;
      expect(quarantined(noCreatedAt)).toMatch(/^unexpected deal shape: createdAt: /);
    });

    it('rejects a non-numeric id', () => {
      expect(quarantined(deal({}, { id: 'abc' }))).toBe('unexpected deal shape: id: expected a numeric id');
    });
  });
});

describe('mapCompany', () => {
  const company = (properties: Record<string, string | null>) => ({
    id: '9001',
    properties: { name: 'Acme', hs_lastmodifieddate: '2026-04-01T00:00:00Z', ...properties },
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2026-04-01T00:00:00Z',
    archived: false,
    archivedAt: null,
  });

  it('takes the domain property, normalized, over the website', () => {
    expect(mapCompany(company({ domain: 'EU.Acme.example', website: 'https://other.example' }))).toMatchObject({
      crmId: '9001',
      name: 'Acme',
      domain: 'eu.acme.example',
      modifiedAt: '2026-04-01T00:00:00.000Z',
    });
  });

  it('falls back to the website when there is no domain', () => {
    expect(mapCompany(company({ domain: null, website: 'https://www.acme.example/about' }))).toMatchObject({ domain: 'acme.example' });
  });

  it('quarantines a company whose shape is broken', () => {
    expect(mapCompany({ id: '9001', properties: { name: 5 }, updatedAt: null, archived: false })).toEqual({
      ok: false,
      reason: 'unexpected company shape: properties.name: Invalid input: expected string, received number',
    });
  });
});
