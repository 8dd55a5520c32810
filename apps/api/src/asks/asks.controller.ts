import { Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  createAskSchema,
  listAsksQuerySchema,
  updateAskSchema,
  type CreateAskInput,
  type ListAsksQuery,
  type UpdateAskInput,
} from '@alignboard/contracts';
import { CurrentActor, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Actor, Principal } from '../auth/principal.js';
import { ApiZodBody, ApiZodQuery, ZodBody, ZodQuery } from '../common/api-zod.js';
import { UuidParam } from '../common/uuid-param.js';
import { PartnershipAccess } from '../partnerships/partnership-access.service.js';
import { AsksService } from './asks.service.js';

@ApiTags('asks')
@Controller('partnerships/:key/asks')
export class AsksController {
  constructor(
    private readonly access: PartnershipAccess,
    private readonly asks: AsksService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Asks of the partnership, filtered by quarter raised, status and sides' })
  @ApiZodQuery(listAsksQuerySchema)
  async list(
    @Param('key') key: string,
    @ZodQuery(listAsksQuerySchema) query: ListAsksQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.asks.list(await this.access.resolve(principal, key), query);
  }

  @Post()
  @ApiOperation({ summary: 'Raise an ask one side owes the other' })
  @ApiZodBody(createAskSchema)
  async create(
    @Param('key') key: string,
    @ZodBody(createAskSchema) body: CreateAskInput,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    return this.asks.create(await this.access.resolve(principal, key), body, actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An ask with its status history' })
  async get(@Param('key') key: string, @UuidParam('id', 'ask') id: string, @CurrentPrincipal() principal: Principal) {
    return this.asks.get(await this.access.resolve(principal, key), id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit an ask, move its status or set its review verdict (with a note)' })
  @ApiZodBody(updateAskSchema)
  async update(
    @Param('key') key: string,
    @UuidParam('id', 'ask') id: string,
    @ZodBody(updateAskSchema) body: UpdateAskInput,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    return this.asks.update(await this.access.resolve(principal, key), id, body, actor);
  }
}
