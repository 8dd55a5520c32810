/**
 * `npm run bench:metrics`: the SPEC §5 figures of libs/metrics over synthetic
 * opportunities (1M, then 5M records over 50 partnerships, 12 quarters), next
 * to the same figures in SQL over the same deal groups, in DuckDB (in this
 * process) and in PostgreSQL (the local server), measured in the same run.
 *
 *   (a) one partnership-quarter: joint + split + motions from the cached
 *       groups (median per call, calls rotating over all pairs);
 *   (b) every partnership × quarter, the full group-by (median of runs);
 *   (c) the grouping itself and its per-day sums (`stateAt` → `groupDeals` → `cubeOf`, every partnership): ours only.
 *
 * Checks that ours and both references agree on every figure to the cent and
 * exits 1 if not; otherwise prints PASS/MISS against the targets and exits 0.
 * docs/benchmarks.md says how to read it.
 *
 *   ALIGNBOARD_BENCH_SIZES         records, comma-separated (default 1000000,5000000)
 *   ALIGNBOARD_BENCH_DATABASE_URL  server the scratch database is created on
 *                                  (default postgres://postgres@127.0.0.1:5432/test)
 */
import { cpus, loadavg } from 'node:os';
import { QUARTERS, AS_OF_MS, PARTNERSHIPS, prng } from './metrics/synthetic.js';
import {
  allFigureSets,
  buildPartnerships,
  figureSet,
  type BuiltPartnership,
} from './metrics/ours.js';
import { duckdbReference, type SqlReference } from './metrics/duckdb-reference.js';
import { postgresReference } from './metrics/postgres-reference.js';
import { groupedTable, quarterDays } from './metrics/grouped-table.js';
import {
  compareFigures,
  figuresOf,
  foldAll,
  foldOne,
  type QuarterFigures,
} from './metrics/figures.js';
import { count, median, ms, now, timeEach, timeEachSync, times } from './metrics/timing.js';
import { DayCube, allQuartersPass, oneQuarterPass } from './metrics/prototype.js';
import { formatTable } from './table.js';

const serverUrl =
  process.env.ALIGNBOARD_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const sizes = (process.env.ALIGNBOARD_BENCH_SIZES || '1000000,5000000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => n > 0);
/** Issue #4 item 5, by size: ms per call / per full group-by, and how many times faster than DuckDB. */
const targets: Record<number, { one?: number; all?: number }> = {
  1_000_000: { one: 0.3, all: 20 },
  5_000_000: { all: 100 },
};
const vsDuckdb = { one: 10, all: 5 };

const say = (line: string) => process.stderr.write(`bench:metrics: ${line}\n`);

interface Measured {
  one: number;
  all: number;
}
interface EngineResult extends Measured {
  name: string;
  version: string;
  loadMs: number;
  compared: number;
  mismatches: string[];
}
interface SizeResult {
  size: number;
  records: number;
  ours: Measured & {
    grouping: number;
    arrow: number;
    columns: number;
    quarterMetrics: number;
    generate: number;
  };
  engines: EngineResult[];
  prototype: Measured & {
    cubeBuild: number;
    cubeOne: number;
    cubeAll: number;
    compared: number;
    mismatches: string[];
  };
  stats: ReturnType<typeof buildPartnerships>['stats'];
}

/** Every (partnership, quarter) once, in a fixed shuffled order: the one-pair calls rotate over them. */
function pairOrder(): { p: number; q: number }[] {
  const pairs = Array.from({ length: PARTNERSHIPS * QUARTERS }, (_, i) => ({
    p: Math.floor(i / QUARTERS),
    q: i % QUARTERS,
  }));
  const random = prng(2026);
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pairs[i], pairs[j]] = [pairs[j], pairs[i]];
  }
  return pairs;
}

let sink = 0;

async function runSize(size: number): Promise<SizeResult> {
  say(
    `${count(size)} records: generating and building ${PARTNERSHIPS} partnerships through the lib…`,
  );
  const built = buildPartnerships(size, say);
  const { parts } = built;
  const pairs = pairOrder();
  const pair = (i: number) => pairs[i % pairs.length];

  say(`${count(size)} records: timing our figures…`);
  const oneTimes = timeEachSync(
    { warmup: pairs.length, min: 3 * pairs.length, max: 3 * pairs.length, budgetMs: Infinity },
    (i) => {
      const { p, q } = pair(i);
      sink += figureSet(parts[p], q).joint.total;
    },
  );
  const allTimes = timeEachSync({ warmup: 2, min: 5, max: 21, budgetMs: 3_000 }, () => {
    sink += allFigureSets(parts).length;
  });
  const first = parts[0];
  const qmTimes = timeEachSync(
    { warmup: QUARTERS, min: 20 * QUARTERS, max: 20 * QUARTERS, budgetMs: Infinity },
    (i) => {
      sink += built.first.quarterMetrics(first.quarters[i % QUARTERS].quarter, AS_OF_MS).joint
        .total;
    },
  );
  const ours = allFigureSets(parts);

  // The prototype (bench/metrics/prototype.ts, not the lib): same rotation, same agreement check.
  const protoOne = median(
    timeEachSync(
      { warmup: pairs.length, min: 3 * pairs.length, max: 3 * pairs.length, budgetMs: Infinity },
      (i) => {
        const { p, q } = pair(i);
        sink += oneQuarterPass(parts[p].groups, parts[p].quarters[q], parts[p].motionCount).joint
          .total;
      },
    ),
  );
  const protoAll = median(
    timeEachSync({ warmup: 2, min: 7, max: 21, budgetMs: 3_000 }, () => {
      sink += parts.map((part) =>
        allQuartersPass(part.groups, part.quarters, part.motionCount),
      ).length;
    }),
  );
  let cubes: DayCube[] = [];
  const cubeBuild = median(
    timeEachSync({ warmup: 1, min: 3, max: 3, budgetMs: Infinity }, () => {
      cubes = parts.map((part) => new DayCube(part.groups, part.motionCount));
    }),
  );
  const cubeOne = median(
    timeEachSync(
      { warmup: pairs.length, min: 3 * pairs.length, max: 3 * pairs.length, budgetMs: Infinity },
      (i) => {
        const { p, q } = pair(i);
        sink += cubes[p].figures(parts[p].quarters[q]).joint.total;
      },
    ),
  );
  const cubeAll = median(
    timeEachSync({ warmup: 2, min: 7, max: 21, budgetMs: 3_000 }, () => {
      sink += parts.map((part, p) =>
        part.quarters.map((bounds) => cubes[p].figures(bounds)),
      ).length;
    }),
  );
  const protoCheck = { compared: 0, mismatches: [] as string[] };
  parts.forEach((part, p) => {
    const all = allQuartersPass(part.groups, part.quarters, part.motionCount);
    part.quarters.forEach((bounds, q) => {
      compareFigures(ours[p][q], all[q], `prototype all ${p}/${bounds.quarter}`, protoCheck);
      compareFigures(
        ours[p][q],
        oneQuarterPass(part.groups, bounds, part.motionCount),
        `prototype one ${p}/${bounds.quarter}`,
        protoCheck,
      );
      compareFigures(
        ours[p][q],
        cubes[p].figures(bounds),
        `prototype cube ${p}/${bounds.quarter}`,
        protoCheck,
      );
    });
  });

  const table = groupedTable(parts);
  const days = quarterDays(parts);
  const engines: EngineResult[] = [];
  for (const open of [
    () => duckdbReference(table, days),
    () => postgresReference(serverUrl, table, days, say),
  ]) {
    const started = now();
    const engine = await open();
    try {
      say(
        `${count(size)} records: ${engine.name} loaded ${count(table.length)} groups in ${ms(now() - started)}; timing…`,
      );
      engines.push(await measureEngine(engine, parts, pairs, ours));
    } finally {
      await engine.close();
    }
  }
  return {
    size,
    records: built.records,
    ours: {
      one: median(oneTimes),
      all: median(allTimes),
      quarterMetrics: median(qmTimes),
      grouping: built.ms.grouping,
      arrow: built.ms.arrow,
      columns: built.ms.columns,
      generate: built.ms.generate,
    },
    engines,
    prototype: { one: protoOne, all: protoAll, cubeBuild, cubeOne, cubeAll, ...protoCheck },
    stats: built.stats,
  };
}

async function measureEngine(
  engine: SqlReference,
  parts: BuiltPartnership[],
  pairs: { p: number; q: number }[],
  ours: QuarterFigures[][],
): Promise<EngineResult> {
  const out = { compared: 0, mismatches: [] as string[] };
  // (a) and (b) as an application would get them: the query, then its rows folded into the figures.
  const oneFigures = new Map<number, QuarterFigures>();
  const oneTimes = await timeEach(
    { warmup: 30, min: 100, max: pairs.length, budgetMs: 5_000 },
    async (i) => {
      const k = i % pairs.length;
      const { p, q } = pairs[k];
      const range = parts[p].ranges[q];
      const bounds = parts[p].quarters[q];
      oneFigures.set(
        k,
        foldOne(
          await engine.one(p, range.startDay, range.endDay, bounds.startMs, bounds.endMs),
          parts[p].motionCount,
        ),
      );
    },
  );
  let theirs: QuarterFigures[][] = [];
  const motionCounts = parts.map((part) => part.motionCount);
  const allTimes = await timeEach({ warmup: 1, min: 3, max: 7, budgetMs: 10_000 }, async () => {
    theirs = foldAll(await engine.all(), motionCounts, QUARTERS);
  });

  // Agreement: every partnership × quarter of the full group-by, then each one-pair answer.
  parts.forEach((part, p) =>
    part.quarters.forEach((bounds, q) =>
      compareFigures(
        ours[p][q],
        theirs[p][q],
        `${engine.name} ${part.index}/${bounds.quarter}`,
        out,
      ),
    ),
  );
  for (const [k, figures] of oneFigures) {
    const { p, q } = pairs[k];
    const { joint, split, motions } = figureSet(parts[p], q);
    compareFigures(
      figuresOf(joint, split, motions),
      figures,
      `${engine.name} one-pair ${p}/${parts[p].quarters[q].quarter}`,
      out,
    );
  }
  return {
    name: engine.name,
    version: engine.version,
    loadMs: engine.loadMs,
    one: median(oneTimes),
    all: median(allTimes),
    ...out,
  };
}

/** A table row with times only: no ratio, target or result to show. */
function lineOnly(size: string, measure: string, ours: string, duckdb = '', postgres = ''): string[] {
  return [size, measure, ours, duckdb, postgres, '', '', '', ''];
}

function report(results: SizeResult[]) {
  const mark = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  const rows = [
    [
      'records',
      'measure',
      'ours',
      'DuckDB',
      'PostgreSQL',
      'ours vs DuckDB',
      'ours vs PostgreSQL',
      'target',
      'result',
    ],
  ];
  for (const r of results) {
    const [duck, pg] = [
      r.engines.find((e) => e.name === 'DuckDB')!,
      r.engines.find((e) => e.name === 'PostgreSQL')!,
    ];
    const size = `${count(r.size)}`;
    const target = targets[r.size] ?? {};
    for (const what of ['one', 'all'] as const) {
      const limit = target[what];
      const ratio = duck[what] / r.ours[what];
      rows.push([
        size,
        what === 'one'
          ? '(a) one partnership-quarter, per call'
          : `(b) all ${PARTNERSHIPS} × ${QUARTERS} partnership-quarters`,
        ms(r.ours[what]),
        ms(duck[what]),
        ms(pg[what]),
        `${times(ratio)} faster`,
        `${times(pg[what] / r.ours[what])} faster`,
        limit === undefined ? '' : `≤ ${ms(limit)}, ≥ ${vsDuckdb[what]}× DuckDB`,
        limit === undefined ? '' : mark(r.ours[what] <= limit && ratio >= vsDuckdb[what]),
      ]);
    }
    const prototypes = [
      ['one', '(prototype, not the lib) (a) in one pass', r.prototype.one],
      ['all', '(prototype, not the lib) (b) one pass a partnership', r.prototype.all],
      ['one', '(prototype, not the lib) (a) from a day cube', r.prototype.cubeOne],
      ['all', '(prototype, not the lib) (b) from day cubes', r.prototype.cubeAll],
    ] as const;
    for (const [what, label, value] of prototypes) {
      const limit = target[what];
      const ratio = duck[what] / value;
      rows.push([
        size,
        label,
        ms(value),
        '',
        '',
        `${times(ratio)} faster`,
        `${times(pg[what] / value)} faster`,
        limit === undefined ? '' : `≤ ${ms(limit)}, ≥ ${vsDuckdb[what]}× DuckDB`,
        limit === undefined ? '' : `(${mark(value <= limit && ratio >= vsDuckdb[what])})`,
      ]);
    }
    rows.push(lineOnly(size, `(prototype, not the lib) build the day cubes, ${PARTNERSHIPS} partnerships`, ms(r.prototype.cubeBuild)));
    rows.push(lineOnly(size, `(c) grouping + day sums: stateAt → groupDeals → cubeOf, ${PARTNERSHIPS} partnerships`, ms(r.ours.grouping)));
    rows.push(lineOnly(size, '(info) quarterMetrics, whole §5 object, per call', ms(r.ours.quarterMetrics)));
    rows.push(lineOnly(size, '(info) records → Arrow, dealRecordsTable', ms(r.ours.arrow)));
    rows.push(lineOnly(size, '(info) Arrow → columns, new PartnershipFigures', ms(r.ours.columns)));
    rows.push(lineOnly(size, '(info) load the grouped table', '', ms(duck.loadMs), ms(pg.loadMs)));
  }
  const lines = results.map((r) => {
    const s = r.stats;
    const agreement = [...r.engines, { name: 'the prototype', ...r.prototype }]
      .map(
        (e) =>
          `${e.name} ${count(e.compared)} figures, ${e.mismatches.length ? `${e.mismatches.length} MISMATCHES` : 'all equal to the cent'}`,
      )
      .join('; ');
    return (
      `${count(r.size)}: ${count(r.records)} records → ${count(s.groups)} groups (${count(s.inScope)} in scope, ${count(s.duplicatesRemoved)} duplicates removed, ` +
      `${count(s.conflicts)} conflicts, ${count(s.possibleDuplicates)} possible-duplicate clusters); generated in ${ms(r.ours.generate)}\n` +
      `  agreement with ours: ${agreement}`
    );
  });
  const versions = results[0]?.engines.map((e) => e.version).join('; ') ?? '';
  process.stdout.write(
    `\nMetrics benchmark: ${PARTNERSHIPS} partnerships × ${QUARTERS} quarters, medians of warm runs; references over the same deal groups\n\n` +
      `${formatTable(rows)}\n\n${lines.join('\n')}\n${versions}\n`,
  );
}

async function main() {
  const [started, cpu, load] = [now(), process.cpuUsage(), loadavg()[0]];
  const results: SizeResult[] = [];
  for (const size of sizes) results.push(await runSize(size));
  report(results);
  const used = process.cpuUsage(cpu);
  // Well below the wall time (the SQL servers' share aside), something else was using the machine: run again.
  process.stdout.write(
    `This process: ${ms((used.user + used.system) / 1000)} of CPU in ${ms(now() - started)}; load average ${load.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end (${cpus().length} cores)\n`,
  );
  const mismatches = results.flatMap((r) => [
    ...r.engines.flatMap((e) => e.mismatches),
    ...r.prototype.mismatches,
  ]);
  if (mismatches.length) {
    process.stderr.write(
      `\nbench:metrics: ${mismatches.length} figures disagree; the first ones:\n${mismatches.slice(0, 20).join('\n')}\n`,
    );
    process.exitCode = 1;
  }
  if (sink === 42) say('');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:metrics failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
