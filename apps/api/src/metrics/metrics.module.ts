import { Module } from '@nestjs/common';
import { PartnershipsModule } from '../partnerships/partnerships.module.js';
import { GroupOverridesController } from './group-overrides.controller.js';
import { GroupOverridesService } from './group-overrides.service.js';
import { MetricsController } from './metrics.controller.js';
import { FiguresReadModel } from './figures-read-model.js';
import { MetricsService } from './metrics.service.js';
import { PartnershipDataLoader } from './partnership-data.loader.js';

@Module({
  imports: [PartnershipsModule],
  controllers: [MetricsController, GroupOverridesController],
  providers: [PartnershipDataLoader, FiguresReadModel, MetricsService, GroupOverridesService],
  // One read model for every reader of the figures (packets, exports, alerts, the one-pager, the CLI).
  exports: [MetricsService, FiguresReadModel],
})
export class MetricsModule {}
