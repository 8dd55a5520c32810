import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export class EmbeddedDatabaseInUseError extends Error {
  override readonly name = 'EmbeddedDatabaseInUseError';
}

/**
 * PGlite behind its PostgreSQL wire-protocol server on loopback, so the app
 * talks to it through `pg` exactly as it talks to a real server: one code path.
 * PGlite is single-session, hence one connection and a lock file that keeps a
 * second process (say `alignboard apply` while `serve` runs) from opening it.
 *
 * `dataDir: null` keeps the database in memory (tests); `loadDataDir` starts
 * from a dump, which is several times faster than creating a cluster.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string | null;
  loadDataDir?: Blob;
}): Promise<EmbeddedPostgres> {
  const pgDir = options.dataDir ? resolve(options.dataDir, 'pgdata') : null;
  const releaseLock = pgDir ? acquireLock(pgDir) : () => undefined;
  try {
    if (pgDir) mkdirSync(pgDir, { recursive: true });
    // Loaded only here: a process on DATABASE_URL never pays for the WASM build of PostgreSQL.
    const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([import('@electric-sql/pglite'), import('@electric-sql/pglite-socket')]);
    const db = await PGlite.create({ dataDir: pgDir ?? undefined, loadDataDir: options.loadDataDir });
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
    await server.start();
    return {
      url: `postgres://postgres@${server.getServerConn()}/postgres`,
      async stop() {
        await server.stop();
        await db.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

function acquireLock(pgDir: string): () => void {
  const lockFile = join(pgDir, '..', 'pgdata.lock');
  mkdirSync(join(pgDir, '..'), { recursive: true });
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new EmbeddedDatabaseInUseError(
        `The embedded database in ${resolve(pgDir, '..')} is open in process ${pid}. ` +
          'Stop that process (for example `alignboard serve`) or point DATABASE_URL at PostgreSQL.',
      );
    }
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
