import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  groupOverrideSchema,
  type GroupOverrideInput,
  type GroupOverrideView,
} from '@alignboard/contracts';
import { CurrentActor, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Actor, Principal } from '../auth/principal.js';
import { ApiZodBody, ZodBody } from '../common/api-zod.js';
import { UuidParam } from '../common/uuid-param.js';
import { PartnershipAccess } from '../partnerships/partnership-access.service.js';
import { GroupOverridesService } from './group-overrides.service.js';

@ApiTags('metrics')
@Controller('partnerships/:key/groups/overrides')
export class GroupOverridesController {
  constructor(
    private readonly access: PartnershipAccess,
    private readonly overrides: GroupOverridesService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Manual link/unlink overrides of the deal matching',
    description: "A side sees those naming the other side's records it sees now, and those its people made.",
  })
  async list(
    @Param('key') key: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<GroupOverrideView[]> {
    return this.overrides.list(await this.access.resolve(principal, key));
  }

  @Post()
  @ApiOperation({
    summary:
      "Link or unlink side A's record and side B's (replaces an earlier override of the same pair)",
    description:
      "404 when a named record is not a live record of its side that the caller sees (the other side's records show only in in-scope groups; one that exists but is not shared answers the same). 403 when a side's member would bring the other side's records into scope: only that side or an admin may (docs/decisions/003-access-model.md).",
  })
  @ApiZodBody(groupOverrideSchema)
  async create(
    @Param('key') key: string,
    @ZodBody(groupOverrideSchema) body: GroupOverrideInput,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ): Promise<GroupOverrideView> {
    return this.overrides.create(await this.access.resolve(principal, key), body, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove an override: the matching rules decide the pair again',
    description: '404 for an override the caller may not see; 403 when removing it would bring the other side’s records into scope.',
  })
  async remove(
    @Param('key') key: string,
    @UuidParam('id', 'group override') id: string,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.overrides.remove(await this.access.resolve(principal, key), id, actor);
  }
}
