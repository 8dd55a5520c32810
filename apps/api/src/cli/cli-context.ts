import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Logger } from 'pino';
import { AppModule, type AppContext } from '../app.module.js';
import { loadEnv, type Env } from '../config/env.js';
import { resolveSecretKey } from '../crypto/secret-key.js';
import { openDatabase } from '../database/database.js';
import { createLogger, PinoNestLogger } from '../logging/logger.js';

/** Everything a command needs before Nest exists: validated env, key, logger, database. */
export async function openAppContext(env: Env = loadEnv(), logger?: Logger): Promise<AppContext> {
  const log = logger ?? createLogger({ LOG_LEVEL: env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL }, process.stderr);
  const secretKey = resolveSecretKey(env);
  const database = await openDatabase(env);
  return { env, secretKey, logger: log, database };
}

/**
 * Runs a command against the application's services without serving HTTP:
 * the same modules, the same database, closed afterwards whatever happens.
 */
export async function withApplication<T>(work: (app: INestApplicationContext, context: AppContext) => Promise<T>): Promise<T> {
  const context = await openAppContext();
  let app: INestApplicationContext | undefined;
  try {
    app = await NestFactory.createApplicationContext(AppModule.forRoot(context), {
      logger: new PinoNestLogger(context.logger.child({ component: 'nest' })),
    });
    return await work(app, context);
  } finally {
    await app?.close();
    await context.database.close();
  }
}
