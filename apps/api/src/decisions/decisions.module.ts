import { Module } from '@nestjs/common';
import { MeetingsModule } from '../meetings/meetings.module.js';
import { MotionsModule } from '../motions/motions.module.js';
import { PartnershipsModule } from '../partnerships/partnerships.module.js';
import { AccountSetChanges } from './account-set-changes.js';
import { DecisionsController } from './decisions.controller.js';
import { DecisionsService } from './decisions.service.js';

@Module({
  imports: [PartnershipsModule, MeetingsModule, MotionsModule],
  controllers: [DecisionsController],
  providers: [DecisionsService, AccountSetChanges],
  exports: [DecisionsService],
})
export class DecisionsModule {}
