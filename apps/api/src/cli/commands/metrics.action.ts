import { MetricsService } from '../../metrics/metrics.service.js';
import { formatQuarterMetrics } from '../../metrics/quarter-metrics-report.js';
import { partnershipByKey, withApplication } from '../cli-context.js';
import { FiguresModule } from '../command-module.js';
import type { MetricsOptions } from './metrics.command.js';

/** The figures from the one read model, in an application of it alone. */
export async function printMetrics(options: MetricsOptions): Promise<void> {
  const metrics = await withApplication(async (app) => {
    const partnership = await partnershipByKey(app, options.partnership);
    // The operator stands on neither side: every record is visible, as to an admin.
    return app
      .get(MetricsService)
      .quarterMetrics({ partnership, side: null }, options.quarter, options.asOf);
  }, [FiguresModule]);
  process.stdout.write(
    options.json ? `${JSON.stringify(metrics, null, 2)}\n` : formatQuarterMetrics(metrics),
  );
}
