import { makeVector, tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { deal, encoding } from './__fixtures__/deals.js';
import { dealColumns, dealRecordsTable } from './deal-records.js';
import { instantMs } from './iso-dates.js';
import { utf8Data, utf8Values } from './utf8-column.js';

/** What arrow-js's own builder gives back for the same strings: the columns must read back the same. */
const throughArrowJs = (values: (string | null)[]) => Array.from(tableFromArrays({ v: values }).getChild('v')! as Iterable<string | null>);

describe('text columns', () => {
  it('read back every value, nulls and empty strings apart, ASCII or not', () => {
    const ascii = ['006A', '', null, 'c0.example', null];
    const mixed = ['münchen.example', null, '', '日本', '😀x', 'plain'];
    for (const values of [ascii, mixed, [], [null, null]]) {
      expect(utf8Values(makeVector(utf8Data(values)))).toEqual(values);
    }
  });

  it('treat a lone surrogate and a leading byte order mark as arrow-js does', () => {
    const odd = ['\ud800', 'a\udc00b', '\ufeffbom', 'ok'];
    expect(utf8Values(makeVector(utf8Data(odd)))).toEqual(throughArrowJs(odd));
  });

  it('write UTF-8 bytes with byte offsets, whatever the alphabet', () => {
    const data = utf8Data(['é', null, 'ab']);
    expect(Array.from(data.valueOffsets)).toEqual([0, 2, 2, 4]);
    expect(new TextDecoder().decode(data.values)).toBe('éab');
    expect(data.nullCount).toBe(1);
  });
});

describe('instantMs', () => {
  it('equals Date.parse on canonical instants, edges of every field, and text it does not read itself', () => {
    const texts = [
      '2026-07-01T09:30:00.000Z', '1970-01-01T00:00:00.000Z', '2999-12-31T23:59:59.999Z', '2024-02-29T12:00:00.500Z',
      '2023-02-30T00:00:00.000Z', '2023-04-31T00:00:00.000Z', '2023-13-01T00:00:00.000Z', '2023-00-10T00:00:00.000Z',
      '2023-01-00T00:00:00.000Z', '2023-01-32T00:00:00.000Z', '2023-01-01T24:00:00.000Z', '2023-01-01T23:60:00.000Z',
      '2023-01-01T23:59:60.000Z', '0099-01-01T00:00:00.000Z', '0000-01-01T00:00:00.000Z', '2026-07-01T09:30:00Z',
      '2026-07-01T09:30:00.000+02:00', '2026-07-01', '2026-07-01T09:30:00.00aZ', '2026-07-01 09:30:00.000Z', 'soon', '',
    ];
    for (const text of texts) expect([text, instantMs(text)]).toEqual([text, Date.parse(text)]);
    for (let ms = Date.UTC(1970, 0, 1); ms < Date.UTC(2100, 0, 1); ms += 7_777_777_777) {
      const text = new Date(ms).toISOString();
      expect(instantMs(text)).toBe(ms);
    }
  });
});

describe('dealRecordsTable', () => {
  it('reads back through dealColumns exactly as the records were', () => {
    const records = [
      deal({ side: 'A', crmId: ' 006000000000001AAQ ', partnerRecordId: '5001', domain: 'hooli.example', amount: 100, closeDate: '2026-05-15', category: 'commit', attribution: 'sourced', motion: ' Co-Sell ', createdAt: '2026-02-10T08:00:00.000Z' }),
      deal({ side: 'B', crmId: '5001', partnerRecordId: '006000000000001AAQXYZ', domain: null, amount: null, closeDate: null, category: null, attribution: 'influenced', motion: 'unknown', createdAt: null, deleted: true }),
      deal({ side: 'B', crmId: '5002', domain: 'münchen.example', motion: 'co-sell', createdAt: '2026-02-10T08:00:00+01:00' }),
    ];
    const c = dealColumns(dealRecordsTable(records, { ...encoding, motionKeys: ['co-sell'] }));
    expect(c.length).toBe(3);
    expect(c.id).toEqual(['A: 006000000000001AAQ ', 'B:5001', 'B:5002']);
    expect(c.crmId).toEqual([' 006000000000001AAQ ', '5001', '5002']);
    // Salesforce ids by their first 15 characters, on either side of the cross-reference.
    expect(c.idKey).toEqual(['006000000000001', '5001', '5002']);
    expect(c.partnerKey).toEqual(['5001', '006000000000001', null]);
    expect(c.domain).toEqual(['hooli.example', null, 'münchen.example']);
    expect(Array.from(c.side)).toEqual([0, 1, 1]);
    expect(Array.from(c.amount)).toEqual([100, 0, 0]);
    expect(Array.from(c.amountKnown)).toEqual([1, 0, 1]);
    expect(Array.from(c.closeDay)).toEqual([Date.UTC(2026, 4, 15) / 86_400_000, -2147483648, -2147483648]);
    expect(Array.from(c.category)).toEqual([2, 255, 255]);
    expect(Array.from(c.attribution)).toEqual([0, 1, -1]);
    expect(Array.from(c.motion)).toEqual([0, -1, 0]);
    expect(Array.from(c.createdMs)).toEqual([Date.UTC(2026, 1, 10, 8), Number.NaN, Date.UTC(2026, 1, 10, 7)]);
    expect(Array.from(c.deleted)).toEqual([0, 1, 0]);
  });
});
