import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connect, type Database } from '../src/database/database.js';

export interface BenchDatabase extends Database {
  name: string;
}

/**
 * A fresh database on a real PostgreSQL server for one bench run, migrated,
 * and dropped on close: the bench never touches the data of a real install.
 */
export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `alignboard_bench_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, (admin) => admin.query(`create database "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    const database = await connect(url.toString(), null, true, 10);
    return {
      ...database,
      name,
      async close() {
        await database.close();
        await dropDatabase(serverUrl, name);
      },
    };
  } catch (error) {
    await dropDatabase(serverUrl, name);
    throw error;
  }
}

async function dropDatabase(serverUrl: string, name: string) {
  await withAdmin(serverUrl, (admin) => admin.query(`drop database if exists "${name}" with (force)`));
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
