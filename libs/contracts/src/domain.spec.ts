import { describe, expect, it } from 'vitest';
import { isoDateSchema, partnershipKeySchema, quarterSchema } from './domain.js';

describe('quarterSchema', () => {
  it.each(['2026-Q1', '2026-Q4', '1999-Q2', '1970-Q1', '2999-Q4'])('accepts %s', (q) => {
    expect(quarterSchema.parse(q)).toBe(q);
  });

  it.each(['2026-Q0', '2026-Q5', '2026Q1', '26-Q1', '2026-q1', ' 2026-Q1'])('rejects %j', (q) => {
    const result = quarterSchema.safeParse(q);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('expected a quarter like 2026-Q2');
  });

  // Date.UTC would read 0000 as 1900; 9999-Q4's next quarter, 10000-Q1, would sort before 2026-Q1.
  it.each(['0000-Q1', '0099-Q4', '1969-Q4', '3000-Q1', '9999-Q4'])('rejects the year of %s, once', (q) => {
    const result = quarterSchema.safeParse(q);
    expect(result.error?.issues.map((i) => i.message)).toEqual(['expected a year from 1970 to 2999']);
  });
});

describe('isoDateSchema', () => {
  it('accepts a calendar date, including a leap day', () => {
    expect(isoDateSchema.parse('2028-02-29')).toBe('2028-02-29');
  });

  it('rejects a date that matches the pattern but is not on the calendar', () => {
    expect(isoDateSchema.safeParse('2026-02-29').success).toBe(false);
    expect(isoDateSchema.safeParse('2026-13-01').success).toBe(false);
  });

  it('takes the years quarters take, 1970 to 2999: PostgreSQL has no year 0', () => {
    expect(isoDateSchema.safeParse('1970-01-01').success).toBe(true);
    expect(isoDateSchema.safeParse('2999-12-31').success).toBe(true);
    for (const date of ['0000-01-01', '1969-12-31', '3000-01-01', '9999-12-31']) {
      expect(isoDateSchema.safeParse(date).error?.issues.map((i) => i.message), date).toEqual(['expected a date from 1970-01-01 to 2999-12-31']);
    }
  });
});

describe('partnershipKeySchema', () => {
  it('accepts the key of the SPEC example and rejects upper case or a leading dash', () => {
    expect(partnershipKeySchema.safeParse('cobalt-northgate').success).toBe(true);
    expect(partnershipKeySchema.safeParse('Cobalt-Northgate').success).toBe(false);
    expect(partnershipKeySchema.safeParse('-cobalt').success).toBe(false);
    expect(partnershipKeySchema.safeParse('c').success).toBe(false);
  });
});
