/**
 * DuckDB in this process (`@duckdb/node-api`, in-memory, its default thread
 * count): the grouped-deal table appended as data chunks, then the SQL of sql.ts.
 */
import {
  BOOLEAN,
  DOUBLE,
  DuckDBDataChunk,
  DuckDBInstance,
  INTEGER,
  SMALLINT,
  type DuckDBConnection,
  type DuckDBPreparedStatement,
  type DuckDBType,
} from '@duckdb/node-api';
import type { GroupedTable, QuarterDays } from './grouped-table.js';
import { allPartnershipQuarters, createTables, onePartnershipQuarter } from './sql.js';
import { now } from './timing.js';

export interface SqlReference {
  name: string;
  version: string;
  loadMs: number;
  /** (a): rows of `onePartnershipQuarter`. */
  one(
    partnership: number,
    startDay: number,
    endDay: number,
    startMs: number,
    endMs: number,
  ): Promise<unknown[][]>;
  /** (b): rows of `allPartnershipQuarters`. */
  all(): Promise<unknown[][]>;
  close(): Promise<void>;
}

const CHUNK = 2048;

export async function duckdbReference(
  groups: GroupedTable,
  days: QuarterDays,
): Promise<SqlReference> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const started = now();
  for (const sql of createTables(false)) await connection.run(sql);
  await append(
    connection,
    'deal_groups',
    [INTEGER, INTEGER, SMALLINT, DOUBLE, SMALLINT, SMALLINT, DOUBLE, INTEGER, BOOLEAN],
    groups.length,
    (i) => [
      groups.partnership[i],
      groups.closeDayNull[i] ? null : groups.closeDay[i],
      groups.categoryNull[i] ? null : groups.category[i],
      groups.amount[i],
      groups.attributionNull[i] ? null : groups.attribution[i],
      groups.motionNull[i] ? null : groups.motion[i],
      groups.createdNull[i] ? null : groups.createdMs[i],
      groups.memberCount[i],
      groups.inScope[i] === 1,
    ],
  );
  await append(connection, 'quarter_days', [INTEGER, INTEGER, SMALLINT], days.length, (i) => [
    days.partnership[i],
    days.day[i],
    days.quarter[i],
  ]);
  await connection.run('checkpoint');
  const loadMs = now() - started;
  const version = String((await connection.runAndReadAll('select version()')).getRows()[0][0]);
  const prepared: DuckDBPreparedStatement = await connection.prepare(onePartnershipQuarter);
  return {
    name: 'DuckDB',
    version: `DuckDB ${version}, ${String((await connection.runAndReadAll(`select current_setting('threads')`)).getRows()[0][0])} threads`,
    loadMs,
    async one(partnership, startDay, endDay, startMs, endMs) {
      prepared.bindInteger(1, partnership);
      prepared.bindInteger(2, startDay);
      prepared.bindInteger(3, endDay);
      prepared.bindDouble(4, startMs);
      prepared.bindDouble(5, endMs);
      return (await prepared.runAndReadAll()).getRows();
    },
    async all() {
      return (await connection.runAndReadAll(allPartnershipQuarters)).getRows();
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Appends rows a data chunk (2,048 rows) at a time, through the typed vectors. */
async function append(
  connection: DuckDBConnection,
  table: string,
  types: DuckDBType[],
  rows: number,
  row: (i: number) => (number | boolean | null)[],
) {
  const appender = await connection.createAppender(table);
  const chunk = DuckDBDataChunk.create(types, CHUNK);
  for (let at = 0; at < rows; at += CHUNK) {
    const length = Math.min(CHUNK, rows - at);
    chunk.rowCount = length;
    const vectors = types.map(
      (_, c) =>
        chunk.getColumnVector(c) as unknown as {
          setItem(i: number, v: unknown): void;
          flush(): void;
        },
    );
    for (let i = 0; i < length; i++) {
      const values = row(at + i);
      for (let c = 0; c < values.length; c++) vectors[c].setItem(i, values[c]);
    }
    for (const v of vectors) v.flush();
    appender.appendDataChunk(chunk);
  }
  appender.flushSync();
  appender.closeSync();
}
