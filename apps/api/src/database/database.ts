import type { DataSource } from 'typeorm';
import type { Env } from '../config/env.js';
import { createDataSource } from './data-source.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';

export interface Database {
  dataSource: DataSource;
  /** `embedded` when PGlite serves it, `postgres` for DATABASE_URL. */
  kind: 'embedded' | 'postgres';
  close(): Promise<void>;
}

/**
 * Opens the database the environment names (DATABASE_URL, else the embedded
 * one in ALIGNBOARD_DATA_DIR) and brings its schema up to date: the same
 * migrations run on both, at every start.
 */
export async function openDatabase(env: Env, options: { migrate?: boolean } = {}): Promise<Database> {
  let embedded: EmbeddedPostgres | null = null;
  let url = env.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: env.ALIGNBOARD_DATA_DIR });
    url = embedded.url;
  }
  return connect(url, embedded, options.migrate ?? true, embedded ? 1 : env.ALIGNBOARD_DB_POOL_SIZE);
}

export async function connect(
  url: string,
  embedded: EmbeddedPostgres | null,
  migrate: boolean,
  poolSize: number,
): Promise<Database> {
  const dataSource = createDataSource({ url, poolSize });
  try {
    await dataSource.initialize();
    if (migrate) await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    kind: embedded ? 'embedded' : 'postgres',
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
