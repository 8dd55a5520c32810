import { Module } from '@nestjs/common';
import { PartnershipsModule } from '../partnerships/partnerships.module.js';
import { GroupOverridesController } from './group-overrides.controller.js';
import { GroupOverridesService } from './group-overrides.service.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { PartnershipDataLoader } from './partnership-data.loader.js';

@Module({
  imports: [PartnershipsModule],
  controllers: [MetricsController, GroupOverridesController],
  providers: [PartnershipDataLoader, MetricsService, GroupOverridesService],
  // One loader for every reader of the figures' inputs (packets, exports): it holds no state.
  exports: [MetricsService, PartnershipDataLoader],
})
export class MetricsModule {}
