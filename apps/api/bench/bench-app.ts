import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import type { DemoCrms } from '../src/cli/demo/demo-crms.js';
import { AppModule } from '../src/app.module.js';
import { cliActor } from '../src/auth/principal.js';
import { loadEnv } from '../src/config/env.js';
import { createLogger, PinoNestLogger } from '../src/logging/logger.js';
import { ApplyPartnershipService } from '../src/partnership-file/apply-partnership.service.js';
import { parsePartnershipFile } from '../src/partnership-file/partnership-file.loader.js';
import { createBenchDatabase, type BenchDatabase } from './bench-database.js';

export interface BenchApp {
  app: INestApplicationContext;
  database: BenchDatabase;
  /** The example partnership's CRM connection ids by side. */
  connections: Record<'A' | 'B', string>;
  close(): Promise<void>;
}

/**
 * The application's services without HTTP, as the CLI's `withApplication`
 * starts them, on a scratch database, with the example partnership applied
 * and pointed at the simulated CRMs.
 */
export async function startBenchApp(serverUrl: string, crms: Pick<DemoCrms, 'salesforceUrl' | 'hubspotUrl'>, partnershipFile: string, values: Record<string, string>): Promise<BenchApp> {
  const database = await createBenchDatabase(serverUrl);
  const secretKey = randomBytes(32);
  const env = loadEnv({ NODE_ENV: 'production', LOG_LEVEL: 'warn', DATABASE_URL: serverUrl, ALIGNBOARD_SECRET_KEY: secretKey.toString('hex') });
  const logger = createLogger(env, process.stderr);
  let app: INestApplicationContext | undefined;
  try {
    app = await NestFactory.createApplicationContext(AppModule.forRoot({ env, database, secretKey, logger }), {
      logger: new PinoNestLogger(logger.child({ component: 'nest' })),
    });
    const definition = parsePartnershipFile(partnershipFile, { ...values, SF_LOGIN_URL: crms.salesforceUrl, HUBSPOT_BASE_PATH: crms.hubspotUrl });
    await app.get(ApplyPartnershipService).apply(definition, cliActor('bench'));
    const rows = await database.dataSource.query<{ side: 'A' | 'B'; id: string }[]>(
      `select s.side, c.id from crm_connections c join sides s on s.id = c.side_id`,
    );
    const opened = app;
    return {
      app: opened,
      database,
      connections: Object.fromEntries(rows.map((r) => [r.side, r.id])) as Record<'A' | 'B', string>,
      async close() {
        await opened.close().catch(() => undefined);
        await database.close();
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.close();
    throw error;
  }
}
