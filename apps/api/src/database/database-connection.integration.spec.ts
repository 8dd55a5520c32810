import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../config/env.js';
import { DatabaseConnectionError, openDatabase } from './database.js';

/**
 * A DATABASE_URL that cannot be used is the operator's to fix: one line that
 * says what is wrong with it (never the driver's stack), the password hidden.
 * The refusals a server makes (no such database, no such user or a wrong
 * password) come from the PostgreSQL of CI's second pass when it is there, and
 * otherwise from a listener that answers the start-up message with the
 * ErrorResponse PostgreSQL sends (PGlite accepts any database and user).
 */
describe('openDatabase with a DATABASE_URL it cannot use', () => {
  const server = process.env.ALIGNBOARD_TEST_DATABASE_URL ? new URL(process.env.ALIGNBOARD_TEST_DATABASE_URL) : null;
  let refusing: Server | null = null;
  let refusingPort = 0;

  beforeAll(async () => {
    if (server) return;
    refusing = createServer((socket) =>
      socket.once('data', (startup) => {
        const params = startup.subarray(8).toString('utf8').split('\0');
        const user = params[params.indexOf('user') + 1];
        const database = params[params.indexOf('database') + 1];
        socket.end(
          database === 'nosuchdb'
            ? errorResponse('3D000', `database "${database}" does not exist`)
            : errorResponse('28P01', `password authentication failed for user "${user}"`),
        );
      }),
    );
    await new Promise<void>((resolve) => refusing!.listen(0, '127.0.0.1', resolve));
    refusingPort = (refusing.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => (refusing ? refusing.close(() => resolve()) : resolve())));

  const failure = async (url: string) => {
    const attempt = openDatabase(loadEnv({ DATABASE_URL: url, ALIGNBOARD_SECRET_KEY: 'ab'.repeat(32) }));
    const error = await attempt.then(
      () => new Error('it connected'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseConnectionError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).not.toContain('s3cret');
    return message;
  };
  const atServer = (user: string, database: string) =>
    server
      ? `postgres://${user}:s3cret@${server.host}/${database}`
      : `postgres://${user}:s3cret@127.0.0.1:${refusingPort}/${database}`;

  it('names a host that is not found', async () => {
    expect(await failure('postgres://app:s3cret@db.invalid:5432/app?application_name=x&password=s3cret')).toBe(
      'DATABASE_URL (postgres://app:***@db.invalid:5432/app?application_name=x&password=***): host "db.invalid" not found',
    );
  });

  it('names the address that refused the connection', async () => {
    const port = await closedPort();
    expect(await failure(`postgres://app:s3cret@127.0.0.1:${port}/app`)).toBe(
      `DATABASE_URL (postgres://app:***@127.0.0.1:${port}/app): connection refused at 127.0.0.1:${port}; is PostgreSQL running there?`,
    );
  });

  it('names a database that does not exist', async () => {
    const user = server ? decodeURIComponent(server.username) : 'app';
    expect(await failure(atServer(user, 'nosuchdb'))).toMatch(/^DATABASE_URL \(.*:\*\*\*@.*\/nosuchdb\): database "nosuchdb" does not exist$/);
  });

  it('names the user the server would not let in', async () => {
    expect(await failure(atServer('nosuchuser', server ? server.pathname.slice(1) : 'app'))).toMatch(
      /^DATABASE_URL \(postgres:\/\/nosuchuser:\*\*\*@.*\): authentication failed for user "nosuchuser"$/,
    );
  });
});

/** What PostgreSQL sends when it refuses a start-up: severity, code and message. */
function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`, 'utf8');
  const head = Buffer.alloc(5);
  head.write('E', 0);
  head.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([head, fields]);
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
