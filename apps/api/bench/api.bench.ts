/**
 * `npm run bench:api`: the HTTP API under load, on the demo dataset (the
 * demo's own seed and first sync through the real CRM clients), on the
 * embedded database and on a fresh PostgreSQL database, with `/api/health`
 * (no token, no database) measured in the same run as the reference.
 *
 * For each of `metrics`, `metrics/trend` and `groups` (as side A's member,
 * the demo's login, so the sharing rule runs): 50 concurrent clients, then
 * one client, each for ALIGNBOARD_BENCH_API_SECONDS. Prints req/s, p50 and
 * p99, the ratio to `/api/health`, and PASS/MISS against issue #14's
 * targets (≥ 2,000 req/s and p99 ≤ 25 ms with 50 clients, p50 ≤ 2 ms with
 * one). Exits 1 if any answer is not a 200; a MISS is reported, not fatal.
 * docs/benchmarks.md keeps the latest figures.
 *
 *   ALIGNBOARD_BENCH_API_DATABASES   embedded,postgres (default both)
 *   ALIGNBOARD_BENCH_API_SECONDS     per measurement (default 5)
 *   ALIGNBOARD_BENCH_API_PARTNERSHIPS, ALIGNBOARD_BENCH_API_PER_SIDE
 *                                    the large run: that many copies of the
 *                                    example partnership on one pair of
 *                                    simulated CRMs with that many records a
 *                                    side (e.g. 50 and 10000: 50 × 20,000),
 *                                    requests spread over all of them
 *   ALIGNBOARD_BENCH_DATABASE_URL    server the scratch database is created on
 *                                    (default postgres://postgres@127.0.0.1:5432/test)
 */
import 'reflect-metadata';
import { quarterOf, shiftQuarter } from '@alignboard/metrics';
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { cliActor } from '../src/auth/principal.js';
import { TokenService } from '../src/auth/token.service.js';
import { createApp } from '../src/app/create-app.js';
import { startDemoCrms, type DemoCrms } from '../src/cli/demo/demo-crms.js';
import { seedDemo } from '../src/cli/demo/seed-demo.js';
import { CLOCK, type Clock } from '../src/clock/clock.js';
import { loadEnv } from '../src/config/env.js';
import { projectRoot } from '../src/config/paths.js';
import { connect, type Database } from '../src/database/database.js';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { createLogger } from '../src/logging/logger.js';
import { ApplyPartnershipService } from '../src/partnership-file/apply-partnership.service.js';
import { parsePartnershipFile } from '../src/partnership-file/partnership-file.loader.js';
import { SyncService } from '../src/sync/sync.service.js';
import { createBenchDatabase } from './bench-database.js';
import { formatTable } from './table.js';

const serverUrl = process.env.ALIGNBOARD_BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const kinds = (process.env.ALIGNBOARD_BENCH_API_DATABASES || 'embedded,postgres').split(',').map((s) => s.trim()) as ('embedded' | 'postgres')[];
const seconds = Number(process.env.ALIGNBOARD_BENCH_API_SECONDS || 5);
const copies = Number(process.env.ALIGNBOARD_BENCH_API_PARTNERSHIPS || 0);
const perSide = Number(process.env.ALIGNBOARD_BENCH_API_PER_SIDE || 0);
const targets = { requestsPerSecond: 2_000, p99Ms: 25, oneClientP50Ms: 2 };
const say = (line: string) => process.stderr.write(`bench:api: ${line}\n`);

interface Seeded {
  token: string;
  keys: string[];
  quarter: string;
  records: number;
}

interface Measured {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  oneP50: number;
}

async function openDatabase(kind: 'embedded' | 'postgres'): Promise<Database> {
  if (kind === 'postgres') return createBenchDatabase(serverUrl);
  const embedded = await startEmbeddedPostgres({ dataDir: null });
  return connect(embedded.url, embedded, true, 1);
}

/** The demo as `alignboard demo` seeds it, or the large run's copies of the example partnership. */
async function seed(app: Awaited<ReturnType<typeof createApp>>, crmsOut: DemoCrms[]): Promise<Seeded> {
  const clock = app.get<Clock>(CLOCK);
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const sync = async (key: string) => {
    const [{ id }] = await dataSource.query<{ id: string }[]>(`select id from partnerships where key = $1`, [key]);
    const outcomes = await app.get(SyncService).syncPartnership(id, { trigger: 'cli', connector: { now: () => clock.now() } });
    if (outcomes.some((o) => o.status !== 'succeeded')) throw new Error(`sync of ${key}: ${outcomes.map((o) => `${o.side} ${o.status} ${o.message ?? ''}`).join(', ')}`);
  };
  let token: string;
  let keys: string[];
  if (!copies) {
    const login = await seedDemo(app);
    crmsOut.push(login.crms);
    await sync(login.partnershipKey);
    ({ token } = login);
    keys = [login.partnershipKey];
  } else {
    const examples = join(projectRoot(), 'examples');
    const values = parseEnv(readFileSync(join(examples, 'cobalt-northgate.env.example'), 'utf8')) as Record<string, string>;
    const crms = await startDemoCrms(values, { clock, perSide: perSide || undefined });
    crmsOut.push(crms);
    const text = readFileSync(join(examples, 'cobalt-northgate.yaml'), 'utf8');
    keys = [];
    for (let i = 0; i < copies; i++) {
      const definition = parsePartnershipFile(text, { ...values, SF_LOGIN_URL: crms.salesforceUrl, HUBSPOT_BASE_PATH: crms.hubspotUrl });
      const key = `${definition.key}-${i + 1}`;
      await app.get(ApplyPartnershipService).apply({ ...definition, key, name: `${definition.name} ${i + 1}` }, cliActor('bench'));
      await sync(key);
      keys.push(key);
      if ((i + 1) % 10 === 0) say(`seeded ${i + 1} of ${copies} partnerships`);
    }
    ({ token } = await app.get(TokenService).create({ email: 'bench@alignboard.test', role: 'admin', label: 'bench' }, cliActor('bench')));
  }
  const [p] = await dataSource.query<{ m: number; n: 'start' | 'end' }[]>(
    `select fiscal_year_start_month as m, fiscal_year_named_by as n from partnerships where key = $1`,
    [keys[0]],
  );
  const [{ records }] = await dataSource.query<{ records: number }[]>(`select count(*)::int as records from opportunities`);
  return { token, keys, quarter: quarterOf(clock.now().getTime(), { startMonth: p.m, namedBy: p.n }), records };
}

async function load(url: string, paths: string[], token: string | null, connections: number): Promise<autocannon.Result> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  if (result.non2xx || result.errors || result.timeouts) throw new Error(`${paths[0]}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  return result;
}

async function measure(url: string, paths: string[], token: string | null): Promise<Measured> {
  await load(url, paths, token, 4); // warm: every partnership read once, the JIT settled
  const many = await load(url, paths, token, 50);
  const one = await load(url, paths, token, 1);
  return { requestsPerSecond: many.requests.average, p50: many.latency.p50, p99: many.latency.p99, oneP50: one.latency.p50 };
}

async function benchOn(kind: 'embedded' | 'postgres'): Promise<string[][]> {
  const database = await openDatabase(kind);
  const env = loadEnv({ NODE_ENV: 'production', LOG_LEVEL: 'warn', ALIGNBOARD_SECRET_KEY: randomBytes(32).toString('hex') });
  const logger = createLogger(env, process.stderr);
  const crms: DemoCrms[] = [];
  const app = await createApp({ env, database, secretKey: randomBytes(32), logger, scheduling: false });
  try {
    await app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    say(`${kind}: seeding`);
    const seeded = await seed(app, crms);
    say(`${kind}: ${seeded.records.toLocaleString('en-US')} records in ${seeded.keys.length} partnership(s); measuring ${seconds} s per run`);
    const q = seeded.quarter;
    const on = (suffix: string) => seeded.keys.map((key) => `/api/partnerships/${key}/${suffix}`);
    const routes: [string, string[], string | null][] = [
      ['health', ['/api/health'], null],
      [`metrics?quarter=${q}`, on(`metrics?quarter=${q}`), seeded.token],
      [`metrics/trend?from=${shiftQuarter(q, -4)}&to=${q}`, on(`metrics/trend?from=${shiftQuarter(q, -4)}&to=${q}`), seeded.token],
      [`groups?quarter=${q}`, on(`groups?quarter=${q}`), seeded.token],
    ];
    const rows: string[][] = [];
    let health: Measured | undefined;
    for (const [name, paths, token] of routes) {
      const m = await measure(url, paths, token);
      health ??= m;
      const isHealth = m === health;
      const pass = (ok: boolean) => (isHealth ? '' : ok ? 'PASS' : 'MISS');
      rows.push([
        kind,
        name,
        `${Math.round(m.requestsPerSecond).toLocaleString('en-US')}/s`,
        isHealth ? '1.00×' : `${(m.requestsPerSecond / health.requestsPerSecond).toFixed(2)}×`,
        pass(m.requestsPerSecond >= targets.requestsPerSecond),
        `${m.p50} ms`,
        `${m.p99} ms`,
        pass(m.p99 <= targets.p99Ms),
        `${m.oneP50} ms`,
        pass(m.oneP50 <= targets.oneClientP50Ms),
      ]);
      say(rows.at(-1)!.join('  '));
    }
    return rows;
  } finally {
    await app.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    for (const c of crms) await c.stop().catch(() => undefined);
  }
}

const header = ['database', 'GET /api/partnerships/:key/…', '50 clients', 'vs health', '≥ 2,000/s', 'p50', 'p99', '≤ 25 ms', '1 client p50', '≤ 2 ms'];
const rows: string[][] = [header];
for (const kind of kinds) rows.push(...(await benchOn(kind)));
process.stdout.write(`${formatTable(rows)}\n`);
process.exit(0);
