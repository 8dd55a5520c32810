import { Module } from '@nestjs/common';
import { PartnershipsModule } from '../partnerships/partnerships.module.js';
import { MotionChangesService } from './motion-changes.service.js';
import { MotionsController } from './motions.controller.js';
import { MotionsService } from './motions.service.js';

@Module({
  imports: [PartnershipsModule],
  controllers: [MotionsController],
  providers: [MotionsService, MotionChangesService],
  exports: [MotionsService, MotionChangesService],
})
export class MotionsModule {}
