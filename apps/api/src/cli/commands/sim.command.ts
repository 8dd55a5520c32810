import { Command, Option } from 'commander';
import { parsePort } from '../cli-options.js';


/** The CRM simulators on their own, for trying a partnership file or another tool against them. */
export function simCommand(): Command {
  return new Command('sim')
    .description(
      'Run the Salesforce and HubSpot simulators standalone: seeded from a fixtures file ' +
        '({"salesforce": <records in Salesforce shapes>, "hubspot": <records in HubSpot shapes>}) or with the demo dataset',
    )
    .option('--fixtures <file>', 'JSON file with `salesforce` and/or `hubspot` seeds')
    .option('--demo', 'seed both with the demo dataset instead')
    .addOption(new Option('--salesforce-port <port>', 'Salesforce simulator port').default(4010).argParser(parsePort))
    .addOption(new Option('--hubspot-port <port>', 'HubSpot simulator port').default(4020).argParser(parsePort))
    .action(async (options: { fixtures?: string; demo?: boolean; salesforcePort: number; hubspotPort: number }) => (await import('./sim.action.js')).runSimulators(options));
}
