import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../auth/auth.decorators.js';
import { JobEngine, type FailedJob } from './job-engine.js';

/**
 * Every scheduled job is a pass over all partnerships (a partnership's own
 * failures are in its sync runs, deliveries and alerts), so failed jobs are
 * an operator's concern: admins only.
 */
@ApiTags('jobs')
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobEngine) {}

  @Get('failed')
  @AdminOnly()
  @ApiOperation({ summary: 'Scheduled jobs that failed after their last retry, newest first (at most 100): name, attempts, error message (admins only)' })
  failed(): Promise<FailedJob[]> {
    return this.jobs.failed();
  }
}
