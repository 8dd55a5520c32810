import { Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  createMeetingSchema,
  generateMeetingsQuerySchema,
  listMeetingsQuerySchema,
  updateMeetingSchema,
  type CreateMeetingInput,
  type GenerateMeetingsQuery,
  type ListMeetingsQuery,
  type UpdateMeetingInput,
} from '@alignboard/contracts';
import { CurrentActor, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Actor, Principal } from '../auth/principal.js';
import { ApiZodBody, ApiZodQuery, ZodBody, ZodQuery } from '../common/api-zod.js';
import { UuidParam } from '../common/uuid-param.js';
import { PartnershipAccess } from '../partnerships/partnership-access.service.js';
import { MeetingScheduleService } from './meeting-schedule.service.js';
import { MeetingsService } from './meetings.service.js';

@ApiTags('meetings')
@Controller('partnerships/:key/meetings')
export class MeetingsController {
  constructor(
    private readonly access: PartnershipAccess,
    private readonly meetings: MeetingsService,
    private readonly schedule: MeetingScheduleService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Meetings of the partnership, by scheduled date' })
  @ApiZodQuery(listMeetingsQuerySchema)
  async list(
    @Param('key') key: string,
    @ZodQuery(listMeetingsQuerySchema) query: ListMeetingsQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.meetings.list(await this.access.resolve(principal, key), query);
  }

  @Post()
  @ApiOperation({ summary: 'Schedule the meeting of a quarter (one live meeting per quarter)' })
  @ApiZodBody(createMeetingSchema)
  async create(
    @Param('key') key: string,
    @ZodBody(createMeetingSchema) body: CreateMeetingInput,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    return this.meetings.create(await this.access.resolve(principal, key), body, actor);
  }

  @Post('generate')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Create the missing meetings from the partnership's meeting rule, from the current fiscal quarter through `through` " +
      '(default: the next quarter). A quarter that has a meeting, even a cancelled one, or whose date has passed is skipped.',
  })
  @ApiZodQuery(generateMeetingsQuerySchema)
  async generate(
    @Param('key') key: string,
    @ZodQuery(generateMeetingsQuerySchema) query: GenerateMeetingsQuery,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    const scope = await this.access.resolve(principal, key);
    return this.schedule.generate(scope.partnership, { through: query.through }, actor);
  }

  @Get(':id')
  async get(@Param('key') key: string, @UuidParam('id', 'meeting') id: string, @CurrentPrincipal() principal: Principal) {
    return this.meetings.get(await this.access.resolve(principal, key), id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Move the date, record it held or cancelled (by a side), set attendees or prework sent' })
  @ApiZodBody(updateMeetingSchema)
  async update(
    @Param('key') key: string,
    @UuidParam('id', 'meeting') id: string,
    @ZodBody(updateMeetingSchema) body: UpdateMeetingInput,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    return this.meetings.update(await this.access.resolve(principal, key), id, body, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a meeting that is still only scheduled' })
  async remove(
    @Param('key') key: string,
    @UuidParam('id', 'meeting') id: string,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    await this.meetings.remove(await this.access.resolve(principal, key), id, actor);
  }
}
