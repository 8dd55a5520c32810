/**
 * PostgreSQL on the local server: a scratch database created for the run and
 * dropped after it; the grouped-deal table loaded with `insert … select from
 * unnest($1::int[], …)` in chunks of 50,000, arrays sent as literals (no COPY client is installed), indexed for
 * the one-partnership query, vacuumed and analyzed; then the SQL of sql.ts.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { SqlReference } from './duckdb-reference.js';
import type { GroupedTable, QuarterDays } from './grouped-table.js';
import {
  allPartnershipQuarters,
  createTables,
  groupColumns,
  onePartnershipQuarter,
} from './sql.js';
import { now } from './timing.js';

const CHUNK = 50_000;

export async function postgresReference(
  serverUrl: string,
  groups: GroupedTable,
  days: QuarterDays,
  progress: (line: string) => void,
): Promise<SqlReference> {
  const name = `alignboard_bench_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, (admin) => admin.query(`create database "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  const drop = async () => {
    await client.end().catch(() => undefined);
    await withAdmin(serverUrl, (admin) =>
      admin.query(`drop database if exists "${name}" with (force)`),
    );
  };
  try {
    await client.connect();
    // Room for the hash tables of the full group-by; the server's other settings (parallel workers, JIT) are its own.
    await client.query(`set work_mem = '64MB'`);
    const started = now();
    for (const sql of createTables(true)) await client.query(sql);
    for (let at = 0; at < groups.length; at += CHUNK) {
      const to = Math.min(groups.length, at + CHUNK);
      const g = groups;
      await client.query(
        `insert into deal_groups (${groupColumns.join(', ')})
         select * from unnest($1::int[], $2::int[], $3::smallint[], $4::float8[], $5::smallint[], $6::smallint[], $7::float8[], $8::int[], $9::bool[])`,
        [
          arrayLiteral(g.partnership, null, at, to),
          arrayLiteral(g.closeDay, g.closeDayNull, at, to),
          arrayLiteral(g.category, g.categoryNull, at, to),
          arrayLiteral(g.amount, null, at, to),
          arrayLiteral(g.attribution, g.attributionNull, at, to),
          arrayLiteral(g.motion, g.motionNull, at, to),
          arrayLiteral(g.createdMs, g.createdNull, at, to),
          arrayLiteral(g.memberCount, null, at, to),
          `{${Array.from(g.inScope.subarray(at, to), (v) => (v ? 't' : 'f')).join(',')}}`,
        ],
      );
      if (Math.floor(to / 1_000_000) > Math.floor(at / 1_000_000))
        progress(`  PostgreSQL: ${to.toLocaleString('en-US')} groups loaded`);
    }
    await client.query(
      `insert into quarter_days select * from unnest($1::int[], $2::int[], $3::smallint[])`,
      [
        arrayLiteral(days.partnership, null, 0, days.length),
        arrayLiteral(days.day, null, 0, days.length),
        arrayLiteral(days.quarter, null, 0, days.length),
      ],
    );
    await client.query(`create index on deal_groups (partnership, close_day)`);
    await client.query(`create index on deal_groups (partnership, created_ms)`);
    await client.query(`create unique index on quarter_days (partnership, day)`);
    await client.query(`vacuum analyze deal_groups`);
    await client.query(`vacuum analyze quarter_days`);
    const loadMs = now() - started;
    const setting = async (s: string) =>
      (await client.query<{ v: string }>(`select current_setting('${s}') as v`)).rows[0].v;
    const version = `PostgreSQL ${await setting('server_version')}, ${await setting('max_parallel_workers_per_gather')} parallel workers per gather, jit ${await setting('jit')}, work_mem ${await setting('work_mem')}`;
    return {
      name: 'PostgreSQL',
      version,
      loadMs,
      async one(partnership, startDay, endDay, startMs, endMs) {
        const result = await client.query({
          name: 'one_partnership_quarter',
          text: onePartnershipQuarter,
          values: [partnership, startDay, endDay, startMs, endMs],
          rowMode: 'array',
        });
        return result.rows as unknown[][];
      },
      async all() {
        return (await client.query({ text: allPartnershipQuarters, rowMode: 'array' }))
          .rows as unknown[][];
      },
      close: drop,
    };
  } catch (error) {
    await drop();
    throw error;
  }
}

/** A PostgreSQL array literal of `values[from, to)`, NULL where `nulls` says so (parsed by the server, not by the client library). */
function arrayLiteral(
  values: Int32Array | Int16Array | Float64Array,
  nulls: Uint8Array | null,
  from: number,
  to: number,
): string {
  const slice = values.subarray(from, to);
  if (!nulls) return `{${slice.join(',')}}`;
  const isNull = nulls.subarray(from, to);
  return `{${Array.from(slice, (v, i) => (isNull[i] ? 'NULL' : String(v))).join(',')}}`;
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
