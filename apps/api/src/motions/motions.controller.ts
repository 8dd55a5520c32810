import { Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  createMotionSchema,
  putForecastSchema,
  quarterSchema,
  updateMotionSchema,
  type CreateMotionInput,
  type PutForecastInput,
  type UpdateMotionInput,
} from '@alignboard/contracts';
import { CurrentActor, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Actor, Principal } from '../auth/principal.js';
import { ApiZodBody, ZodBody } from '../common/api-zod.js';
import { ValidationError } from '../common/errors.js';
import { PartnershipAccess } from '../partnerships/partnership-access.service.js';
import { MotionChangesService } from './motion-changes.service.js';
import { MotionsService } from './motions.service.js';

@ApiTags('motions')
@Controller('partnerships/:key/motions')
export class MotionsController {
  constructor(
    private readonly access: PartnershipAccess,
    private readonly motions: MotionsService,
    private readonly changes: MotionChangesService,
  ) {}

  @Get()
  @ApiOperation({
    summary: "The partnership's joint motions, with forecast and stretch per quarter",
  })
  async list(@Param('key') key: string, @CurrentPrincipal() principal: Principal) {
    return this.motions.list(await this.access.resolve(principal, key));
  }

  @Post()
  @ApiOperation({ summary: 'Create a joint motion; 409 when the key is taken' })
  @ApiZodBody(createMotionSchema)
  async create(
    @Param('key') key: string,
    @ZodBody(createMotionSchema) body: CreateMotionInput,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    return this.motions.create(await this.access.resolve(principal, key), body, actor);
  }

  @Get(':motionKey')
  async get(
    @Param('key') key: string,
    @Param('motionKey') motionKey: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.motions.get(await this.access.resolve(principal, key), motionKey);
  }

  @Get(':motionKey/changes')
  @ApiOperation({ summary: 'The changes decisions made to a motion (kill, name, owners, forecasts), oldest first' })
  async listChanges(
    @Param('key') key: string,
    @Param('motionKey') motionKey: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.changes.list(await this.access.resolve(principal, key), motionKey);
  }

  @Patch(':motionKey')
  @ApiOperation({
    summary: 'Rename, change owners, kill (naming the decision) or reactivate a motion',
  })
  @ApiZodBody(updateMotionSchema)
  async update(
    @Param('key') key: string,
    @Param('motionKey') motionKey: string,
    @ZodBody(updateMotionSchema) body: UpdateMotionInput,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    return this.motions.update(await this.access.resolve(principal, key), motionKey, body, actor);
  }

  @Put(':motionKey/forecasts/:quarter')
  @ApiOperation({ summary: "Set a quarter's forecast and stretch (a stretch omitted is removed)" })
  @ApiZodBody(putForecastSchema)
  async putForecast(
    @Param('key') key: string,
    @Param('motionKey') motionKey: string,
    @Param('quarter') quarter: string,
    @ZodBody(putForecastSchema) body: PutForecastInput,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    const scope = await this.access.resolve(principal, key);
    return this.motions.putForecast(scope, motionKey, parseQuarter(quarter), body, actor);
  }

  @Delete(':motionKey/forecasts/:quarter')
  async deleteForecast(
    @Param('key') key: string,
    @Param('motionKey') motionKey: string,
    @Param('quarter') quarter: string,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    const scope = await this.access.resolve(principal, key);
    return this.motions.deleteForecast(scope, motionKey, parseQuarter(quarter), actor);
  }

  @Delete(':motionKey')
  @HttpCode(204)
  async remove(
    @Param('key') key: string,
    @Param('motionKey') motionKey: string,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    await this.motions.remove(await this.access.resolve(principal, key), motionKey, actor);
  }
}

function parseQuarter(raw: string): string {
  const parsed = quarterSchema.safeParse(raw);
  if (!parsed.success) {
    throw ValidationError.field('quarter', `expected a quarter like 2026-Q2, got "${raw}"`);
  }
  return parsed.data;
}
