import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { listDeliveriesQuerySchema, type ListDeliveriesQuery } from '@alignboard/contracts';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ApiZodQuery, ZodQuery } from '../common/api-zod.js';
import { PartnershipAccess } from '../partnerships/partnership-access.service.js';
import { DeliveryService } from './delivery.service.js';

@ApiTags('deliveries')
@Controller('partnerships/:key/deliveries')
export class DeliveriesController {
  constructor(
    private readonly access: PartnershipAccess,
    private readonly deliveries: DeliveryService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Emails and webhook posts of the partnership, newest first: status, attempts, last error (never the webhook URL)' })
  @ApiZodQuery(listDeliveriesQuerySchema)
  async list(
    @Param('key') key: string,
    @ZodQuery(listDeliveriesQuerySchema) query: ListDeliveriesQuery,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.deliveries.list(await this.access.resolve(principal, key), query);
  }
}
