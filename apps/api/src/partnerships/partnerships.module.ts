import { Module } from '@nestjs/common';
import { PartnershipAccess } from './partnership-access.service.js';
import { PartnershipsController } from './partnerships.controller.js';
import { PartnershipsService } from './partnerships.service.js';

@Module({
  controllers: [PartnershipsController],
  providers: [PartnershipAccess, PartnershipsService],
  exports: [PartnershipAccess, PartnershipsService],
})
export class PartnershipsModule {}
