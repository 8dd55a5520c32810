import { Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  createPartnershipSchema,
  crmConnectionSchema,
  sideInputSchema,
  sideKeySchema,
  updatePartnershipSchema,
  type CreatePartnershipInput,
  type CrmConnectionInput,
  type SideInput,
  type SideKey,
  type UpdatePartnershipInput,
} from '@alignboard/contracts';
import { AdminOnly, CurrentActor, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Actor, Principal } from '../auth/principal.js';
import { ApiZodBody, ZodBody } from '../common/api-zod.js';
import { ForbiddenError, NotFoundError } from '../common/errors.js';
import { PartnershipAccess, type PartnershipScope } from './partnership-access.service.js';
import { PartnershipsService } from './partnerships.service.js';

@ApiTags('partnerships')
@Controller('partnerships')
export class PartnershipsController {
  constructor(
    private readonly access: PartnershipAccess,
    private readonly partnerships: PartnershipsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Partnerships the caller belongs to (all, for admins)' })
  async list(@CurrentPrincipal() principal: Principal) {
    return this.partnerships.list(principal, await this.access.list(principal));
  }

  @Post()
  @AdminOnly()
  @ApiOperation({ summary: 'Create a partnership with both sides and their people' })
  @ApiZodBody(createPartnershipSchema)
  create(@ZodBody(createPartnershipSchema) body: CreatePartnershipInput, @CurrentActor() actor: Actor) {
    return this.partnerships.create(body, actor);
  }

  @Get(':key')
  @ApiOperation({ summary: 'A partnership: settings, sides, people, connection settings (never secrets)' })
  async get(@Param('key') key: string, @CurrentPrincipal() principal: Principal) {
    return this.partnerships.view(await this.access.resolve(principal, key));
  }

  @Patch(':key')
  @ApiZodBody(updatePartnershipSchema)
  async update(
    @Param('key') key: string,
    @ZodBody(updatePartnershipSchema) body: UpdatePartnershipInput,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    return this.partnerships.update(await this.access.resolve(principal, key), body, actor);
  }

  @Delete(':key')
  @AdminOnly()
  @HttpCode(204)
  async remove(@Param('key') key: string, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: Actor) {
    await this.partnerships.remove(await this.access.resolve(principal, key), actor);
  }

  @Put(':key/sides/:side')
  @ApiOperation({ summary: "Replace a side's company, shared fields and people" })
  @ApiZodBody(sideInputSchema)
  async replaceSide(
    @Param('key') key: string,
    @Param('side') side: string,
    @ZodBody(sideInputSchema) body: SideInput,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    const scope = await this.access.resolve(principal, key);
    return this.partnerships.replaceSide(scope, ownSide(scope, side), body, actor);
  }

  @Put(':key/sides/:side/connection')
  @ApiOperation({ summary: "Replace a side's CRM connection; credentials are write-only" })
  @ApiZodBody(crmConnectionSchema)
  async replaceConnection(
    @Param('key') key: string,
    @Param('side') side: string,
    @ZodBody(crmConnectionSchema) body: CrmConnectionInput,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    const scope = await this.access.resolve(principal, key);
    return this.partnerships.replaceConnection(scope, ownSide(scope, side), body, actor);
  }

  @Delete(':key/sides/:side/connection')
  @ApiOperation({
    summary: "Remove a side's CRM connection: deletes everything synced through it",
    description:
      "Deletes the connection and, with it, every record synced through it: the side's opportunities and their " +
      'history, its accounts, its sync runs, its quarantined records and its dated exchange rates. The figures ' +
      'that counted those opportunities change at once. This cannot be undone: putting the connection back ' +
      'syncs the CRM again from the start. The partnership file never does this (`alignboard apply` reports a ' +
      'connection the file leaves out and keeps it).',
  })
  async removeConnection(
    @Param('key') key: string,
    @Param('side') side: string,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    const scope = await this.access.resolve(principal, key);
    return this.partnerships.replaceConnection(scope, ownSide(scope, side), null, actor);
  }
}

/** A side's people and CRM belong to that side's company: only they (or an admin) change them. */
function ownSide(scope: PartnershipScope, raw: string): SideKey {
  const parsed = sideKeySchema.safeParse(raw);
  if (!parsed.success) throw new NotFoundError(`No side ${raw}: sides are A and B`);
  if (scope.side && scope.side !== parsed.data) {
    throw new ForbiddenError(`Only side ${parsed.data}'s people or an admin can change side ${parsed.data}`);
  }
  return parsed.data;
}
