/**
 * `npm run bench:export`: the board pack (issue #7).
 *
 *   (a) PDF + XLSX for four quarters of the example partnership, synced from
 *       the CRM simulators into PostgreSQL: the pack read and computed once
 *       (`BoardPackService.build`: the consistent read, the figures, the rows),
 *       then both files rendered. Median of warm runs; target ≤ 2 s.
 *   (b) The deal-level table of 1,000,000 rows to Arrow IPC (`renderArrow`),
 *       median of warm runs; target ≤ 100 ms. Next to it, as the reference
 *       measured in the same run, apache-arrow's own `tableFromArrays` over
 *       the same rows as plain arrays.
 *
 * Checks what it times (the PDF has two pages, the Arrow file reads back with
 * the same row count and amounts) and exits 1 if not; otherwise prints
 * PASS/MISS and exits 0. docs/benchmarks.md says how to read it.
 *
 *   ALIGNBOARD_BENCH_DATABASE_URL     server the scratch database is created on
 *                                     (default postgres://postgres@127.0.0.1:5432/test)
 *   ALIGNBOARD_BENCH_EXPORT_PER_SIDE  opportunities per side for (a) (default 10000)
 *   ALIGNBOARD_BENCH_ARROW_ROWS       deal rows for (b) (default 1000000)
 */
import { quarterOf, shiftQuarter } from '@alignboard/metrics';
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { startDemoCrms } from '../src/cli/demo/demo-crms.js';
import { projectRoot } from '../src/config/paths.js';
import type { BoardPack } from '../src/exports/board-pack.js';
import { BoardPackService } from '../src/exports/board-pack.service.js';
import type { DealRows } from '../src/exports/deal-rows.js';
import { renderArrow } from '../src/exports/render-arrow.js';
import { textAt, textColumn, type TextColumn } from '../src/exports/text-column.js';
import { renderPdf } from '../src/exports/render-pdf.js';
import { renderXlsx } from '../src/exports/render-xlsx.js';
import { Partnership } from '../src/partnerships/entities/partnership.entity.js';
import { SyncService } from '../src/sync/sync.service.js';
import { startBenchApp } from './bench-app.js';
import { formatTable } from './table.js';

const serverUrl =
  process.env.ALIGNBOARD_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const perSide = Number(process.env.ALIGNBOARD_BENCH_EXPORT_PER_SIDE || 10_000);
const arrowRows = Number(process.env.ALIGNBOARD_BENCH_ARROW_ROWS || 1_000_000);
const targets = { packMs: 2_000, arrowMs: 100 };

const say = (line: string) => process.stderr.write(`bench:export: ${line}\n`);
const ms = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(0)} ms`;
const count = (n: number) => n.toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const problems: string[] = [];

interface PackTimes {
  /** The first pack: the partnership read from the database (later ones reuse the read while nothing changed). */
  firstBuild: number;
  build: number;
  pdf: number;
  xlsx: number;
  total: number;
  /** This process's CPU time for the whole pack: far below `total`, the machine was busy elsewhere (PostgreSQL's share of the read is not in it). */
  cpu: number;
  records: number;
  dealRows: number;
  pdfBytes: number;
  xlsxBytes: number;
  quarters: string;
}

async function boardPack(): Promise<PackTimes> {
  const examples = join(projectRoot(), 'examples');
  const values = parseEnv(
    readFileSync(join(examples, 'cobalt-northgate.env.example'), 'utf8'),
  ) as Record<string, string>;
  say(
    `planning ${count(perSide)} opportunities per side, syncing them from the simulators into PostgreSQL…`,
  );
  const crms = await startDemoCrms(values, {
    now: new Date(Date.now() - 3_600_000),
    perSide,
    usualPorts: false,
  });
  try {
    const bench = await startBenchApp(
      serverUrl,
      crms,
      readFileSync(join(examples, 'cobalt-northgate.yaml'), 'utf8'),
      values,
    );
    try {
      const sync = bench.app.get(SyncService);
      for (const side of ['A', 'B'] as const) {
        const outcome = await sync.syncConnection(bench.connections[side], {
          trigger: 'cli',
          connector: { maxRequestsPerSecond: Infinity },
        });
        if (outcome.status !== 'succeeded')
          throw new Error(`the sync of side ${side} ended ${outcome.status}: ${outcome.message}`);
      }
      const partnership = await bench.database.dataSource
        .getRepository(Partnership)
        .findOneByOrFail({ key: 'cobalt-northgate' });
      const to = quarterOf(Date.now(), {
        startMonth: partnership.fiscalYearStartMonth,
        namedBy: partnership.fiscalYearNamedBy,
      });
      const query = { from: shiftQuarter(to, -3), to };
      const [{ n: records }] = await bench.database.dataSource.query<{ n: number }[]>(
        `select count(*)::int as n from opportunities`,
      );
      const service = bench.app.get(BoardPackService);
      const scope = { partnership, side: null };
      say(
        `timing the board pack ${query.from} to ${query.to} over ${count(records)} opportunities…`,
      );
      const runs: Omit<PackTimes, 'records' | 'quarters' | 'firstBuild'>[] = [];
      let firstBuild = 0;
      for (let i = 0; i < 6; i++) {
        const cpu = process.cpuUsage();
        let t = performance.now();
        const pack = await service.build(scope, query);
        const build = performance.now() - t;
        t = performance.now();
        const pdf = await renderPdf(pack);
        const pdfMs = performance.now() - t;
        t = performance.now();
        const xlsx = await renderXlsx(pack);
        const xlsxMs = performance.now() - t;
        const used = process.cpuUsage(cpu);
        if (i === 0) {
          // The first run reads the partnership and warms up: it is checked, and its read shown apart.
          checkPdf(pdf);
          firstBuild = build;
        } else
          runs.push({
            build,
            pdf: pdfMs,
            xlsx: xlsxMs,
            total: build + pdfMs + xlsxMs,
            cpu: (used.user + used.system) / 1000,
            dealRows: pack.deals.length,
            pdfBytes: pdf.length,
            xlsxBytes: xlsx.length,
          });
      }
      const last = runs.at(-1)!;
      return {
        firstBuild,
        build: median(runs.map((r) => r.build)),
        pdf: median(runs.map((r) => r.pdf)),
        xlsx: median(runs.map((r) => r.xlsx)),
        total: median(runs.map((r) => r.total)),
        cpu: median(runs.map((r) => r.cpu)),
        records,
        dealRows: last.dealRows,
        pdfBytes: last.pdfBytes,
        xlsxBytes: last.xlsxBytes,
        quarters: `${query.from} to ${query.to}`,
      };
    } finally {
      await bench.close();
    }
  } finally {
    await crms.stop();
  }
}

function checkPdf(pdf: Buffer) {
  const dir = mkdtempSync(join(tmpdir(), 'alignboard-bench-export-'));
  try {
    writeFileSync(join(dir, 'pack.pdf'), pdf);
    const pages = /Pages:\s+(\d+)/.exec(
      execFileSync('pdfinfo', [join(dir, 'pack.pdf')]).toString(),
    )?.[1];
    if (pages !== '2') problems.push(`the board pack PDF has ${pages} pages, not 2`);
  } catch (error) {
    say(`pdfinfo unavailable, page count not checked (${(error as Error).message.split('\n')[0]})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Deal rows as a real pack has them: eight quarters, ids like Salesforce's and HubSpot's, a third shared. */
function syntheticDeals(n: number): DealRows {
  const rows: DealRows = {
    length: n,
    quarters: [
      '2025-Q3',
      '2025-Q4',
      '2026-Q1',
      '2026-Q2',
      '2026-Q3',
      '2026-Q4',
      '2027-Q1',
      '2027-Q2',
    ],
    motionKeys: ['cloud-migration', 'mssp-upsell', 'sase-refresh'],
    quarter: new Int32Array(n),
    groupId: textColumn([]),
    amount: new Float64Array(n),
    closeDay: new Int32Array(n),
    createdMs: new Float64Array(n),
    category: new Uint8Array(n),
    attribution: new Int8Array(n),
    motion: new Int16Array(n),
    inJointTotal: new Uint8Array(n),
    inClosedLost: new Uint8Array(n),
    inMotionProduced: new Uint8Array(n),
    recordsA: textColumn([]),
    recordsB: textColumn([]),
  };
  const groupIds = new Array<string>(n);
  const recordsA = new Array<string>(n);
  const recordsB = new Array<string>(n);
  let seed = 2026;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < n; i++) {
    const q = Math.floor((i / n) * 8);
    const a = `006Ka00000${(1_000_000 + i).toString(36).toUpperCase().padStart(5, '0')}`;
    const b = String(30_000_000_000 + i * 7);
    const side = random() < 0.6 ? 'A' : 'B';
    const shared = random() < 0.33;
    rows.quarter[i] = q;
    groupIds[i] = side === 'A' ? `A:${a}` : `B:${b}`;
    rows.amount[i] = Math.round(random() * 25_000_000) / 100;
    rows.closeDay[i] = 20_270 + q * 91 + Math.floor(random() * 91);
    rows.createdMs[i] = (rows.closeDay[i] - 120) * 86_400_000 + Math.floor(random() * 86_400_000);
    rows.category[i] = Math.floor(random() * 5);
    rows.attribution[i] = random() < 0.1 ? -1 : random() < 0.5 ? 0 : 1;
    rows.motion[i] = random() < 0.4 ? -1 : Math.floor(random() * 3);
    rows.inJointTotal[i] = rows.category[i] <= 3 ? 1 : 0;
    rows.inClosedLost[i] = rows.category[i] === 4 ? 1 : 0;
    recordsA[i] = side === 'A' || shared ? a : '';
    recordsB[i] = side === 'B' || shared ? b : '';
  }
  // As the pack builds them: the ids encoded once, with the rows (not timed by (b)).
  rows.groupId = textColumn(groupIds);
  rows.recordsA = textColumn(recordsA);
  rows.recordsB = textColumn(recordsB);
  return rows;
}

const texts = (column: TextColumn) =>
  Array.from({ length: column.length }, (_, i) => textAt(column, i));

interface ArrowTimes {
  ours: number;
  cpu: number;
  reference: number;
  bytes: number;
}

async function arrow(): Promise<ArrowTimes> {
  say(`generating ${count(arrowRows)} deal rows…`);
  const deals = syntheticDeals(arrowRows);
  const pack = {
    partnership: { key: 'bench', currency: 'USD' },
    from: deals.quarters[0],
    to: deals.quarters.at(-1),
    asOf: '2027-07-01T00:00:00.000Z',
    viewer: null,
    deals,
  } as unknown as BoardPack;
  say('timing renderArrow…');
  const times: number[] = [];
  const cpus: number[] = [];
  let parts: Uint8Array[] = [];
  for (let i = 0; i < 9; i++) {
    const [t, cpu] = [performance.now(), process.cpuUsage()];
    parts = await renderArrow(pack);
    const used = process.cpuUsage(cpu);
    if (i >= 2) {
      times.push(performance.now() - t);
      cpus.push((used.user + used.system) / 1000);
    }
  }
  const bytes = Buffer.concat(parts);
  const back = tableFromIPC(bytes);
  const amounts = back.getChild('amount')!.toArray() as Float64Array;
  let same = back.numRows === arrowRows;
  for (let i = 0; same && i < arrowRows; i += 997) same = amounts[i] === deals.amount[i];
  if (!same) problems.push('the Arrow file does not read back to the rows it was written from');
  if (String(back.get(arrowRows - 1)?.group_id) !== textAt(deals.groupId, arrowRows - 1))
    problems.push('the last group id does not read back');

  say('timing the reference (tableFromArrays over plain arrays)…');
  const t = performance.now();
  const plain = tableFromArrays({
    quarter: Array.from(deals.quarter, (q) => deals.quarters[q]),
    group_id: texts(deals.groupId),
    amount: deals.amount,
    close_date: Array.from(deals.closeDay, (d) => new Date(d * 86_400_000)),
    created_at: Array.from(deals.createdMs, (m) => new Date(m)),
    category: Array.from(deals.category, String),
    attribution: Array.from(deals.attribution, String),
    motion: Array.from(deals.motion, String),
    in_joint_total: Array.from(deals.inJointTotal, Boolean),
    in_closed_lost: Array.from(deals.inClosedLost, Boolean),
    in_motion_produced: Array.from(deals.inMotionProduced, Boolean),
    records_a: texts(deals.recordsA),
    records_b: texts(deals.recordsB),
  });
  tableToIPC(plain, 'file');
  return {
    ours: median(times),
    cpu: median(cpus),
    reference: performance.now() - t,
    bytes: bytes.length,
  };
}

async function main() {
  const pack = await boardPack();
  const arrowTimes = await arrow();
  const mark = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  const rows = [
    ['measure', 'size', 'time', 'this process CPU', 'target', 'result'],
    [
      `(a) board pack PDF + XLSX, ${pack.quarters}`,
      `${count(pack.records)} opportunities, ${count(pack.dealRows)} deal rows`,
      ms(pack.total),
      ms(pack.cpu),
      `≤ ${ms(targets.packMs)}`,
      mark(pack.total <= targets.packMs),
    ],
    ['    figures + rows (build, the read reused)', '', ms(pack.build), '', '', ''],
    [`    PDF, 2 pages (${count(pack.pdfBytes)} bytes)`, '', ms(pack.pdf), '', '', ''],
    [`    XLSX, 8 sheets (${count(pack.xlsxBytes)} bytes)`, '', ms(pack.xlsx), '', '', ''],
    [
      '(info) the first pack’s build, reading the partnership from PostgreSQL',
      '',
      ms(pack.firstBuild),
      '',
      '',
      '',
    ],
    [
      `(b) deal table to Arrow IPC (${count(arrowTimes.bytes)} bytes)`,
      `${count(arrowRows)} rows`,
      ms(arrowTimes.ours),
      ms(arrowTimes.cpu),
      `≤ ${ms(targets.arrowMs)}`,
      mark(arrowTimes.ours <= targets.arrowMs),
    ],
    [
      'REFERENCE: tableFromArrays + tableToIPC, same rows',
      `${count(arrowRows)} rows`,
      ms(arrowTimes.reference),
      '',
      '',
      `${(arrowTimes.reference / arrowTimes.ours).toFixed(1)}× ours`,
    ],
  ];
  const load = loadavg()[0];
  process.stdout.write(
    `\nExport benchmark: medians of warm runs (load average ${load.toFixed(1)} on ${availableParallelism()} cores; ` +
      `when the CPU column is well below the time, the machine was busy elsewhere)\n\n${formatTable(rows)}\n`,
  );
  if (problems.length) {
    process.stderr.write(`\nbench:export: ${problems.join('; ')}\n`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:export failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
