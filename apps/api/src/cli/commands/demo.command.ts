import { Command, Option } from 'commander';
import { parsePort } from '../cli-options.js';

export function demoCommand(): Command {
  return new Command('demo')
    .description(
      'Run the whole product on this machine: embedded database, simulated Salesforce and HubSpot with a sample ' +
        'partnership, a first sync through the real CRM clients, and the server. Prints the URL and a login token.',
    )
    .addOption(new Option('-p, --port <port>', 'port to listen on (default: PORT or 3000)').argParser(parsePort))
    .action(async (options: { port?: number }) => (await import('./demo.action.js')).runDemo(options));
}
