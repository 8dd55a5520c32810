import { Global, Module } from '@nestjs/common';
import { JobEngine } from './job-engine.js';
import { JobsController } from './jobs.controller.js';

/** Global: each context registers its own schedule with the one engine. */
@Global()
@Module({
  controllers: [JobsController],
  providers: [JobEngine],
  exports: [JobEngine],
})
export class JobsModule {}
