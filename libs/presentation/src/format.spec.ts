import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  escapeSlack,
  formatAge,
  formatCount,
  formatDate,
  formatInstant,
  formatLongDate,
  formatMoney,
  formatMoneyChange,
  formatMoneyCompact,
  formatQuarterDays,
  formatQuarterRange,
  formatRatio,
  formatUtcMinute,
  humanize,
} from './index.js';

describe('formatMoney', () => {
  it('writes the API’s amount to the cent in the partnership currency', () => {
    expect(formatMoney(29988507.54, 'USD')).toBe('$29,988,507.54');
    expect(formatMoney(0.1 + 0.2, 'USD')).toBe('$0.30');
    expect(formatMoney(1234.5, 'EUR')).toBe('€1,234.50');
    expect(formatMoney(1234.5, 'GBP')).toBe('£1,234.50');
  });

  it('never prints a negative zero, and keeps real negatives', () => {
    expect(formatMoney(-0, 'USD')).toBe('$0.00');
    expect(formatMoney(-10017275.4, 'USD')).toBe('-$10,017,275.40');
  });

  it('writes a missing amount as a dash', () => {
    expect(formatMoney(null, 'USD')).toBe('—');
    expect(formatMoney(undefined, 'USD')).toBe('—');
    expect(formatMoney(Number.NaN, 'USD')).toBe('—');
  });
});

describe('formatMoneyCompact', () => {
  it('rounds to one decimal in thousands or millions, without trailing zeros', () => {
    expect(formatMoneyCompact(29988507.54, 'USD')).toBe('$30M');
    expect(formatMoneyCompact(8519655.21, 'USD')).toBe('$8.5M');
    expect(formatMoneyCompact(887599, 'USD')).toBe('$887.6K');
    expect(formatMoneyCompact(0, 'USD')).toBe('$0');
    expect(formatMoneyCompact(null, 'USD')).toBe('—');
  });
});

describe('formatRatio', () => {
  it('writes a ratio as a percentage', () => {
    expect(formatRatio(0.448137)).toBe('44.8%');
    expect(formatRatio(2.001004)).toBe('200.1%');
    expect(formatRatio(0.05, 0)).toBe('5%');
    expect(formatRatio(0)).toBe('0.0%');
  });

  it('writes a ratio with no denominator (null) as a dash, never NaN or Infinity', () => {
    expect(formatRatio(null)).toBe('—');
    expect(formatRatio(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('dates and times', () => {
  it('writes a date as its day in UTC', () => {
    expect(formatDate('2026-11-29')).toBe('29 Nov 2026');
    expect(formatDate('2026-10-01T00:00:00.000Z')).toBe('1 Oct 2026');
    expect(formatDate(null)).toBe('—');
    expect(formatDate('not a date')).toBe('not a date');
  });

  it('writes an instant in UTC with its time, whatever the zone it was given in', () => {
    expect(formatInstant('2026-11-23T23:17:47.379Z')).toBe('23 Nov 2026, 23:17 UTC');
    expect(formatInstant('2026-11-24T01:17:00+02:00')).toBe('23 Nov 2026, 23:17 UTC');
  });

  it('says how long ago something happened', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(formatAge('2026-11-23T11:59:30Z', now)).toBe('30 s ago');
    expect(formatAge('2026-11-23T11:55:00Z', now)).toBe('5 min ago');
    expect(formatAge('2026-11-22T12:00:00Z', now)).toBe('24 h ago');
    expect(formatAge('2026-11-13T12:00:00Z', now)).toBe('10 days ago');
    expect(formatAge(null, now)).toBe('never');
  });
});

describe('words', () => {
  it('counts with the right plural', () => {
    expect(formatCount(1, 'deal group')).toBe('1 deal group');
    expect(formatCount(1500, 'deal group')).toBe('1,500 deal groups');
    expect(formatCount(2, 'possible duplicate')).toBe('2 possible duplicates');
  });

  it('turns codes into words', () => {
    expect(humanize('closed_won')).toBe('Closed won');
    expect(humanize('in_progress')).toBe('In progress');
    expect(humanize(null)).toBe('—');
  });
});

describe('the documents’ money styles', () => {
  it('writes a figures column without a symbol, to the cent', () => {
    expect(formatMoney(30000, 'USD', 'column')).toBe('30,000.00');
    expect(formatMoney(-0, 'USD', 'column')).toBe('0.00');
    expect(formatMoney(null, 'USD', 'column')).toBe('—');
  });

  it('writes prose money in whole units with the currency code, and changes with their sign', () => {
    expect([219000, 1234.56, 0, null].map((v) => formatMoney(v, 'EUR', 'whole'))).toEqual(['EUR 219,000', 'EUR 1,235', 'EUR 0', '—']);
    expect([174000, -140000, 0].map((v) => formatMoneyChange(v, 'EUR', 'whole'))).toEqual(['+EUR 174,000', '−EUR 140,000', 'no change']);
  });

  it('writes the one-pager’s money with the code, cents only when there are some', () => {
    expect(formatMoney(352500, 'USD', 'code')).toBe('USD 352,500');
    expect(formatMoney(25000.5, 'EUR', 'code')).toBe('EUR 25,000.5');
    expect(formatMoney(0.125, 'USD', 'code')).toBe('USD 0.13');
    expect(formatMoney(undefined, 'USD', 'code')).toBe('—');
  });
});

describe('formatRatio, trimmed', () => {
  it('drops trailing zeros only when asked', () => {
    expect(formatRatio(0.2, 1, 'trim')).toBe('20%');
    expect(formatRatio(0.065, 1, 'trim')).toBe('6.5%');
    expect(formatRatio(0.55461, 1, 'trim')).toBe('55.5%');
    expect(formatRatio(0.2)).toBe('20.0%');
    expect(formatRatio(-0.0001)).toBe('0.0%');
    expect(formatRatio(null, 1, 'trim')).toBe('—');
  });
});

describe('document dates and quarters', () => {
  it('writes an as-of to the minute in UTC, and a meeting day in full', () => {
    expect(formatUtcMinute('2026-04-13T06:00:00.000Z')).toBe('2026-04-13 06:00 UTC');
    expect(formatLongDate('2026-04-16')).toBe('Thursday, 16 April 2026');
  });

  it('writes a quarter’s days from its half-open instants, and a range of quarters', () => {
    expect(formatQuarterDays('2026-04-01T00:00:00.000Z', '2026-07-01T00:00:00.000Z')).toBe('2026-04-01 to 2026-06-30');
    expect([formatQuarterRange('2026-Q1', '2026-Q2'), formatQuarterRange('2026-Q2', '2026-Q2')]).toEqual(['2026-Q1 to 2026-Q2', '2026-Q2']);
  });
});

describe('escaping', () => {
  it('escapes people’s text for HTML, quotes included, and a missing value as nothing', () => {
    expect(escapeHtml(`<b onclick="x">Tom & Jerry's</b>`)).toBe('&lt;b onclick=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/b&gt;');
    expect(escapeHtml(null)).toBe('');
  });

  it('escapes Slack’s three markup characters and nothing else', () => {
    expect(escapeSlack(`<@here> & "x"`)).toBe('&lt;@here&gt; &amp; "x"');
  });
});
