import type { DataSource } from 'typeorm';
import { ConfigError, type Env } from '../config/env.js';
import { createDataSource } from './data-source.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';

/** DATABASE_URL names a server that cannot be reached or will not let us in: one line saying which. */
export class DatabaseConnectionError extends ConfigError {}

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
    try {
      await dataSource.initialize();
    } catch (error) {
      // The embedded database's URL is ours: only a URL the operator gave is theirs to fix.
      throw embedded ? error : connectionFailure(error, url);
    }
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

/**
 * What the driver's error means for the URL: DNS, TCP or the server's refusal
 * (https://www.postgresql.org/docs/current/errcodes-appendix.html: 3D000
 * invalid_catalog_name, 28P01 invalid_password, 28000 invalid_authorization_specification).
 */
function connectionFailure(error: unknown, url: string): Error {
  const cause = driverErrorOf(error);
  const parsed = new URL(url);
  const host = parsed.hostname;
  const address = `${host}:${parsed.port || '5432'}`;
  const user = decodeURIComponent(parsed.username) || 'postgres';
  const database = decodeURIComponent(parsed.pathname.slice(1)) || user;
  let problem: string;
  switch (cause?.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      problem = `host "${host}" not found`;
      break;
    case 'ECONNREFUSED':
      problem = `connection refused at ${address}; is PostgreSQL running there?`;
      break;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      problem = `no answer from ${address}`;
      break;
    case '3D000':
      problem = `database "${database}" does not exist`;
      break;
    case '28P01':
    case '28000':
      problem = `authentication failed for user "${user}"`;
      break;
    default:
      problem = `cannot connect: ${firstLine(cause?.message ?? String(error))}`;
  }
  return new DatabaseConnectionError(`DATABASE_URL (${redactedUrl(parsed)}): ${problem}`);
}

function driverErrorOf(error: unknown): { code?: string; message?: string } | undefined {
  let current = error as { code?: string; message?: string; cause?: unknown; driverError?: unknown } | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === 'string') return current;
    current = (current.driverError ?? current.cause) as typeof current;
  }
  return error as { message?: string } | undefined;
}

function redactedUrl(url: URL): string {
  const shown = new URL(url.toString());
  if (shown.password) shown.password = '***';
  for (const key of [...shown.searchParams.keys()]) {
    if (/pass|secret|key|token/i.test(key)) shown.searchParams.set(key, '***');
  }
  return shown.toString();
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}
