import { Controller, Get, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  boardPackQuerySchema,
  exportContentTypes,
  exportFormats,
  exportFormatSchema,
  type BoardPackQuery,
} from '@alignboard/contracts';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ApiZodQuery, ZodQuery } from '../common/api-zod.js';
import { ValidationError } from '../common/errors.js';
import { PartnershipAccess } from '../partnerships/partnership-access.service.js';
import { BoardPackService } from './board-pack.service.js';

@ApiTags('exports')
@Controller('partnerships/:key/exports')
export class ExportsController {
  constructor(
    private readonly access: PartnershipAccess,
    private readonly boardPacks: BoardPackService,
  ) {}

  @Get('board-pack.:format')
  @ApiOperation({
    summary:
      'The board pack of partner revenue for a range of quarters, as PDF, XLSX, CSV or Arrow',
    description:
      'Partner-sourced and partner-influenced revenue (closed won and open) by quarter and by motion, the trend, ' +
      'the joint number against commit and upside, a method note and a reconciliation. The deal rows follow the ' +
      "data-sharing rule: the caller's records in full, the other side's only in partner deal groups, only the " +
      'fields it shares. `asOf` defaults to now; the same as-of gives the same bytes (CSV, XLSX, Arrow).',
  })
  @ApiParam({ name: 'format', enum: exportFormats })
  @ApiProduces(...Object.values(exportContentTypes))
  @ApiZodQuery(boardPackQuerySchema)
  async boardPack(
    @Param('key') key: string,
    @Param('format') format: string,
    @ZodQuery(boardPackQuerySchema) query: BoardPackQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const parsed = exportFormatSchema.safeParse(format);
    if (!parsed.success)
      throw ValidationError.field('format', 'expected one of pdf, xlsx, csv, arrow');
    const scope = await this.access.resolve(principal, key);
    const file = await this.boardPacks.export(scope, query, parsed.data);
    response.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(Readable.from(file.parts), {
      type: file.contentType,
      disposition: `attachment; filename="${file.fileName}"`,
      length: file.byteLength,
    });
  }
}
