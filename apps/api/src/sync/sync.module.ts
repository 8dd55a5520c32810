import { Module } from '@nestjs/common';
import { PartnershipsModule } from '../partnerships/partnerships.module.js';
import { ConnectorFactory } from './connector-factory.js';
import { SyncStatusService } from './sync-status.service.js';
import { SyncController } from './sync.controller.js';
import { SyncScheduler } from './sync.scheduler.js';
import { SyncService } from './sync.service.js';
import { SyncTrigger } from './sync.trigger.js';

@Module({
  imports: [PartnershipsModule],
  controllers: [SyncController],
  providers: [ConnectorFactory, SyncService, SyncStatusService, SyncTrigger, SyncScheduler],
  exports: [SyncService, SyncTrigger, SyncStatusService],
})
export class SyncModule {}
