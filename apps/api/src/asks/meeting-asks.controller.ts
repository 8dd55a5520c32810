import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { UuidParam } from '../common/uuid-param.js';
import { PartnershipAccess } from '../partnerships/partnership-access.service.js';
import { AsksService } from './asks.service.js';

@ApiTags('asks')
@Controller('partnerships/:key/meetings/:id/asks')
export class MeetingAsksController {
  constructor(
    private readonly access: PartnershipAccess,
    private readonly asks: AsksService,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      "A meeting's asks: those up for review (with the verdicts still owed) and those named in it",
  })
  async get(
    @Param('key') key: string,
    @UuidParam('id', 'meeting') id: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.asks.forMeeting(await this.access.resolve(principal, key), id);
  }
}
