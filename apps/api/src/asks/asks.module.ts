import { Module } from '@nestjs/common';
import { MeetingsModule } from '../meetings/meetings.module.js';
import { PartnershipsModule } from '../partnerships/partnerships.module.js';
import { AsksController } from './asks.controller.js';
import { AsksService } from './asks.service.js';
import { MeetingAsksController } from './meeting-asks.controller.js';

@Module({
  imports: [PartnershipsModule, MeetingsModule],
  controllers: [AsksController, MeetingAsksController],
  providers: [AsksService],
  exports: [AsksService],
})
export class AsksModule {}
