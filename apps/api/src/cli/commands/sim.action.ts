import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  startHubspotSimulator,
  startSalesforceSimulator,
  type HubspotSeed,
  type SalesforceSeed,
} from '@alignboard/connectors';
import { clockFromEnv } from '../../clock/clock.js';
import { loadEnv } from '../../config/env.js';
import { projectRoot } from '../../config/paths.js';
import { readEnvFile } from '../../partnership-file/partnership-file.loader.js';
import { CliError } from '../cli-errors.js';
import { startDemoCrms } from '../demo/demo-crms.js';

interface SimFixtures {
  salesforce?: SalesforceSeed;
  hubspot?: HubspotSeed;
}

export async function runSimulators(options: { fixtures?: string; demo?: boolean; salesforcePort: number; hubspotPort: number }): Promise<void> {
  if (!options.fixtures === !options.demo) throw new CliError('give either --fixtures FILE or --demo');
  // The CRMs stamp their writes from the product clock, so ALIGNBOARD_CLOCK moves them too.
  const clock = clockFromEnv(loadEnv());
  if (options.demo) {
    // The same credentials as the example partnership file's env file, so it can be applied against these.
    const values = await readEnvFile(join(projectRoot(), 'examples', 'cobalt-northgate.env.example'));
    const ports = { salesforce: options.salesforcePort, hubspot: options.hubspotPort };
    await checkPortsFree(ports);
    const crms = await startDemoCrms(values, { clock, ports });
    process.stdout.write(`Salesforce simulator: ${crms.salesforceUrl}\nHubSpot simulator:    ${crms.hubspotUrl}\n`);
    return;
  }
  const fixtures = await readFixtures(options.fixtures!);
  await checkPortsFree({
    salesforce: fixtures.salesforce ? options.salesforcePort : undefined,
    hubspot: fixtures.hubspot ? options.hubspotPort : undefined,
  });
  if (fixtures.salesforce) {
    const sf = await startSalesforceSimulator({ port: options.salesforcePort, seed: fixtures.salesforce, clock: () => clock.now() });
    process.stdout.write(`Salesforce simulator: ${sf.url} (client ${sf.credentials.clientId}, user ${sf.credentials.username})\n`);
  }
  if (fixtures.hubspot) {
    const hs = await startHubspotSimulator({ port: options.hubspotPort, seed: fixtures.hubspot, clock: () => clock.now().getTime() });
    process.stdout.write(`HubSpot simulator:    ${hs.url}\n`);
  }
  process.stdout.write('Press Ctrl-C to stop.\n');
}

/**
 * A port already taken is named with its option, checked before anything
 * listens (the Salesforce simulator's listen error is not a rejection).
 */
async function checkPortsFree(ports: { salesforce?: number; hubspot?: number }): Promise<void> {
  // Each is free on its own, and the second listen would fail with a stack trace.
  if (ports.salesforce !== undefined && ports.salesforce !== 0 && ports.salesforce === ports.hubspot)
    throw new CliError(`--salesforce-port and --hubspot-port are both ${ports.hubspot}; give each simulator its own port`);
  for (const [option, port] of [['--salesforce-port', ports.salesforce], ['--hubspot-port', ports.hubspot]] as const) {
    if (port === undefined || port === 0) continue;
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer()
        .once('error', () => resolve(false))
        .listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (!free) throw new CliError(`${option} ${port}: the port is in use; choose another`);
  }
}

async function readFixtures(file: string): Promise<SimFixtures> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CliError(`cannot read fixtures file ${file}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const fixtures = parsed as SimFixtures;
  if (typeof parsed !== 'object' || parsed === null || (!fixtures.salesforce && !fixtures.hubspot)) {
    throw new CliError(`${file}: expected an object with a "salesforce" and/or "hubspot" seed`);
  }
  return fixtures;
}
