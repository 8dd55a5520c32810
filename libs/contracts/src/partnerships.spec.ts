import { describe, expect, it } from 'vitest';
import { createPartnershipSchema, updatePartnershipSchema } from './partnerships.js';

const minimal = {
  key: 'cobalt-northgate',
  name: 'Cobalt Security x Northgate Systems',
  currency: 'USD',
  sides: { A: { company: 'Cobalt Security' }, B: { company: 'Northgate Systems' } },
};

describe('createPartnershipSchema', () => {
  it('fills the SPEC §2 defaults for what the file leaves out', () => {
    const parsed = createPartnershipSchema.parse(minimal);
    // toMatchObject: other optional settings may join the schema without breaking this.
    expect(parsed).toMatchObject({
      ...minimal,
      fiscalYearStartMonth: 1,
      fiscalYearNamedBy: 'start',
      bookingSide: 'A',
      killThreshold: 0.05,
      meeting: { rule: 'third-thursday', preworkBusinessDays: 3 },
      sides: {
        A: { company: 'Cobalt Security', people: [] },
        B: { company: 'Northgate Systems', people: [] },
      },
    });
  });

  it('lower-cases people’s emails and trims names', () => {
    const parsed = createPartnershipSchema.parse({
      ...minimal,
      sides: {
        ...minimal.sides,
        A: {
          company: 'Cobalt Security',
          people: [{ name: ' Dana Reyes ', email: 'Dana@Cobalt.example', role: 'cro' }],
        },
      },
    });
    expect(parsed.sides.A.people).toEqual([
      { name: 'Dana Reyes', email: 'dana@cobalt.example', role: 'cro' },
    ]);
  });

  it.each([
    ['a kill threshold above 1', { killThreshold: 1.5 }, ['killThreshold']],
    ['a fiscal year starting in month 13', { fiscalYearStartMonth: 13 }, ['fiscalYearStartMonth']],
    ['a booking side other than A or B', { bookingSide: 'C' }, ['bookingSide']],
    ['a lower-case currency', { currency: 'usd' }, ['currency']],
    ['an upper-case key', { key: 'Cobalt' }, ['key']],
  ])('rejects %s, naming the field', (_label, change, path) => {
    const result = createPartnershipSchema.safeParse({ ...minimal, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path)).toEqual([path]);
  });

  it('rejects the same person twice on one side, pointing at the second entry', () => {
    const dana = { name: 'Dana Reyes', email: 'dana@cobalt.example', role: 'cro' };
    const result = createPartnershipSchema.safeParse({
      ...minimal,
      sides: {
        ...minimal.sides,
        A: {
          company: 'Cobalt Security',
          people: [dana, { ...dana, email: 'DANA@cobalt.example' }],
        },
      },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ['sides', 'A', 'people', 1, 'email'],
      message: 'dana@cobalt.example is listed twice',
    });
  });

  it('rejects a partnership without side B', () => {
    const result = createPartnershipSchema.safeParse({ ...minimal, sides: { A: minimal.sides.A } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['sides', 'B']);
  });

  // The API takes the same shapes as the partnership file: its limits are the API's limits.
  it.each([
    ['a currency ISO 4217 does not list', { currency: 'XYZ' }, ['currency'], 'XYZ is not an ISO 4217 currency code'],
    ['a name over 200 characters', { name: 'x'.repeat(201) }, ['name'], 'Too big: expected string to have <=200 characters'],
    [
      'a NUL byte in a company',
      { sides: { ...minimal.sides, B: { company: 'North\u0000gate' } } },
      ['sides', 'B', 'company'],
      'must be one line of text without control characters (found U+0000 at character 6)',
    ],
    [
      'a webhook URL over 2048 characters',
      { notifications: { webhookUrl: `https://hooks.example/${'x'.repeat(2048)}` } },
      ['notifications', 'webhookUrl'],
      'must be at most 2048 characters',
    ],
  ])('rejects %s, through the API as through the file', (_label, change, path, message) => {
    const result = createPartnershipSchema.safeParse({ ...minimal, ...change });
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([[path, message]]);
  });

  it('checks a changed currency against ISO 4217 too', () => {
    expect(updatePartnershipSchema.safeParse({ currency: 'EUR' }).success).toBe(true);
    expect(updatePartnershipSchema.safeParse({ currency: 'XYZ' }).error?.issues[0]?.message).toBe(
      'XYZ is not an ISO 4217 currency code',
    );
  });
});
