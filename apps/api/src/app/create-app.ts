import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule, type AppContext } from '../app.module.js';
import { DomainExceptionFilter } from '../common/domain-exception.filter.js';
import { StorableTextPipe } from '../common/storable-text.pipe.js';
import { PinoNestLogger } from '../logging/logger.js';
import { requestLogging } from '../logging/request-logging.js';

/** The HTTP application, shared by `serve`, `demo` and the HTTP tests. */
export async function createApp(context: AppContext): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(context), {
    logger: new PinoNestLogger(context.logger.child({ component: 'nest' })),
    abortOnError: false,
  });
  app.use(requestLogging(context.logger));
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new DomainExceptionFilter(context.logger));
  // Runs before each route's own pipes: no text PostgreSQL cannot store gets past a route.
  app.useGlobalPipes(new StorableTextPipe());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Alignboard API')
      .setDescription('Joint pipeline numbers, motions, asks, meetings and decisions of a partnership.')
      .setVersion('1')
      .addBearerAuth()
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  await app.init();
  return app;
}
