import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { listAlertsQuerySchema, type ListAlertsQuery } from '@alignboard/contracts';
import { CurrentActor, CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Actor, Principal } from '../auth/principal.js';
import { ApiZodQuery, ZodQuery } from '../common/api-zod.js';
import { UuidParam } from '../common/uuid-param.js';
import { PartnershipAccess } from '../partnerships/partnership-access.service.js';
import { AlertsService } from './alerts.service.js';

@ApiTags('alerts')
@Controller('partnerships/:key/alerts')
export class AlertsController {
  constructor(
    private readonly access: PartnershipAccess,
    private readonly alerts: AlertsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Alerts of the partnership, newest first; `open=true` for those nobody has acknowledged' })
  @ApiZodQuery(listAlertsQuerySchema)
  async list(
    @Param('key') key: string,
    @ZodQuery(listAlertsQuerySchema) query: ListAlertsQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.alerts.list(await this.access.resolve(principal, key), query);
  }

  @Post('evaluate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check every alert condition now; returns the alerts this raised (existing ones are not raised again)' })
  async evaluate(@Param('key') key: string, @CurrentPrincipal() principal: Principal) {
    return this.alerts.evaluate(await this.access.resolve(principal, key));
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledge an alert (once; audited)' })
  async acknowledge(
    @Param('key') key: string,
    @UuidParam('id', 'alert') id: string,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ) {
    return this.alerts.acknowledge(await this.access.resolve(principal, key), id, actor);
  }
}
