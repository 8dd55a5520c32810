import { type DynamicModule, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { AlertsModule } from './alerts/alerts.module.js';
import { ENV, LOGGER, SCHEDULING } from './app/app.tokens.js';
import { CLOCK, clockFromEnv, type Clock } from './clock/clock.js';
import { ClockStamps } from './clock/clock-stamps.subscriber.js';
import { ArtifactsModule } from './artifacts/artifacts.module.js';
import { AsksModule } from './asks/asks.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import type { Env } from './config/env.js';
import { dashboardDist } from './config/paths.js';
import { SecretBox } from './crypto/secret-box.js';
import type { Database } from './database/database.js';
import { DecisionsModule } from './decisions/decisions.module.js';
import { DeliveryModule } from './delivery/delivery.module.js';
import { ExportsModule } from './exports/exports.module.js';
import { HealthModule } from './health/health.module.js';
import { JOB_ENGINE_SETTINGS, defaultJobEngineSettings, type JobEngineSettings } from './jobs/job-engine.js';
import { JobsModule } from './jobs/jobs.module.js';
import { MeetingsModule } from './meetings/meetings.module.js';
import { MetricsInvalidationModule } from './metrics/metrics-invalidation.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { MotionsModule } from './motions/motions.module.js';
import { PacketsModule } from './packets/packets.module.js';
import { PartnershipFileModule } from './partnership-file/partnership-file.module.js';
import { PartnershipsModule } from './partnerships/partnerships.module.js';
import { SyncModule } from './sync/sync.module.js';

export interface AppContext {
  env: Env;
  database: Database;
  secretKey: Buffer;
  logger: Logger;
  /** Run scheduled work (syncs); only serving processes do. */
  scheduling?: boolean;
  /** The product's clock; default: `ALIGNBOARD_CLOCK`, else the system's. */
  clock?: Clock;
  /** The job engine's polling and cron check intervals (tests shorten them). */
  jobs?: Partial<JobEngineSettings>;
}

/** Wiring only. The database is opened (and migrated) before Nest starts. */
@Module({})
export class AppModule {
  static forRoot(context: AppContext): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => context.database.dataSource.options,
          dataSourceFactory: async () => context.database.dataSource,
        }),
        JobsModule,
        ServeStaticModule.forRoot({ rootPath: dashboardDist(), exclude: ['/api/{*path}'] }),
        AuditModule,
        AuthModule,
        HealthModule,
        PartnershipsModule,
        MotionsModule,
        AsksModule,
        MeetingsModule,
        DecisionsModule,
        ArtifactsModule,
        SyncModule,
        MetricsInvalidationModule,
        MetricsModule,
        ExportsModule,
        PartnershipFileModule,
        DeliveryModule,
        AlertsModule,
        PacketsModule,
      ],
      providers: [
        { provide: ENV, useValue: context.env },
        { provide: LOGGER, useValue: context.logger },
        { provide: SCHEDULING, useValue: context.scheduling ?? false },
        { provide: CLOCK, useValue: context.clock ?? clockFromEnv(context.env) },
        { provide: JOB_ENGINE_SETTINGS, useValue: { ...defaultJobEngineSettings, ...context.jobs } },
        { provide: SecretBox, useValue: new SecretBox(context.secretKey) },
        ClockStamps,
      ],
      exports: [ENV, LOGGER, SCHEDULING, CLOCK, JOB_ENGINE_SETTINGS, SecretBox],
    };
  }
}
