import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module.js';
import { PartnershipsModule } from '../partnerships/partnerships.module.js';
import { BoardPackService } from './board-pack.service.js';
import { ExportsController } from './exports.controller.js';

/** Board-pack exports; reads through its own loader (one consistent snapshot per pack, see decision 010). */
@Module({
  imports: [PartnershipsModule, MetricsModule],
  controllers: [ExportsController],
  providers: [BoardPackService],
  exports: [BoardPackService],
})
export class ExportsModule {}
