import { Module } from '@nestjs/common';
import { MotionsModule } from '../motions/motions.module.js';
import { PartnershipsModule } from '../partnerships/partnerships.module.js';
import { ApplyPartnershipService } from './apply-partnership.service.js';

/** `alignboard apply`: a declarative partnership file applied through the domain's writers. */
@Module({
  imports: [PartnershipsModule, MotionsModule],
  providers: [ApplyPartnershipService],
  exports: [ApplyPartnershipService],
})
export class PartnershipFileModule {}
