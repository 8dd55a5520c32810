import { Module } from '@nestjs/common';
import { PartnershipsModule } from '../partnerships/partnerships.module.js';
import { MeetingScheduleCron } from './meeting-schedule.cron.js';
import { MeetingScheduleService } from './meeting-schedule.service.js';
import { MeetingsController } from './meetings.controller.js';
import { MeetingsService } from './meetings.service.js';

@Module({
  imports: [PartnershipsModule],
  controllers: [MeetingsController],
  providers: [MeetingsService, MeetingScheduleService, MeetingScheduleCron],
  exports: [MeetingsService, MeetingScheduleService],
})
export class MeetingsModule {}
