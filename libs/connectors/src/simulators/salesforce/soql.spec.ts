import { describe, expect, it } from 'vitest';
import { parseSoql, SoqlError } from './soql.js';

describe('parseSoql', () => {
  it('parses the connector keyset template', () => {
    const q = parseSoql(
      "SELECT Id, Account.Name FROM Opportunity WHERE (SystemModstamp > 2026-05-01T10:00:00.000Z OR (SystemModstamp = 2026-05-01T10:00:00.000Z AND Id > '0065g00000AbCdEAAV')) AND SystemModstamp <= 2026-05-01T11:00:00.000+00:00 ORDER BY SystemModstamp ASC, Id ASC LIMIT 2000",
    );
    const ts = { kind: 'datetime', value: Date.parse('2026-05-01T10:00:00.000Z'), text: '2026-05-01T10:00:00.000Z' };
    expect(q).toEqual({
      count: false,
      fields: ['Id', 'Account.Name'],
      from: 'Opportunity',
      where: {
        kind: 'and',
        left: {
          kind: 'or',
          left: { kind: 'compare', field: 'SystemModstamp', op: '>', value: ts },
          right: {
            kind: 'and',
            left: { kind: 'compare', field: 'SystemModstamp', op: '=', value: ts },
            right: { kind: 'compare', field: 'Id', op: '>', value: { kind: 'string', value: '0065g00000AbCdEAAV' } },
          },
        },
        right: { kind: 'compare', field: 'SystemModstamp', op: '<=', value: { kind: 'datetime', value: Date.parse('2026-05-01T11:00:00.000Z'), text: '2026-05-01T11:00:00.000+00:00' } },
      },
      orderBy: [
        { field: 'SystemModstamp', desc: false, nullsLast: false },
        { field: 'Id', desc: false, nullsLast: false },
      ],
      limit: 2000,
      offset: 0,
    });
  });

  it('parses COUNT(), IN lists, escapes, dates, booleans, null and NOT', () => {
    const q = parseSoql("select count() from OpportunityHistory where OpportunityId in ('a\\'b', 'c') and not IsDeleted = true and CloseDate >= 2026-01-01 and Amount != null");
    expect(q.count).toBe(true);
    expect(q.where).toEqual({
      kind: 'and',
      left: {
        kind: 'and',
        left: {
          kind: 'and',
          left: { kind: 'in', field: 'OpportunityId', negated: false, values: [{ kind: 'string', value: "a'b" }, { kind: 'string', value: 'c' }] },
          right: { kind: 'not', inner: { kind: 'compare', field: 'IsDeleted', op: '=', value: { kind: 'boolean', value: true } } },
        },
        right: { kind: 'compare', field: 'CloseDate', op: '>=', value: { kind: 'date', value: '2026-01-01' } },
      },
      right: { kind: 'compare', field: 'Amount', op: '!=', value: { kind: 'null' } },
    });
  });

  it('puts nulls last in descending order unless told', () => {
    expect(parseSoql('SELECT Id FROM Account ORDER BY Name DESC, Website ASC NULLS LAST LIMIT 5 OFFSET 10')).toMatchObject({
      orderBy: [
        { field: 'Name', desc: true, nullsLast: true },
        { field: 'Website', desc: false, nullsLast: true },
      ],
      limit: 5,
      offset: 10,
    });
  });

  it.each([
    ['SELEC Id FROM Opportunity', "expecting 'SELECT'"],
    ['SELECT Id Opportunity', "expecting 'FROM'"],
    ['SELECT Id FROM Opportunity WHERE Name = ', 'unexpected token'],
    ["SELECT Id FROM Opportunity WHERE Name = 'open", 'unterminated string literal'],
    ['SELECT Id FROM Opportunity LIMIT -1', 'expecting a non-negative integer'],
    ['SELECT Id FROM Opportunity ORDER Id', "expecting 'BY'"],
  ])('rejects %s as MALFORMED_QUERY', (soql, message) => {
    let error: unknown;
    try {
      parseSoql(soql);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SoqlError);
    expect((error as SoqlError).errorCode).toBe('MALFORMED_QUERY');
    expect((error as SoqlError).message).toContain(message);
  });
});
