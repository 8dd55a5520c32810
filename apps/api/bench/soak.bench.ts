/**
 * `npm run bench:soak`: the virtual-time soak at a size `npm test` cannot
 * afford, on PostgreSQL: sixty virtual days of activity in both simulated
 * CRMs, syncs every few virtual hours with skewed clocks, search lag, late
 * commits and crashes, a reconciliation each night, and after each day every
 * figure of every quarter and every stored record compared with a fresh full
 * sync of the same CRM state into a second database. Prints each day and a
 * summary: the differences (target 0, PASS/MISS) and the night's
 * reconciliation against the fresh full sync measured the same night.
 *
 *   ALIGNBOARD_BENCH_DATABASE_URL  server the two scratch databases are created on
 *                                  (default postgres://postgres@127.0.0.1:5432/test)
 *   ALIGNBOARD_SOAK_DAYS           virtual days (default 60)
 *   ALIGNBOARD_SOAK_PER_SIDE       opportunities per side at the start (default 1000)
 *   ALIGNBOARD_SOAK_EDITS          CRM edits per side per day (default 60)
 *   ALIGNBOARD_SOAK_SEED           the run's seed (default 2026)
 */
import { SyncService } from '../src/sync/sync.service.js';
import { startBenchApp } from './bench-app.js';
import { runSoak } from './soak/soak.js';
import { exampleFile, exampleValues, type SyncedStore, type TwoCrms } from './soak/two-crms.js';
import { formatTable, percent, seconds } from './table.js';

const serverUrl = process.env.ALIGNBOARD_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const days = Number(process.env.ALIGNBOARD_SOAK_DAYS || 60);
const perSide = Number(process.env.ALIGNBOARD_SOAK_PER_SIDE || 1000);
const editsPerDay = Number(process.env.ALIGNBOARD_SOAK_EDITS || 60);
const seed = Number(process.env.ALIGNBOARD_SOAK_SEED || 2026);
const say = (line: string) => process.stderr.write(`bench:soak: ${line}\n`);

async function openStore(crms: TwoCrms): Promise<SyncedStore> {
  const bench = await startBenchApp(serverUrl, { salesforceUrl: crms.salesforce.url, hubspotUrl: crms.hubspot.url }, exampleFile, exampleValues);
  const [p] = await bench.database.dataSource.query<{ id: string }[]>(`select id from partnerships where key = 'cobalt-northgate'`);
  return { dataSource: bench.database.dataSource, partnershipId: p.id, connections: bench.connections, sync: bench.app.get(SyncService), close: bench.close };
}

async function main() {
  say(`${days} virtual days, ${perSide.toLocaleString('en-US')} opportunities per side, ${editsPerDay} edits per side per day, seed ${seed}…`);
  const started = performance.now();
  const results = await runSoak({ days, perSide, editsPerDay, seed, startDay: '2026-12-01T00:00:00.000Z', openStore, log: say });
  const total = (pick: (d: (typeof results)[number]) => number) => results.reduce((n, d) => n + pick(d), 0);
  const figureDiffs = total((d) => d.figureDifferences.length);
  const recordDiffs = total((d) => d.recordDifferences.length);
  const reconcileMs = total((d) => d.timings.reconciliation);
  const freshMs = total((d) => d.timings.freshSync);
  const mark = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  const rows = [
    ['measure', 'figure', 'target', 'vs reference', 'result'],
    ['figures compared (every quarter, every day)', total((d) => d.figuresCompared).toLocaleString('en-US'), '', '', ''],
    ['figures that differ from a fresh full sync', String(figureDiffs), '0', '', mark(figureDiffs === 0)],
    ['stored records compared (every day)', total((d) => d.recordsCompared).toLocaleString('en-US'), '', '', ''],
    ['stored records that differ', String(recordDiffs), '0', '', mark(recordDiffs === 0)],
    ['CRM edits (late or lagged)', `${total((d) => d.edits.A + d.edits.B).toLocaleString('en-US')} (${total((d) => d.hazards)})`, '', '', ''],
    ['incremental syncs (crashed)', `${total((d) => d.syncs)} (${total((d) => d.crashes)})`, '', '', ''],
    ['records healed by the nightly reconciliations', String(total((d) => d.healed.A + d.healed.B)), '', '', ''],
    ['nightly reconciliations, both sides, all nights', seconds(reconcileMs), '', `${percent(reconcileMs / freshMs)} of full`, ''],
    ['REFERENCE: fresh full sync, both sides, all nights', seconds(freshMs), '', '100.0%', ''],
    ['incremental syncs, all days', seconds(total((d) => d.timings.syncs)), '', `${percent(total((d) => d.timings.syncs) / freshMs)} of full`, ''],
  ];
  process.stdout.write(
    `\nSoak: ${days} virtual days from 2026-12-01, ${perSide.toLocaleString('en-US')} opportunities per side to start, PostgreSQL; ` +
      `${seconds(performance.now() - started)} in all\n\n${formatTable(rows)}\n`,
  );
  if (figureDiffs || recordDiffs) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:soak failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
