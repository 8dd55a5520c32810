import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppContext } from '../app.module.js';
import { ENV, LOGGER, SCHEDULING } from '../app/app.tokens.js';
import { AuditModule } from '../audit/audit.module.js';
import { CLOCK, clockFromEnv } from '../clock/clock.js';
import { ClockStamps } from '../clock/clock-stamps.subscriber.js';
import { SecretBox } from '../crypto/secret-box.js';
import { FiguresReadModel } from '../metrics/figures-read-model.js';
import { MetricsInvalidationModule } from '../metrics/metrics-invalidation.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { PartnershipDataLoader } from '../metrics/partnership-data.loader.js';

/**
 * The application a command that asks for feature modules runs in: those
 * modules over the values the whole application provides globally (env,
 * logger, clock, secret box, the open database, the audit trail, the figures'
 * invalidation), and nothing else — no HTTP, no static files, no job engine,
 * no module the command does not use, so their libraries are never loaded.
 * A provider a module needs and this does not give fails the command's own
 * tests at once (Nest names it).
 */
@Module({})
export class CommandModule {
  static forCommand(context: AppContext, features: Type[]): DynamicModule {
    return {
      module: CommandModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => context.database.dataSource.options,
          dataSourceFactory: async () => context.database.dataSource,
        }),
        AuditModule,
        MetricsInvalidationModule,
        ...features,
      ],
      providers: [
        { provide: ENV, useValue: context.env },
        { provide: LOGGER, useValue: context.logger },
        { provide: SCHEDULING, useValue: false },
        { provide: CLOCK, useValue: context.clock ?? clockFromEnv(context.env) },
        { provide: SecretBox, useValue: new SecretBox(context.secretKey) },
        ClockStamps,
      ],
      exports: [ENV, LOGGER, SCHEDULING, CLOCK, SecretBox],
    };
  }
}

/**
 * The figures' one read model and its service, as `MetricsModule` provides
 * them, without its controllers: their OpenAPI decorators (@nestjs/swagger)
 * alone take longer to load than `alignboard metrics` takes to answer.
 */
@Module({
  providers: [PartnershipDataLoader, FiguresReadModel, MetricsService],
  exports: [MetricsService],
})
export class FiguresModule {}
