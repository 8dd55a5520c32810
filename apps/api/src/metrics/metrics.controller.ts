import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  dealGroupsQuerySchema,
  metricsQuerySchema,
  trendQuerySchema,
  type DealGroupsQuery,
  type DealGroupsView,
  type MetricsQuery,
  type QuarterMetrics,
  type TrendPoint,
  type TrendQuery,
} from '@alignboard/contracts';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ApiZodQuery, ZodQuery } from '../common/api-zod.js';
import { PartnershipAccess } from '../partnerships/partnership-access.service.js';
import { MetricsService } from './metrics.service.js';

@ApiTags('metrics')
@Controller('partnerships/:key')
export class MetricsController {
  constructor(
    private readonly access: PartnershipAccess,
    private readonly metrics: MetricsService,
  ) {}

  @Get('metrics')
  @ApiOperation({
    summary:
      "A quarter's figures (SPEC §5): joint number, sourced/influenced split, the call, motions, conflicts, health",
    description:
      'Money in the base currency, rounded to cents; ratios to 6 decimals, null for a zero denominator. `asOf` defaults to now.',
  })
  @ApiZodQuery(metricsQuerySchema)
  async quarter(
    @Param('key') key: string,
    @ZodQuery(metricsQuerySchema) query: MetricsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<QuarterMetrics> {
    return this.metrics.quarterMetrics(
      await this.access.resolve(principal, key),
      query.quarter,
      query.asOf,
    );
  }

  @Get('metrics/trend')
  @ApiOperation({
    summary: 'Joint number, split and call per quarter, from `from` to `to` (at most 20 quarters)',
  })
  @ApiZodQuery(trendQuerySchema)
  async trend(
    @Param('key') key: string,
    @ZodQuery(trendQuerySchema) query: TrendQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TrendPoint[]> {
    return this.metrics.trend(
      await this.access.resolve(principal, key),
      query.from,
      query.to,
      query.asOf,
    );
  }

  @Get('groups')
  @ApiOperation({
    summary:
      "The deal groups behind a quarter's figures (or one figure), with their member records",
    description:
      "The caller's own side's records in full; the other side's only in in-scope groups, with the fields their side shares.",
  })
  @ApiZodQuery(dealGroupsQuerySchema)
  async groups(
    @Param('key') key: string,
    @ZodQuery(dealGroupsQuerySchema) query: DealGroupsQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DealGroupsView> {
    return this.metrics.dealGroups(await this.access.resolve(principal, key), query);
  }
}
