import type { INestApplicationContext, Type } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { AppContext } from '../app.module.js';
import { loadEnv, type Env } from '../config/env.js';
import { resolveSecretKey } from '../crypto/secret-key.js';
import { openDatabase } from '../database/database.js';
import { createLogger, PinoNestLogger } from '../logging/logger.js';
import { Partnership } from '../partnerships/entities/partnership.entity.js';
import { CliError } from './cli-errors.js';

/** Everything a command needs before Nest exists: validated env, key, logger, database. */
export async function openAppContext(env: Env = loadEnv(), logger?: Logger): Promise<AppContext> {
  const log = logger ?? createLogger({ LOG_LEVEL: env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL }, process.stderr);
  const secretKey = resolveSecretKey(env);
  const database = await openDatabase(env);
  return { env, secretKey, logger: log, database };
}

/**
 * Runs a command against the application's services without serving HTTP,
 * the database closed afterwards whatever happens. With `features`, only
 * those modules start (`CommandModule`); without, the whole application
 * does, for commands whose services need its job engine.
 */
export async function withApplication<T>(
  work: (app: INestApplicationContext, context: AppContext) => Promise<T>,
  features?: Type[],
): Promise<T> {
  const context = await openAppContext();
  let app: INestApplicationContext | undefined;
  try {
    // Nest and the modules load here, after the env and the database said yes: a mistake there costs no boot.
    const [{ NestFactory }, root] = await Promise.all([import('@nestjs/core'), rootModule(context, features)]);
    app = await NestFactory.createApplicationContext(root, {
      logger: new PinoNestLogger(context.logger.child({ component: 'nest' })),
    });
    return await work(app, context);
  } finally {
    await app?.close();
    await context.database.close();
  }
}

async function rootModule(context: AppContext, features: Type[] | undefined) {
  if (features) return (await import('./command-module.js')).CommandModule.forCommand(context, features);
  return (await import('../app.module.js')).AppModule.forRoot(context);
}

/** The partnership `--partnership KEY` names, or the CLI's one-line error. */
export async function partnershipByKey(app: INestApplicationContext, key: string): Promise<Partnership> {
  const partnership = await app.get<DataSource>(getDataSourceToken()).getRepository(Partnership).findOneBy({ key });
  if (!partnership) throw new CliError(`no partnership with key ${key}`);
  return partnership;
}
