import type { INestApplication } from '@nestjs/common';
import type { SideKey, TokenRole } from '@alignboard/contracts';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import supertest from 'supertest';
import { createApp } from '../src/app/create-app.js';
import { TokenService } from '../src/auth/token.service.js';
import { cliActor } from '../src/auth/principal.js';
import type { Clock } from '../src/clock/clock.js';
import { loadEnv } from '../src/config/env.js';
import { createLogger } from '../src/logging/logger.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/** Every log line the app wrote, to assert on (for example, that no secret leaked). */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get text() {
    return this.lines.join('\n');
  }
}

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof supertest>;
  db: TestDatabase;
  logs: LogCapture;
  secretKey: Buffer;
  /** Creates a user (if needed) and an API token for them; returns the bearer value. */
  token(options: { email: string; role: TokenRole; partnership?: string; side?: SideKey }): Promise<string>;
  close(): Promise<void>;
}

/** `clock`: the product's clock for this app (default: ALIGNBOARD_CLOCK, else the system's, as in production). */
export async function createTestApp(options: { clock?: Clock } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const logs = new LogCapture();
  const secretKey = randomBytes(32);
  const env = loadEnv({ NODE_ENV: 'test', LOG_LEVEL: 'info', ALIGNBOARD_SECRET_KEY: secretKey.toString('hex') });
  const logger = createLogger(env, logs);
  const app = await createApp({ env, database: db, secretKey, logger, clock: options.clock });
  const tokens = app.get(TokenService);
  return {
    app,
    http: supertest(app.getHttpServer()),
    db,
    logs,
    secretKey,
    async token({ email, role, partnership, side }) {
      const created = await tokens.create({ email, role, partnershipKey: partnership, side }, cliActor('test'));
      return created.token;
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}
