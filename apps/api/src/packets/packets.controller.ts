import { Controller, Get, Header, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  listPacketsQuerySchema,
  packetQuerySchema,
  regeneratePacketSchema,
  type ListPacketsQuery,
  type PacketQuery,
  type RegeneratePacketInput,
} from '@alignboard/contracts';
import type { Response } from 'express';
import { CurrentActor, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Actor, Principal } from '../auth/principal.js';
import { ApiZodBody, ApiZodQuery, ZodBody, ZodQuery } from '../common/api-zod.js';
import { UuidParam } from '../common/uuid-param.js';
import { PartnershipAccess } from '../partnerships/partnership-access.service.js';
import { PacketsService } from './packets.service.js';

/** The packet page runs nothing and loads nothing: its styles and charts are inline. */
const htmlPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

@ApiTags('packets')
@Controller('partnerships/:key')
export class PacketsController {
  constructor(
    private readonly access: PartnershipAccess,
    private readonly packets: PacketsService,
  ) {}

  @Get('packets')
  @ApiOperation({
    summary: 'Past prework packets of the partnership, newest first (optionally of one meeting)',
  })
  @ApiZodQuery(listPacketsQuerySchema)
  async list(
    @Param('key') key: string,
    @ZodQuery(listPacketsQuerySchema) query: ListPacketsQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.packets.list(await this.access.resolve(principal, key), query);
  }

  @Get('meetings/:id/packet')
  @ApiOperation({ summary: "The meeting's prework packet (latest version, or ?version=)" })
  @ApiZodQuery(packetQuerySchema)
  async get(
    @Param('key') key: string,
    @UuidParam('id', 'meeting') id: string,
    @ZodQuery(packetQuerySchema) query: PacketQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.packets.view(await this.access.resolve(principal, key), id, query.version);
  }

  @Get('meetings/:id/packet.html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', htmlPolicy)
  @ApiOperation({ summary: 'The prework packet as one printable HTML page' })
  @ApiProduces('text/html')
  @ApiZodQuery(packetQuerySchema)
  async html(
    @Param('key') key: string,
    @UuidParam('id', 'meeting') id: string,
    @ZodQuery(packetQuerySchema) query: PacketQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<string> {
    return (await this.packets.find(await this.access.resolve(principal, key), id, query.version))
      .html;
  }

  @Get('meetings/:id/packet.pdf')
  @ApiOperation({ summary: 'The prework packet as a PDF' })
  @ApiProduces('application/pdf')
  @ApiZodQuery(packetQuerySchema)
  async pdf(
    @Param('key') key: string,
    @UuidParam('id', 'meeting') id: string,
    @ZodQuery(packetQuerySchema) query: PacketQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const packet = await this.packets.find(
      await this.access.resolve(principal, key),
      id,
      query.version,
    );
    response.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(packet.pdf, {
      type: 'application/pdf',
      disposition: `inline; filename="prework-${key}-${packet.content.meeting.quarter}-v${packet.version}.pdf"`,
      length: packet.pdf.length,
    });
  }

  @Post('meetings/:id/packet')
  @ApiOperation({
    summary:
      'Generate a new version of the prework packet now (or as of an earlier instant); `send: true` delivers it to both sides',
  })
  @ApiZodBody(regeneratePacketSchema)
  async regenerate(
    @Param('key') key: string,
    @UuidParam('id', 'meeting') id: string,
    @ZodBody(regeneratePacketSchema) body: RegeneratePacketInput,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    return this.packets.regenerate(
      await this.access.resolve(principal, key),
      id,
      body,
      actor,
      'manual',
    );
  }
}
