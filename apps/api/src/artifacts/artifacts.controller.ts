import { Controller, Get, Header, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  confirmArtifactSchema,
  createArtifactSchema,
  quarterSchema,
  sendArtifactSchema,
  updateArtifactSchema,
  type ConfirmArtifactInput,
  type CreateArtifactInput,
  type SendArtifactInput,
  type UpdateArtifactInput,
} from '@alignboard/contracts';
import { CurrentActor, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Actor, Principal } from '../auth/principal.js';
import { ApiZodBody, ZodBody } from '../common/api-zod.js';
import { ValidationError } from '../common/errors.js';
import { PartnershipAccess } from '../partnerships/partnership-access.service.js';
import { ArtifactsService } from './artifacts.service.js';

@ApiTags('artifacts')
@Controller('partnerships/:key/artifacts/:quarter')
export class ArtifactsController {
  constructor(
    private readonly access: PartnershipAccess,
    private readonly artifacts: ArtifactsService,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      "The quarter's one-pager: the latest revision, its confirmations and every revision's diff",
  })
  async get(
    @Param('key') key: string,
    @Param('quarter') quarter: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.artifacts.get(await this.access.resolve(principal, key), parseQuarter(quarter));
  }

  @Post()
  @ApiOperation({
    summary:
      'Create the one-pager (revision 1), taking the numbers, asks and decisions now; 409 when it exists',
  })
  @ApiZodBody(createArtifactSchema)
  async create(
    @Param('key') key: string,
    @Param('quarter') quarter: string,
    @ZodBody(createArtifactSchema) body: CreateArtifactInput,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    return this.artifacts.create(
      await this.access.resolve(principal, key),
      parseQuarter(quarter),
      body,
      actor,
    );
  }

  @Put()
  @ApiOperation({
    summary:
      'Save a new revision on top of baseRevision; 409 with the latest when baseRevision is stale',
  })
  @ApiZodBody(updateArtifactSchema)
  async update(
    @Param('key') key: string,
    @Param('quarter') quarter: string,
    @ZodBody(updateArtifactSchema) body: UpdateArtifactInput,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    return this.artifacts.update(
      await this.access.resolve(principal, key),
      parseQuarter(quarter),
      body,
      actor,
    );
  }

  @Get('revisions/:revision')
  @ApiOperation({
    summary: 'One revision of the one-pager, whole, with its diff against the one before',
  })
  async revision(
    @Param('key') key: string,
    @Param('quarter') quarter: string,
    @Param('revision') revision: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    const scope = await this.access.resolve(principal, key);
    return this.artifacts.revision(scope, parseQuarter(quarter), parseRevision(revision));
  }

  @Get('html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'The latest revision as a printable HTML page' })
  async html(
    @Param('key') key: string,
    @Param('quarter') quarter: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.artifacts.html(await this.access.resolve(principal, key), parseQuarter(quarter));
  }

  @Post('confirm')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Confirm the latest revision for the caller's side; a new revision clears both confirmations",
  })
  @ApiZodBody(confirmArtifactSchema)
  async confirm(
    @Param('key') key: string,
    @Param('quarter') quarter: string,
    @ZodBody(confirmArtifactSchema) body: ConfirmArtifactInput,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    return this.artifacts.confirm(
      await this.access.resolve(principal, key),
      parseQuarter(quarter),
      body,
      actor,
    );
  }

  @Post('send')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Send the latest revision, confirmed by both sides, by email and webhook; records when',
  })
  @ApiZodBody(sendArtifactSchema)
  async send(
    @Param('key') key: string,
    @Param('quarter') quarter: string,
    @ZodBody(sendArtifactSchema) body: SendArtifactInput,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    return this.artifacts.send(
      await this.access.resolve(principal, key),
      parseQuarter(quarter),
      body,
      actor,
    );
  }
}

function parseQuarter(raw: string): string {
  const parsed = quarterSchema.safeParse(raw);
  if (!parsed.success)
    throw ValidationError.field('quarter', `expected a quarter like 2026-Q2, got "${raw}"`);
  return parsed.data;
}

function parseRevision(raw: string): number {
  if (!/^[1-9]\d{0,8}$/.test(raw))
    throw ValidationError.field('revision', `expected a revision number (1, 2, …), got "${raw}"`);
  return Number(raw);
}
