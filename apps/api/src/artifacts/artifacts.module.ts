import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { PartnershipsModule } from '../partnerships/partnerships.module.js';
import { ArtifactSources } from './artifact-sources.js';
import { ArtifactsController } from './artifacts.controller.js';
import { ArtifactsService } from './artifacts.service.js';

@Module({
  imports: [PartnershipsModule, MetricsModule, DeliveryModule],
  controllers: [ArtifactsController],
  providers: [ArtifactSources, ArtifactsService],
  exports: [ArtifactsService],
})
export class ArtifactsModule {}
