import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { startServer } from '../../app/serve.js';
import { CLOCK, type Clock } from '../../clock/clock.js';
import { loadEnv } from '../../config/env.js';
import { createLogger } from '../../logging/logger.js';
import { SyncService, type SyncProgress } from '../../sync/sync.service.js';
import { openAppContext } from '../cli-context.js';
import { seedDemo } from '../demo/seed-demo.js';

export async function runDemo(options: { port?: number }): Promise<void> {
  const { DATABASE_URL, ...rest } = process.env;
  // The demo writes sample data: it never touches a database named by DATABASE_URL.
  if (DATABASE_URL) process.stderr.write('demo: ignoring DATABASE_URL; the demo uses the embedded database\n');
  const env = loadEnv(rest);
  const logger = createLogger({ LOG_LEVEL: process.env.LOG_LEVEL ? env.LOG_LEVEL : 'warn' });
  const context = await openAppContext(env, logger);
  const server = await startServer(context, { port: options.port ?? env.PORT, host: env.HOST });
  const login = await seedDemo(server.app);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say('');
  say(`Alignboard demo is running at ${server.url}`);
  say(`  partnership: ${login.partnershipKey} (signed in as ${login.email}, ${login.description})`);
  say(`  CRMs:        Salesforce simulator ${login.crms.salesforceUrl} (side A), HubSpot simulator ${login.crms.hubspotUrl} (side B)`);
  say(`  API docs:    ${server.url}/api/docs`);
  say(`  data:        ${env.ALIGNBOARD_DATA_DIR} (embedded PostgreSQL)`);
  say(`token: ${login.token}`);
  say('');

  // The first sync runs while the server already answers: its status is in the API and the dashboard.
  const dataSource = server.app.get<DataSource>(getDataSourceToken());
  const [{ id }] = await dataSource.query<{ id: string }[]>(`select id from partnerships where key = $1`, [login.partnershipKey]);
  say(`Syncing ${login.crms.opportunities.A} + ${login.crms.opportunities.B} opportunities from the simulated CRMs...`);
  // The simulated CRMs live on the product clock: the connectors' "now" (where a sync window ends) is that clock too.
  const clock = server.app.get<Clock>(CLOCK);
  const outcomes = await server.app.get(SyncService).syncPartnership(id, {
    trigger: 'demo',
    onProgress: throttled(say),
    connector: { now: () => clock.now() },
  });
  for (const o of outcomes) {
    const [run] = await dataSource.query<{ records_upserted: number; records_quarantined: number }[]>(
      `select records_upserted, records_quarantined from sync_runs where id = $1`,
      [o.runId],
    );
    say(
      `sync side ${o.side}: ${o.status}` +
        (run ? ` (${run.records_upserted} records written, ${run.records_quarantined} quarantined)` : '') +
        (o.message ? `: ${o.message}` : ''),
    );
  }
}

/** One progress line per side every few seconds (elapsed time, not the clock), not one per page. */
function throttled(say: (line: string) => void) {
  const last = new Map<string, number>();
  return (p: SyncProgress) => {
    const now = performance.now();
    if (last.has(p.side) && now - last.get(p.side)! < 3000) return;
    last.set(p.side, now);
    say(`  side ${p.side}: ${p.fetched}${p.total ? ` / ${p.total}` : ''} records read`);
  };
}
