import { Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  createDecisionSchema,
  listDecisionsQuerySchema,
  updateDecisionSchema,
  type CreateDecisionInput,
  type ListDecisionsQuery,
  type UpdateDecisionInput,
} from '@alignboard/contracts';
import { CurrentActor, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Actor, Principal } from '../auth/principal.js';
import { ApiZodBody, ApiZodQuery, ZodBody, ZodQuery } from '../common/api-zod.js';
import { UuidParam } from '../common/uuid-param.js';
import { PartnershipAccess } from '../partnerships/partnership-access.service.js';
import { DecisionsService } from './decisions.service.js';

@ApiTags('decisions')
@Controller('partnerships/:key/decisions')
export class DecisionsController {
  constructor(
    private readonly access: PartnershipAccess,
    private readonly decisions: DecisionsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The decision log, optionally of one meeting' })
  @ApiZodQuery(listDecisionsQuerySchema)
  async list(
    @Param('key') key: string,
    @ZodQuery(listDecisionsQuerySchema) query: ListDecisionsQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.decisions.list(await this.access.resolve(principal, key), query);
  }

  @Post()
  @ApiOperation({ summary: 'Log a decision on a meeting that was not cancelled' })
  @ApiZodBody(createDecisionSchema)
  async create(
    @Param('key') key: string,
    @ZodBody(createDecisionSchema) body: CreateDecisionInput,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    return this.decisions.create(await this.access.resolve(principal, key), body, actor);
  }

  @Get(':id')
  async get(@Param('key') key: string, @UuidParam('id', 'decision') id: string, @CurrentPrincipal() principal: Principal) {
    return this.decisions.get(await this.access.resolve(principal, key), id);
  }

  @Patch(':id')
  @ApiZodBody(updateDecisionSchema)
  async update(
    @Param('key') key: string,
    @UuidParam('id', 'decision') id: string,
    @ZodBody(updateDecisionSchema) body: UpdateDecisionInput,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    return this.decisions.update(await this.access.resolve(principal, key), id, body, actor);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(
    @Param('key') key: string,
    @UuidParam('id', 'decision') id: string,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    await this.decisions.remove(await this.access.resolve(principal, key), id, actor);
  }
}
