import type { DealGroupsView, QuarterMetrics } from '@alignboard/contracts';
import { tableFromIPC, type Table } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createPartnership } from '../../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import {
  handBuilt,
  seedHandBuiltPartnership,
} from '../metrics/__fixtures__/hand-built-partnership.js';

/**
 * The board pack of the hand-built partnership (its table is in the fixture),
 * 2026-Q1 to 2026-Q2 as of 2026-07-15. Every output is read back with a
 * reader that is not ours (exceljs, pdftotext, apache-arrow's tableFromIPC,
 * csv-parse) and compared with the metrics API to the cent, and with values
 * worked out by hand.
 */
describe('board pack exports', () => {
  let t: TestApp;
  let admin: string;
  let memberA: string;
  let memberB: string;
  let viewerA: string;
  let outsider: string;
  let dir: string;
  const key = 'hand-pack';
  const asOf = '2026-07-15T00:00:00Z';
  const range = `from=2026-Q1&to=2026-Q2&asOf=${asOf}`;
  const quarters = ['2026-Q1', '2026-Q2'];

  const binary = (res: Response, done: (err: Error | null, body: Buffer) => void) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  };
  const download = async (token: string, format: string, query = range) => {
    const res = await t.http
      .get(`/api/partnerships/${key}/exports/board-pack.${format}?${query}`)
      .set(bearer(token))
      .buffer(true)
      .parse(binary as never);
    expect(res.status, String(res.body)).toBe(200);
    return { body: res.body as Buffer, headers: res.headers };
  };
  const metrics = async (token: string, quarter: string) =>
    (
      await t.http
        .get(`/api/partnerships/${key}/metrics?quarter=${quarter}&asOf=${asOf}`)
        .set(bearer(token))
        .expect(200)
    ).body as QuarterMetrics;
  const groups = async (token: string, quarter: string) =>
    (
      await t.http
        .get(`/api/partnerships/${key}/groups?quarter=${quarter}&asOf=${asOf}`)
        .set(bearer(token))
        .expect(200)
    ).body as DealGroupsView;
  const workbook = async (bytes: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as never);
    return wb;
  };
  /** A sheet as rows of cell values, an empty cell null, each row up to its last value (row 1 is the header). */
  const rows = (wb: ExcelJS.Workbook, name: string) => {
    const out: unknown[][] = [];
    wb.getWorksheet(name)!.eachRow((row) => {
      const values = row.values as unknown[];
      out.push(Array.from({ length: values.length - 1 }, (_, i) => values[i + 1] ?? null));
    });
    return out;
  };
  /** An expected row as `rows` reads it: trailing empty cells dropped. */
  const trim = (row: unknown[]) => {
    const out = [...row];
    while (out.length && out.at(-1) === null) out.pop();
    return out;
  };
  const cents = (n: number) => Math.round(n * 100) / 100;
  const fmt = (n: number | null) =>
    n === null
      ? '—'
      : n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'alignboard-exports-'));
    t = await createTestApp();
    await seedHandBuiltPartnership((sql, params) => t.db.dataSource.query(sql, params), key);
    admin = await t.token({ email: 'admin@alignboard.test', role: 'admin' });
    memberA = await t.token({
      email: `a@${key}.test`,
      role: 'member',
      partnership: key,
      side: 'A',
    });
    memberB = await t.token({
      email: `b@${key}.test`,
      role: 'member',
      partnership: key,
      side: 'B',
    });
    viewerA = await t.token({
      email: `viewer@${key}.test`,
      role: 'viewer',
      partnership: key,
      side: 'A',
    });
    outsider = (await createPartnership(t, 'elsewhere-pack')).memberA;
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves each format with its type and a file name naming the partnership, range and as-of', async () => {
    const types = {
      pdf: 'application/pdf',
      xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      csv: 'text/csv; charset=utf-8',
      arrow: 'application/vnd.apache.arrow.file',
    };
    for (const [format, type] of Object.entries(types)) {
      const { headers, body } = await download(viewerA, format); // a viewer may read
      expect(headers['content-type']).toBe(type);
      expect(headers['content-disposition']).toBe(
        `attachment; filename="hand-pack-board-pack-2026-Q1-2026-Q2-asof-20260715T000000Z.${format}"`,
      );
      expect(Number(headers['content-length'])).toBe(body.length);
    }
  });

  it('XLSX: every sheet read back cell by cell equals the metrics API, and the hand-worked figures', async () => {
    const wb = await workbook((await download(admin, 'xlsx')).body);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'By quarter',
      'Trend',
      'Commit and upside',
      'By motion',
      'Deals',
      'Records',
      'Reconciliation',
      'Method',
    ]);
    expect([wb.created.toISOString(), wb.modified.toISOString()]).toEqual([
      '2026-07-15T00:00:00.000Z',
      '2026-07-15T00:00:00.000Z',
    ]);
    const [q1, q2] = [await metrics(admin, '2026-Q1'), await metrics(admin, '2026-Q2')];

    const byQuarter = rows(wb, 'By quarter');
    for (const [i, m] of [q1, q2].entries()) {
      const s = m.split;
      expect(byQuarter[i + 1]).toEqual(
        trim([
          m.quarter,
          s.sourced.closedWon,
          s.sourced.open,
          s.sourced.total,
          s.sourced.deals,
          s.influenced.closedWon,
          s.influenced.open,
          s.influenced.total,
          s.influenced.deals,
          m.joint.closedWon,
          m.joint.open,
          m.joint.total,
          m.joint.deals,
          m.joint.duplicatesRemoved,
          s.sourcedShare,
        ]),
      );
    }
    // Q1 has nothing closing; Q2 as worked in the fixture: sourced 30,000 won + 165,500 open, influenced 144,000 open.
    expect(byQuarter[3]).toEqual([
      'Total 2026-Q1 to 2026-Q2',
      30000,
      165500,
      195500,
      5,
      0,
      144000,
      144000,
      3,
      30000,
      322500,
      352500,
      10,
      1,
      0.55461,
    ]);
    const money = wb.getWorksheet('By quarter')!.getRow(3).getCell(2);
    expect(money.numFmt).toBe('"$"#,##0.00;-"$"#,##0.00');
    expect(wb.getWorksheet('By quarter')!.getRow(3).getCell(15).numFmt).toBe('0.0%');

    expect(rows(wb, 'Trend').slice(1)).toEqual(
      [q1, q2].map((m) => {
        const j = m.joint;
        return [
          m.quarter,
          j.commit,
          j.upside,
          j.pipeline,
          j.open,
          j.closedWon,
          j.closedLost,
          j.total,
          j.deals,
          j.duplicatesRemoved,
        ];
      }),
    );
    // Q1: commit and upside at 1 January are 0, so no ratio (an empty cell). Q2: 190,500 and 64,000 (fixture).
    expect(rows(wb, 'Commit and upside').slice(1)).toEqual([
      [
        '2026-Q1',
        q1.call.commitAtStart,
        q1.call.upsideAtStart,
        0,
        q1.call.closedWon,
        null,
        null,
        q1.joint.total,
      ],
      [
        '2026-Q2',
        190500,
        64000,
        254500,
        30000,
        q2.call.vsCommit,
        q2.call.vsCommitPlusUpside,
        352500,
      ],
    ]);

    // By motion, Q2: mssp = A1 100,000 sourced open + B6 8,000 and B7 5,000 with no attribution;
    // no motion = sourced B1 55,000 + B5 10,500 + A9 0 open and A3+B3 30,000 won, influenced A2 + B2 + B4 = 144,000 open.
    const byMotion = rows(wb, 'By motion');
    const mssp = q2.motions[0];
    expect(byMotion.slice(1)).toEqual([
      ['2026-Q1', 'mssp', 'MSSP upsell', 0, 0, 0, 0, 0, 0, 0, 0, null, 100000], // produced in Q1: A1, created 1 February; no Q1 forecast
      ['2026-Q1', null, 'No motion', 0, 0, 0, 0, 0, 0, 0, 0],
      [
        '2026-Q2',
        'mssp',
        'MSSP upsell',
        0,
        100000,
        0,
        0,
        0,
        13000,
        113000,
        3,
        mssp.forecast,
        mssp.produced,
        mssp.attainment,
      ],
      ['2026-Q2', null, 'No motion', 30000, 65500, 0, 144000, 0, 0, 239500, 7],
      ['Total 2026-Q1 to 2026-Q2', 'mssp', 'MSSP upsell', 0, 100000, 0, 0, 0, 13000, 113000, 3],
      ['Total 2026-Q1 to 2026-Q2', null, 'No motion', 30000, 65500, 0, 144000, 0, 0, 239500, 7],
    ]);
    expect([mssp.forecast, mssp.produced, mssp.attainment]).toEqual([200000, 13000, 0.065]);

    // Deals: sums of the unrounded amounts per figure round to the API's figures to the cent.
    const deals = rows(wb, 'Deals');
    expect(deals[0]).toEqual([
      'quarter',
      'group_id',
      'amount',
      'close_date',
      'created_at',
      'category',
      'attribution',
      'motion',
      'in_joint_total',
      'in_closed_lost',
      'in_motion_produced',
      'records_a',
      'records_b',
    ]);
    for (const m of [q1, q2]) {
      const of = (pick: (r: unknown[]) => boolean) =>
        cents(
          deals
            .slice(1)
            .filter((r) => r[0] === m.quarter && pick(r))
            .reduce((s, r) => s + (r[2] as number), 0),
        );
      expect(of((r) => r[8] === true)).toBe(m.joint.total);
      expect(of((r) => r[8] === true && r[5] === 'commit')).toBe(m.joint.commit);
      expect(of((r) => r[8] === true && r[5] === 'closed_won')).toBe(m.joint.closedWon);
      expect(of((r) => r[9] === true)).toBe(m.joint.closedLost);
      expect(of((r) => r[8] === true && r[6] === 'sourced')).toBe(m.split.sourced.total);
      expect(of((r) => r[10] === true && r[7] === 'mssp')).toBe(m.motions[0].produced);
      expect(deals.filter((r) => r[0] === m.quarter && r[8] === true)).toHaveLength(m.joint.deals);
    }
    // The shared deal: one row, A's record and B's (cross-reference), A books 30,000.
    expect(deals.find((r) => r[1] === `A:${handBuilt.A3}`)).toEqual([
      '2026-Q2',
      `A:${handBuilt.A3}`,
      30000,
      new Date('2026-06-10T00:00:00Z'),
      new Date('2026-03-01T00:00:00Z'),
      'closed_won',
      'sourced',
      null,
      true,
      false,
      false,
      handBuilt.A3,
      handBuilt.B3,
    ]);

    // Reconciliation Q2: A1 A2 A3 A9 + B1…B7 = 11 records, less A3+B3's duplicate = 10 groups.
    const rec = rows(wb, 'Reconciliation');
    const line = (label: string) => rec.find((r) => String(r[0]).startsWith(label))!.slice(1);
    expect(line('CRM records of side A')).toEqual([0, 4]);
    expect(line('CRM records of side B')).toEqual([0, 7]);
    expect(line('less duplicates removed')).toEqual([
      q1.joint.duplicatesRemoved,
      q2.joint.duplicatesRemoved,
    ]);
    expect(line('= deal groups')).toEqual([q1.joint.deals, q2.joint.deals]);
    expect(line('= Joint number')).toEqual([q1.joint.total, q2.joint.total]);
    expect(line('  partner-sourced')).toEqual([q1.split.sourced.total, q2.split.sourced.total]);
    expect(line('  no attribution')).toEqual([0, 13000]);
    expect(line('Closed lost amount')).toEqual([q1.joint.closedLost, q2.joint.closedLost]);
    expect(line('Possible duplicates')).toEqual([0, q2.possibleDuplicates.length]);

    // Method: the as-of, and the rates in force on the close dates shown (fixture: EUR dated on side A, EUR and GBP configured).
    const method = rows(wb, 'Method');
    expect(method[3]).toEqual(['As of', '2026-07-15 00:00 UTC']);
    const rates = method
      .slice(method.findIndex((r) => r[0] === 'Rates in force on the close dates shown') + 2)
      .slice(0, 5);
    expect(rates).toEqual([
      ['EUR', 'side A CRM', 0.8, 'EUR per USD', '2026-01-01', '2026-05-01'],
      ['EUR', 'side A CRM', 0.625, 'EUR per USD', '2026-05-01'],
      ['EUR', 'configured', 1.1, 'USD per EUR', '2026-01-01', '2026-05-01'],
      ['EUR', 'configured', 1.2, 'USD per EUR', '2026-05-01'],
      ['GBP', 'configured', 1.25, 'USD per GBP', '1900-01-01'],
    ]);
    expect(
      method.find((r) => r[0] === 'Conflicts left (the booking side’s value is used)'),
    ).toBeDefined();
    expect(method).toContainEqual([
      '2026-Q2',
      `A:${handBuilt.A3}`,
      'attribution',
      'sourced',
      'influenced',
      'sourced',
    ]);
  });

  it('PDF: two pages whose text (pdftotext) carries every figure of the API to the cent', async () => {
    const { body } = await download(admin, 'pdf');
    const file = join(dir, 'pack.pdf');
    writeFileSync(file, body);
    expect(execFileSync('pdfinfo', [file]).toString()).toMatch(/Pages:\s+2\n/);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    const lines = text.split('\n').map((l) => l.trim().replace(/\s+/g, ' '));
    const [q1, q2] = [await metrics(admin, '2026-Q1'), await metrics(admin, '2026-Q2')];
    for (const m of [q1, q2]) {
      const none = cents(m.joint.total - m.split.sourced.total - m.split.influenced.total);
      const row = [
        m.quarter,
        fmt(m.split.sourced.closedWon),
        fmt(m.split.sourced.open),
        fmt(m.split.influenced.closedWon),
        fmt(m.split.influenced.open),
        fmt(none),
        fmt(m.joint.total),
        String(m.joint.deals),
        fmt(m.call.commitAtStart),
        fmt(m.call.upsideAtStart),
        fmt(m.call.closedWon),
        pct(m.call.vsCommit),
        pct(m.call.vsCommitPlusUpside),
      ].join(' ');
      expect(lines).toContain(row);
    }
    // By hand, Q2: 30,000 / 165,500 / 0 / 144,000 / 13,000 / 352,500, 10 deals; 190,500 and 64,000 at start; 15.7% and 11.8%.
    expect(lines).toContain(
      '2026-Q2 30,000.00 165,500.00 0.00 144,000.00 13,000.00 352,500.00 10 190,500.00 64,000.00 30,000.00 15.7% 11.8%',
    );
    expect(lines).toContain(
      'Total 30,000.00 165,500.00 0.00 144,000.00 13,000.00 352,500.00 10 30,000.00',
    );
    expect(lines).toContain(
      `MSSP upsell (mssp) 0.00 100,000.00 0.00 0.00 13,000.00 113,000.00 3 ${fmt(q2.motions[0].forecast)} ${fmt(q2.motions[0].produced)} ${pct(q2.motions[0].attainment)}`,
    );
    expect(lines).toContain('No motion 30,000.00 65,500.00 0.00 144,000.00 0.00 239,500.00 7');
    expect(lines).toContain(`= joint number ${fmt(q1.joint.total)} ${fmt(q2.joint.total)}`);
    expect(lines).toContain(
      `= deal groups in the joint number ${q1.joint.deals} ${q2.joint.deals}`,
    );
    expect(text).toContain(fmt(q2.joint.total)); // the headline KPI
    expect(text).toContain('as of 2026-07-15 00:00 UTC');
    expect(text).toContain('Method note');
    expect(text).toMatch(/0\.8 EUR per USD \(side A CRM, 2026-01-01 until 2026-05-01\)/);

    // The longest range, eight quarters, still fits two pages.
    const longest = join(dir, 'longest.pdf');
    writeFileSync(
      longest,
      (await download(admin, 'pdf', `from=2025-Q3&to=2027-Q2&asOf=${asOf}`)).body,
    );
    expect(execFileSync('pdfinfo', [longest]).toString()).toMatch(/Pages:\s+2\n/);
  });

  it('Arrow: the deal table read with tableFromIPC adds up to the API’s figures and lists its groups', async () => {
    const table: Table = tableFromIPC((await download(admin, 'arrow')).body);
    expect(table.schema.fields.map((f) => f.name)).toEqual([
      'quarter',
      'group_id',
      'amount',
      'close_date',
      'created_at',
      'category',
      'attribution',
      'motion',
      'in_joint_total',
      'in_closed_lost',
      'in_motion_produced',
      'records_a',
      'records_b',
    ]);
    expect(Object.fromEntries(table.schema.metadata)).toEqual({
      partnership: key,
      currency: 'USD',
      from: '2026-Q1',
      to: '2026-Q2',
      as_of: '2026-07-15T00:00:00.000Z',
      viewer: 'operator',
    });
    const all = table.toArray().map((r) => r.toJSON() as Record<string, unknown>);
    // Q1: A1 (produced by mssp, created 1 February); Q2: the 10 groups of the joint number and A6, lost.
    expect(all.map((r) => r.quarter)).toEqual(['2026-Q1', ...Array(11).fill('2026-Q2')]);
    for (const quarter of quarters) {
      const m = await metrics(admin, quarter);
      const inQ = all.filter((r) => r.quarter === quarter);
      const sum = (pick: (r: Record<string, unknown>) => boolean) =>
        cents(inQ.filter(pick).reduce((s, r) => s + (r.amount as number), 0));
      const total = (r: Record<string, unknown>) => r.in_joint_total === true;
      expect(sum(total)).toBe(m.joint.total);
      for (const c of ['commit', 'upside', 'pipeline'] as const)
        expect(sum((r) => total(r) && r.category === c)).toBe(m.joint[c]);
      expect(sum((r) => total(r) && r.category === 'closed_won')).toBe(m.joint.closedWon);
      expect(sum((r) => r.in_closed_lost === true)).toBe(m.joint.closedLost);
      expect(sum((r) => total(r) && r.attribution === 'sourced')).toBe(m.split.sourced.total);
      expect(sum((r) => total(r) && r.attribution === 'influenced')).toBe(m.split.influenced.total);
      expect(sum((r) => r.in_motion_produced === true && r.motion === 'mssp')).toBe(
        m.motions[0].produced,
      );
      expect(inQ.filter(total)).toHaveLength(m.joint.deals);
      // The same groups as the groups endpoint, in its order, amounts to the cent.
      const api = await groups(admin, quarter);
      expect(inQ.map((r) => [r.group_id, cents(r.amount as number)])).toEqual(
        api.groups.map((g) => [g.groupId, g.amount]),
      );
    }
    const shared = all.find((r) => r.group_id === `A:${handBuilt.A3}`)!;
    expect(shared).toMatchObject({
      amount: 30000,
      category: 'closed_won',
      attribution: 'sourced',
      motion: null,
      records_a: handBuilt.A3,
      records_b: handBuilt.B3,
    });
    expect(shared.close_date).toBe(Date.UTC(2026, 5, 10));
    expect(shared.created_at).toBe(Date.UTC(2026, 2, 1));
  });

  it('CSV: every figure row parsed back (csv-parse) equals the API’s figure', async () => {
    const records = parse((await download(admin, 'csv')).body, { columns: true }) as Record<
      string,
      string
    >[];
    expect(Object.keys(records[0])).toEqual([
      'partnership',
      'as_of',
      'quarter',
      'figure',
      'motion',
      'value',
      'unit',
    ]);
    const value = (quarter: string, figure: string, motion = '') =>
      records.find((r) => r.quarter === quarter && r.figure === figure && r.motion === motion);
    let compared = 0;
    for (const quarter of quarters) {
      const m = await metrics(admin, quarter);
      const expectMoney = (figure: string, n: number | null, motion = '') => {
        expect(value(quarter, figure, motion)).toMatchObject({
          value: n === null ? '' : n.toFixed(2),
          unit: 'USD',
          partnership: key,
          as_of: '2026-07-15T00:00:00.000Z',
        });
        compared++;
      };
      for (const k of [
        'open',
        'commit',
        'upside',
        'pipeline',
        'closedWon',
        'closedLost',
        'total',
      ] as const)
        expectMoney(`joint.${k}`, m.joint[k]);
      expect(value(quarter, 'joint.deals')).toMatchObject({
        value: String(m.joint.deals),
        unit: 'count',
      });
      for (const side of ['sourced', 'influenced'] as const)
        for (const k of ['open', 'closedWon', 'total'] as const)
          expectMoney(`split.${side}.${k}`, m.split[side][k]);
      expect(value(quarter, 'split.sourcedShare')!.value).toBe(
        m.split.sourcedShare === null ? '' : String(m.split.sourcedShare),
      );
      expectMoney('call.commitAtStart', m.call.commitAtStart);
      expectMoney('call.upsideAtStart', m.call.upsideAtStart);
      expect(value(quarter, 'call.vsCommit')!.value).toBe(
        m.call.vsCommit === null ? '' : String(m.call.vsCommit),
      );
      expectMoney('motion.produced', m.motions[0].produced, 'mssp');
      expectMoney('motion.forecast', m.motions[0].forecast, 'mssp');
    }
    expect(compared).toBe(2 * 17); // per quarter: 7 joint, 6 split, 2 call, 2 motion
    expect(value('2026-Q2', 'joint.total')!.value).toBe('352500.00');
    expect(value('2026-Q2', 'split.sourcedShare')!.value).toBe('0.55461');
    expect(value('2026-Q2', 'byMotion.unattributed.total', 'mssp')!.value).toBe('13000.00');
    expect(value('2026-Q2', 'byMotion.sourced.closedWon')!.value).toBe('30000.00'); // no motion: A3+B3
  });

  it('gives byte-identical CSV, Arrow and XLSX for the same as-of, seconds apart', async () => {
    const first = {
      csv: await download(admin, 'csv'),
      arrow: await download(admin, 'arrow'),
      xlsx: await download(admin, 'xlsx'),
    };
    await new Promise((r) => setTimeout(r, 2100)); // past the ZIP format's 2-second clock
    for (const format of ['csv', 'arrow', 'xlsx'] as const) {
      const again = await download(admin, format);
      expect(again.body.equals(first[format].body), format).toBe(true);
    }
  });

  it('reads again when the partnership changed: an override shows in the next export', async () => {
    const total = async () => {
      const records = parse((await download(memberA, 'csv')).body, { columns: true }) as Record<
        string,
        string
      >[];
      return records.find((r) => r.quarter === '2026-Q2' && r.figure === 'joint.total')!.value;
    };
    expect(await total()).toBe('352500.00');
    // Linking A1 (100,000, booking side) and B1 (55,000): B1's amount leaves the joint number.
    const link = await t.http
      .post(`/api/partnerships/${key}/groups/overrides`)
      .set(bearer(memberA))
      .send({ kind: 'link', a: handBuilt.A1, b: handBuilt.B1 })
      .expect(201);
    try {
      expect(await total()).toBe('297500.00');
      expect((await metrics(memberA, '2026-Q2')).joint.total).toBe(297500);
    } finally {
      await t.http
        .delete(`/api/partnerships/${key}/groups/overrides/${link.body.id}`)
        .set(bearer(memberA))
        .expect(204);
    }
    expect(await total()).toBe('352500.00');
  });

  it('shows each side the other side’s records only in partner deals, and only the fields it shares', async () => {
    const forB = await workbook((await download(memberB, 'xlsx')).body);
    const cells = forB.worksheets
      .flatMap((ws) => rows(forB, ws.name).flat().map(String))
      .join('\n');
    // A5 (side A's direct business) and A7, A8 (untagged candidates of B5) are never shown to B.
    for (const id of [handBuilt.A5, handBuilt.A7, handBuilt.A8]) expect(cells).not.toContain(id);
    // A's records in partner deals show, without the name and stage side A does not share.
    const records = rows(forB, 'Records');
    const a1 = records.find((r) => r[3] === handBuilt.A1 && r[0] === '2026-Q2')!;
    expect(a1.slice(0, 4)).toEqual(['2026-Q2', `A:${handBuilt.A1}`, 'A', handBuilt.A1]);
    expect([a1[4], a1[11]]).toEqual([null, null]); // name, stage
    expect([a1[7], a1[8], a1[9], a1[10]]).toEqual([80000, 'EUR', 100000, '2026-04-20']);
    const b1 = records.find((r) => r[3] === handBuilt.B1)!;
    expect([b1[4], b1[11]]).toEqual(['Hooli via Northgate', 'Stage upside']); // B's own, in full
    // The reconciliation as B's API gives it: the cluster A7/A8/B5 is not B's to see.
    const apiB = await metrics(memberB, '2026-Q2');
    expect(apiB.possibleDuplicates).toEqual([]);
    expect(
      rows(forB, 'Reconciliation')
        .find((r) => String(r[0]).startsWith('Possible duplicates'))!
        .slice(1),
    ).toEqual([0, 0]);
    expect(
      Object.fromEntries(tableFromIPC((await download(memberB, 'arrow')).body).schema.metadata)
        .viewer,
    ).toBe('B');

    const forA = await workbook((await download(memberA, 'xlsx')).body);
    const aCells = forA.worksheets.flatMap((ws) => rows(forA, ws.name).flat().map(String));
    expect(aCells).not.toContain(handBuilt.B8);
    expect(rows(forA, 'Records').find((r) => r[3] === handBuilt.B1)![4]).toBe(
      'Hooli via Northgate',
    ); // B shares names
  });

  it('answers bad input with 400 naming the field, a stranger with 404', async () => {
    const get = (token: string, path: string) =>
      t.http.get(`/api/partnerships/${path}`).set(bearer(token));
    const field = async (path: string) =>
      (await get(admin, path).expect(400)).body.issues[0].field as string;
    expect(await field(`${key}/exports/board-pack.docx?from=2026-Q1&to=2026-Q2`)).toBe('format');
    expect(await field(`${key}/exports/board-pack.pdf?from=2026-Q5&to=2026-Q2`)).toBe('from');
    expect(await field(`${key}/exports/board-pack.pdf?from=2026-Q2&to=2026-Q1`)).toBe('to');
    expect(await field(`${key}/exports/board-pack.pdf?from=2024-Q1&to=2026-Q1`)).toBe('to'); // nine quarters
    expect(
      await field(
        `${key}/exports/board-pack.pdf?from=2026-Q1&to=2026-Q2&asOf=2026-02-31T00:00:00Z`,
      ),
    ).toBe('asOf');
    expect(await field(`${key}/exports/board-pack.pdf?from=2026-Q1`)).toBe('to');
    await get(admin, `${key}/exports/board-pack.csv?from=2026-Q1&to=2026-Q2&side=B`).expect(400);
    await get(outsider, `${key}/exports/board-pack.csv?from=2026-Q1&to=2026-Q2`).expect(404);
    await get(admin, `nope/exports/board-pack.csv?from=2026-Q1&to=2026-Q2`).expect(404);
    await t.http
      .get(`/api/partnerships/${key}/exports/board-pack.csv?from=2026-Q1&to=2026-Q2`)
      .expect(401);
  });
});
