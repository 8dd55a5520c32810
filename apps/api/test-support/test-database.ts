import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { connect, type Database } from '../src/database/database.js';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { pgliteTemplatePath } from './pglite-template.js';

export interface TestDatabase extends Database {
  url: string;
}

/**
 * A fresh, private database for one test file: on the PostgreSQL server named
 * by ALIGNBOARD_TEST_DATABASE_URL when set (CI's second pass), else an
 * in-memory PGlite started from a template cluster. Dropped on close.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  const serverUrl = process.env.ALIGNBOARD_TEST_DATABASE_URL;
  if (!serverUrl) {
    const template = new Blob([readFileSync(pgliteTemplatePath())]);
    const embedded = await startEmbeddedPostgres({ dataDir: null, loadDataDir: template });
    const database = await connect(embedded.url, embedded, migrate, 1);
    return { ...database, url: embedded.url };
  }

  const name = `alignboard_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, (admin) => admin.query(`create database "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await connect(url.toString(), null, migrate, 5);
  return {
    ...database,
    url: url.toString(),
    async close() {
      await database.close();
      await withAdmin(serverUrl, (admin) => admin.query(`drop database if exists "${name}" with (force)`));
    },
  };
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
