import { Module } from '@nestjs/common';
import { PartnershipDataLoader } from '../metrics/partnership-data.loader.js';
import { PartnershipsModule } from '../partnerships/partnerships.module.js';
import { BoardPackService } from './board-pack.service.js';
import { ExportsController } from './exports.controller.js';

/** Board-pack exports; reads through its own loader (one consistent snapshot per pack, see decision 010). */
@Module({
  imports: [PartnershipsModule],
  controllers: [ExportsController],
  providers: [PartnershipDataLoader, BoardPackService],
  exports: [BoardPackService],
})
export class ExportsModule {}
