import { describe, expect, it } from 'vitest';
import { fixtureMapping, rawAccount, rawOpportunity } from './__fixtures__/records.js';
import { mapAccount, mapOpportunity, mappedFields, type OpportunityContext } from './mapper.js';

const ctx: OpportunityContext = { mapping: fixtureMapping, fields: mappedFields(fixtureMapping), orgCurrency: null };
const map = (overrides: Record<string, unknown> = {}, context = ctx) => mapOpportunity(rawOpportunity(overrides), context);
const value = (overrides: Record<string, unknown> = {}, context = ctx) => {
  const result = map(overrides, context);
  if (!result.ok) throw new Error(`quarantined: ${result.reason}`);
  return result.value;
};
const reason = (overrides: Record<string, unknown>) => {
  const result = map(overrides);
  if (result.ok) throw new Error('expected quarantine');
  return result.reason;
};

describe('mapOpportunity', () => {
  it('maps a complete open record field by field', () => {
    const raw = rawOpportunity();
    expect(mapOpportunity(raw, ctx)).toEqual({
      ok: true,
      value: {
        crmId: '0065g00000AbCdEAAV',
        accountCrmId: '0015g00000XyZabAAB',
        accountName: 'Acme Corp',
        accountDomain: 'acme.example',
        name: 'Acme - 500 Widgets',
        amount: '125000.5',
        currency: 'EUR',
        closeDate: '2026-06-30',
        stage: 'Negotiation/Review',
        forecastCategory: 'commit',
        probability: 0.9,
        attribution: 'sourced',
        motionKey: 'mssp-upsell',
        partnerRecordId: '40000017',
        createdAt: '2026-01-10T12:00:00.000Z',
        modifiedAt: '2026-05-01T10:00:01.000Z',
        isDeleted: false,
        deletedAt: null,
        warnings: [],
        raw,
      },
    });
  });

  describe('forecast category (SPEC §3: by API value, closed decided by the stage)', () => {
    it.each([
      ['Pipeline', 'pipeline'],
      ['BestCase', 'upside'],
      ['MostLikely', 'upside'],
      ['Forecast', 'commit'],
      ['Omitted', 'omitted'],
    ])('open %s is %s', (apiValue, expected) => {
      expect(value({ ForecastCategory: apiValue }).forecastCategory).toBe(expected);
    });

    it('reads the API value, not the label an org may have renamed', () => {
      expect(value({ ForecastCategory: 'Pipeline', ForecastCategoryName: 'Commit' }).forecastCategory).toBe('pipeline');
    });

    it('a won stage is closed_won whatever the category says', () => {
      expect(value({ ForecastCategory: 'Closed', IsClosed: true, IsWon: true }).forecastCategory).toBe('closed_won');
      expect(value({ ForecastCategory: 'Forecast', IsClosed: true, IsWon: true }).forecastCategory).toBe('closed_won');
    });

    it('a closed stage that is not won is closed_lost, even with category Omitted or Pipeline', () => {
      expect(value({ ForecastCategory: 'Omitted', IsClosed: true, IsWon: false }).forecastCategory).toBe('closed_lost');
      expect(value({ ForecastCategory: 'Pipeline', IsClosed: true, IsWon: false }).forecastCategory).toBe('closed_lost');
    });

    it('category Closed on an open stage counts as commit, with a warning', () => {
      const opp = value({ ForecastCategory: 'Closed' });
      expect(opp.forecastCategory).toBe('commit');
      expect(opp.warnings).toEqual(['forecast category Closed on an open stage: counted as commit']);
    });

    it('quarantines a category Salesforce does not define', () => {
      expect(reason({ ForecastCategory: 'Upside' })).toBe('ForecastCategory "Upside" is not a Salesforce forecast category');
      expect(reason({ ForecastCategory: null })).toBe('ForecastCategory null is not a Salesforce forecast category');
    });
  });

  it('turns a 0–100 probability into 0–1', () => {
    expect(value({ Probability: 90 }).probability).toBe(0.9);
    expect(value({ Probability: 33.3 }).probability).toBe(0.333);
    expect(value({ Probability: 0 }).probability).toBe(0);
    expect(value({ Probability: null }).probability).toBeNull();
  });

  it('takes the domain from Account.Website, normalized (SPEC §4)', () => {
    expect(value({ Account: { Name: 'Acme', Website: 'HTTP://WWW.acme.example:443/en?x=1' } }).accountDomain).toBe('acme.example');
    expect(value({ Account: { Name: 'Acme EU', Website: 'eu.acme.example' } }).accountDomain).toBe('eu.acme.example');
    expect(value({ Account: { Name: 'Acme', Website: null } }).accountDomain).toBeNull();
    expect(value({ Account: { Name: 'Acme', Website: 'n/a' } }).accountDomain).toBeNull();
  });

  it('reads a null lookup as no account', () => {
    const opp = value({ AccountId: null, Account: null });
    expect([opp.accountCrmId, opp.accountName, opp.accountDomain]).toEqual([null, null, null]);
  });

  describe('attribution through mapping.attribution.values', () => {
    it('maps each named value', () => {
      expect(value({ Partner_Attribution__c: 'Partner Sourced' }).attribution).toBe('sourced');
      expect(value({ Partner_Attribution__c: 'Partner Influenced' }).attribution).toBe('influenced');
    });

    it('matches a value trimmed and case-insensitively', () => {
      expect(value({ Partner_Attribution__c: ' partner influenced ' }).attribution).toBe('influenced');
    });

    it('an unmapped value is no attribution, with a warning', () => {
      const opp = value({ Partner_Attribution__c: 'Partner Referral' });
      expect(opp.attribution).toBeNull();
      expect(opp.warnings).toEqual(['attribution value "Partner Referral" in Partner_Attribution__c is not one the mapping names: counted as none']);
    });

    it('an empty value is no attribution and no warning', () => {
      for (const empty of [null, '', '   ']) {
        const opp = value({ Partner_Attribution__c: empty });
        expect([opp.attribution, opp.warnings]).toEqual([null, []]);
      }
    });

    it('reads a checkbox by its text', () => {
      const mapping = { attribution: { field: 'Partner_Sourced__c', values: { true: 'sourced' as const } } };
      const checkbox = { mapping, fields: mappedFields(mapping), orgCurrency: null };
      expect(value({ Partner_Sourced__c: true }, checkbox).attribution).toBe('sourced');
      expect(value({ Partner_Sourced__c: false }, checkbox).attribution).toBeNull();
    });

    it('is null when the mapping names no attribution field', () => {
      const bare = { mapping: {}, fields: mappedFields({}), orgCurrency: null };
      const opp = value({}, bare);
      expect([opp.attribution, opp.motionKey, opp.partnerRecordId]).toEqual([null, null, null]);
    });
  });

  it('trims the motion and the partner id, empty as null', () => {
    expect(value({ Joint_Motion__c: ' cloud-migration\n' }).motionKey).toBe('cloud-migration');
    expect(value({ Joint_Motion__c: '  ' }).motionKey).toBeNull();
    expect(value({ Partner_Opportunity_Id__c: '' }).partnerRecordId).toBeNull();
    expect(value({ Partner_Opportunity_Id__c: '0065g00000ZzZzZAAV' }).partnerRecordId).toBe('0065g00000ZzZzZAAV');
  });

  it('keeps a null amount as null with a data-quality warning', () => {
    const opp = value({ Amount: null });
    expect(opp.amount).toBeNull();
    expect(opp.warnings).toEqual(['Amount is empty: counted as 0']);
  });

  it('writes amounts as plain decimals', () => {
    expect(value({ Amount: 1e21 }).amount).toBe('1000000000000000000000');
    expect(value({ Amount: 0.1 }).amount).toBe('0.1');
    expect(value({ Amount: 0 }).amount).toBe('0');
  });

  it('keeps ids as Salesforce sent them (18 characters)', () => {
    const opp = value();
    expect(opp.crmId).toHaveLength(18);
    expect(opp.accountCrmId).toHaveLength(18);
  });

  it('upper-cases the currency; a single-currency org gives its own currency to every record', () => {
    expect(value({ CurrencyIsoCode: 'gbp' }).currency).toBe('GBP');
    const single = rawOpportunity();
    delete single.CurrencyIsoCode;
    const result = mapOpportunity(single, { ...ctx, orgCurrency: 'USD' });
    expect(result.ok && result.value.currency).toBe('USD');
  });

  it('converts datetimes with any offset to UTC instants', () => {
    expect(value({ SystemModstamp: '2026-05-01T12:00:01.000+0200' }).modifiedAt).toBe('2026-05-01T10:00:01.000Z');
    expect(value({ SystemModstamp: '2026-05-01T10:00:01Z' }).modifiedAt).toBe('2026-05-01T10:00:01.000Z');
  });

  it('stamps a deleted record with its SystemModstamp', () => {
    const opp = value({ IsDeleted: true });
    expect([opp.isDeleted, opp.deletedAt]).toEqual([true, '2026-05-01T10:00:01.000Z']);
  });

  describe('quarantine reasons', () => {
    it('names a missing Id or SystemModstamp', () => {
      expect(reason({ Id: undefined })).toBe('Id is missing');
      expect(reason({ SystemModstamp: undefined })).toBe('SystemModstamp is missing');
      expect(reason({ Id: undefined, SystemModstamp: null })).toBe('Id is missing; SystemModstamp null is not text');
    });

    it('names an unparseable CloseDate, including a day that does not exist', () => {
      expect(reason({ CloseDate: '31/12/2025' })).toBe('CloseDate "31/12/2025" is not a date (yyyy-MM-dd)');
      expect(reason({ CloseDate: '2026-02-30' })).toBe('CloseDate "2026-02-30" is not a date (yyyy-MM-dd)');
    });

    it('names an amount that is not a number', () => {
      expect(reason({ Amount: '12,500.00' })).toBe('Amount "12,500.00" is not a number');
    });

    it('names a malformed id, datetime and flag', () => {
      expect(reason({ Id: '006-bad' })).toBe('Id "006-bad" is not a Salesforce id');
      expect(reason({ CreatedDate: 'yesterday' })).toBe('CreatedDate "yesterday" is not a datetime (yyyy-MM-ddTHH:mm:ss.SSS+0000)');
      expect(reason({ IsClosed: 'false' })).toBe('IsClosed "false" is not true/false');
    });

    it('rejects what is not a record at all', () => {
      for (const raw of [null, 'x', [1]]) expect(mapOpportunity(raw, ctx)).toEqual({ ok: false, reason: 'the record is not a JSON object' });
    });
  });
});

describe('mapAccount', () => {
  it('normalizes the website into a domain', () => {
    const raw = rawAccount();
    expect(mapAccount(raw)).toEqual({
      ok: true,
      value: {
        crmId: '0015g00000XyZabAAB',
        name: 'Acme Corp',
        website: 'http://eu.acme.example:8080/',
        domain: 'eu.acme.example',
        modifiedAt: '2026-04-03T09:30:00.000Z',
        isDeleted: false,
        raw,
      },
    });
  });

  it('quarantines an account without an Id', () => {
    expect(mapAccount(rawAccount({ Id: null }))).toEqual({ ok: false, reason: 'Id null is not text' });
  });
});
