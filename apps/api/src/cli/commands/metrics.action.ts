import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { MetricsService } from '../../metrics/metrics.service.js';
import { formatQuarterMetrics } from '../../metrics/quarter-metrics-report.js';
import { Partnership } from '../../partnerships/entities/partnership.entity.js';
import { CliError } from '../cli-errors.js';
import { withApplication } from '../cli-context.js';
import { FiguresModule } from '../command-module.js';
import type { MetricsOptions } from './metrics.command.js';

/** The figures from the one read model, in an application of it alone. */
export async function printMetrics(options: MetricsOptions): Promise<void> {
  const metrics = await withApplication(async (app) => {
    const partnership = await app
      .get<DataSource>(getDataSourceToken())
      .getRepository(Partnership)
      .findOneBy({ key: options.partnership });
    if (!partnership) throw new CliError(`no partnership with key ${options.partnership}`);
    // The operator stands on neither side: every record is visible, as to an admin.
    return app
      .get(MetricsService)
      .quarterMetrics({ partnership, side: null }, options.quarter, options.asOf);
  }, [FiguresModule]);
  process.stdout.write(
    options.json ? `${JSON.stringify(metrics, null, 2)}\n` : formatQuarterMetrics(metrics),
  );
}
