import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { PartnershipsModule } from '../partnerships/partnerships.module.js';
import { PacketScheduler } from './packet.scheduler.js';
import { PacketSources } from './packet-sources.js';
import { PacketsController } from './packets.controller.js';
import { PacketsService } from './packets.service.js';

@Module({
  imports: [PartnershipsModule, DeliveryModule, MetricsModule],
  controllers: [PacketsController],
  // The loader reads the figures' inputs straight from the database; the packet does not share the API's figures cache.
  providers: [PacketSources, PacketsService, PacketScheduler],
  exports: [PacketsService],
})
export class PacketsModule {}
