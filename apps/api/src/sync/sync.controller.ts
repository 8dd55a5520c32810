import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  quarantineQuerySchema,
  syncRunsQuerySchema,
  triggerSyncSchema,
  type SideKey,
} from '@alignboard/contracts';
import type { z } from 'zod';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ApiZodBody, ApiZodQuery, ZodBody, ZodQuery } from '../common/api-zod.js';
import { PartnershipAccess } from '../partnerships/partnership-access.service.js';
import { SyncStatusService } from './sync-status.service.js';
import { SyncTrigger } from './sync.trigger.js';

@ApiTags('sync')
@Controller('partnerships/:key/sync')
export class SyncController {
  constructor(
    private readonly access: PartnershipAccess,
    private readonly status: SyncStatusService,
    private readonly trigger: SyncTrigger,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Sync status of both sides: running run with progress, last run, counts' })
  async get(@Param('key') key: string, @CurrentPrincipal() principal: Principal) {
    return this.status.status(await this.access.resolve(principal, key));
  }

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Start a sync of both sides (or one), or with `reconcile: true` a reconciliation; it runs in the background',
    description: '409 when a requested side is running a sync or reconciliation already; the message names the process that runs it and since when.',
  })
  @ApiZodBody(triggerSyncSchema)
  async start(
    @Param('key') key: string,
    @ZodBody(triggerSyncSchema) body: { side?: SideKey; reconcile?: boolean },
    @CurrentPrincipal() principal: Principal,
  ) {
    const scope = await this.access.resolve(principal, key);
    return this.trigger.start(scope.partnership.id, body.side, 'manual', body.reconcile ?? false);
  }

  @Get('runs')
  @ApiZodQuery(syncRunsQuerySchema)
  async runs(
    @Param('key') key: string,
    @ZodQuery(syncRunsQuerySchema) query: z.infer<typeof syncRunsQuerySchema>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.status.runs(await this.access.resolve(principal, key), query);
  }

  @Get('quarantine')
  @ApiOperation({ summary: "Records the sync could not normalize, with the reason (the caller's side only)" })
  @ApiZodQuery(quarantineQuerySchema)
  async quarantine(
    @Param('key') key: string,
    @ZodQuery(quarantineQuerySchema) query: z.infer<typeof quarantineQuerySchema>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.status.quarantine(await this.access.resolve(principal, key), query);
  }
}
