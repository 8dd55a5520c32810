/**
 * `npm run bench:sync`: a full sync of 50,000 opportunities per side from the
 * CRM simulators into PostgreSQL through the real clients and the real sync
 * engine, then an incremental sync after 1% of each side changed, and the
 * database's own bulk-load ceiling measured in the same run as the reference.
 * Prints figures, targets and PASS/MISS; exits 0 either way (a bench, not a test).
 *
 *   ALIGNBOARD_BENCH_DATABASE_URL  server to create the scratch database on
 *                                  (default postgres://postgres@127.0.0.1:5432/test)
 *   ALIGNBOARD_BENCH_PER_SIDE      opportunities per side (default 50000)
 */
import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { AppModule } from '../src/app.module.js';
import { cliActor } from '../src/auth/principal.js';
import { startDemoCrms } from '../src/cli/demo/demo-crms.js';
import { loadEnv } from '../src/config/env.js';
import { projectRoot } from '../src/config/paths.js';
import { createLogger, PinoNestLogger } from '../src/logging/logger.js';
import { ApplyPartnershipService } from '../src/partnership-file/apply-partnership.service.js';
import { parsePartnershipFile } from '../src/partnership-file/partnership-file.loader.js';
import { SyncService, type SyncOptions } from '../src/sync/sync.service.js';
import { createBenchDatabase } from './bench-database.js';
import { editShare } from './bench-crms.js';
import { bulkLoadCeiling } from './reference.js';
import { formatTable, percent, perSecond, seconds } from './table.js';

const serverUrl = process.env.ALIGNBOARD_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const perSide = Number(process.env.ALIGNBOARD_BENCH_PER_SIDE || 50_000);
const targets = { recordsPerSecond: 5_000, incrementalShare: 0.05 };
const changedShare = 0.01;

interface RunFigures {
  ms: number;
  fetched: number;
  upserted: number;
  apiCalls: number;
}

const pgTicks = () => {
  let total = 0;
  const fs = require('node:fs') as typeof import('node:fs');
  const pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch { /* gone */ }
  }
  return total;
};
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const say = (line: string) => process.stderr.write(`${line}\n`);

async function main() {
  const examples = join(projectRoot(), 'examples');
  const values = parseEnv(readFileSync(join(examples, 'cobalt-northgate.env'), 'utf8')) as Record<string, string>;
  const now = new Date(Date.now() - 3_600_000);

  say(`bench:sync: planning ${perSide.toLocaleString('en-US')} opportunities per side and starting the simulators…`);
  const crms = await startDemoCrms(values, { now, perSide, usualPorts: false });
  const database = await createBenchDatabase(serverUrl);
  const env = loadEnv({ NODE_ENV: 'production', LOG_LEVEL: 'warn', DATABASE_URL: serverUrl, ALIGNBOARD_SECRET_KEY: randomBytes(32).toString('hex') });
  const logger = createLogger(env, process.stderr);
  let app: INestApplicationContext | undefined;
  try {
    app = await NestFactory.createApplicationContext(
      AppModule.forRoot({ env, database, secretKey: Buffer.from(env.ALIGNBOARD_SECRET_KEY!, 'hex'), logger }),
      { logger: new PinoNestLogger(logger.child({ component: 'nest' })) },
    );
    const text = readFileSync(join(examples, 'cobalt-northgate.yaml'), 'utf8');
    await app.get(ApplyPartnershipService).apply(
      parsePartnershipFile(text, { ...values, SF_LOGIN_URL: crms.salesforce.url, HUBSPOT_BASE_PATH: crms.hubspot.url }),
      cliActor('bench'),
    );
    const sync = app.get(SyncService);
    const ds = database.dataSource;
    const connections = await ds.query<{ side: 'A' | 'B'; id: string }[]>(`select s.side, c.id from crm_connections c join sides s on s.id = c.side_id`);
    const connectionOf = Object.fromEntries(connections.map((r) => [r.side, r.id])) as Record<'A' | 'B', string>;

    const run = async (side: 'A' | 'B', label: string): Promise<RunFigures> => {
      say(`bench:sync: ${label} sync of side ${side}…`);
      const started = performance.now();
      const cpu0 = process.cpuUsage();
      const pg0 = pgTicks();
      const outcome = await sync.syncConnection(connectionOf[side], label === 'full' ? fullOptions : incrementalOptions);
      const ms = performance.now() - started;
      const cpu = process.cpuUsage(cpu0);
      say(`cpu: node ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms, postgres ${(pgTicks() - pg0) * 10} ms, wall ${ms.toFixed(0)} ms`);
      if (outcome.status !== 'succeeded') throw new Error(`the ${label} sync of side ${side} ended ${outcome.status}: ${outcome.message}`);
      const [row] = await ds.query<{ records_fetched: number; records_upserted: number; api_calls: number }[]>(
        `select records_fetched, records_upserted, api_calls from sync_runs where id = $1`,
        [outcome.runId],
      );
      return { ms, fetched: row.records_fetched, upserted: row.records_upserted, apiCalls: row.api_calls };
    };

    if (process.env.ONLY) {
      const inspector = await import('node:inspector/promises');
      const session = new inspector.Session();
      session.connect();
      if (process.env.PROF) { await session.post('Profiler.enable'); await session.post('Profiler.start'); }
      let r = await run(process.env.ONLY as 'A', 'full');
      if (process.env.INCR) { say(JSON.stringify(r)); editShare(crms, changedShare); if (process.env.PROF) { await session.post('Profiler.stop'); await session.post('Profiler.start'); } r = await run(process.env.ONLY as 'A', 'incremental'); }
      if (process.env.PROF) { const { profile } = await session.post('Profiler.stop'); (await import('node:fs')).writeFileSync(process.env.PROF, JSON.stringify(profile)); }
      say(JSON.stringify(r));
      return;
    }
    const full = { A: await run('A', 'full'), B: await run('B', 'full') };
    const edited = editShare(crms, changedShare);
    const incremental = { A: await run('A', 'incremental'), B: await run('B', 'incremental') };
    say('bench:sync: measuring the database’s bulk-load ceiling…');
    const reference = { A: await bulkLoadCeiling(ds, 'A'), B: await bulkLoadCeiling(ds, 'B') };

    const mark = (ok: boolean) => (ok ? 'PASS' : 'MISS');
    const rows: string[][] = [['measure', 'side', 'records', 'time', 'figure', 'target', 'vs reference', 'result']];
    for (const side of ['A', 'B'] as const) {
      const rate = full[side].fetched / (full[side].ms / 1000);
      rows.push([`full sync (${side === 'A' ? 'Salesforce' : 'HubSpot'})`, side, String(full[side].fetched), seconds(full[side].ms), perSecond(rate), `≥ ${perSecond(targets.recordsPerSecond)}`, `${percent(rate / reference[side].recordsPerSecond)} of ceiling`, mark(rate >= targets.recordsPerSecond)]);
    }
    for (const side of ['A', 'B'] as const) {
      const share = incremental[side].ms / full[side].ms;
      rows.push([`incremental, ${edited[side]} changed`, side, String(incremental[side].upserted), seconds(incremental[side].ms), `${percent(share)} of full`, `≤ ${percent(targets.incrementalShare)}`, '', mark(share <= targets.incrementalShare)]);
    }
    for (const side of ['A', 'B'] as const) {
      rows.push(['REFERENCE: one bulk INSERT', side, String(reference[side].rows), seconds((reference[side].rows / reference[side].recordsPerSecond) * 1000), perSecond(reference[side].recordsPerSecond), '', '100.0%', '']);
    }
    process.stdout.write(`\nSync benchmark: ${perSide.toLocaleString('en-US')} opportunities per side, simulators → PostgreSQL (${database.name})\n\n${formatTable(rows)}\n\n`);
    process.stdout.write(`API calls: full A ${full.A.apiCalls}, full B ${full.B.apiCalls}; incremental A ${incremental.A.apiCalls}, B ${incremental.B.apiCalls}\n`);
  } finally {
    await app?.close().catch(() => undefined);
    await database.close();
    await crms.stop();
  }
}

/**
 * The simulators answer at once and enforce no rate limits, so neither does
 * our limiter here: the bench times our code and the database, not a CRM's
 * request budget (docs/benchmarks.md says what the real limits mean).
 */
const fullOptions: SyncOptions = { trigger: 'cli', connector: { maxRequestsPerSecond: Infinity } };
/**
 * The edits are stamped with the real clock, and windows end a minute behind
 * `now` (indexing lag): the incremental run is timed as the next scheduled run
 * would see it, two minutes on.
 */
const incrementalOptions: SyncOptions = { trigger: 'cli', connector: { ...fullOptions.connector, now: () => new Date(Date.now() + 120_000) } };

main().catch((error: unknown) => {
  process.stderr.write(`bench:sync failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
