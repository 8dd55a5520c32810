import { Command, Option } from 'commander';
import { parsePort } from '../cli-options.js';

export function serveCommand(): Command {
  return new Command('serve')
    .description('Serve the REST API (/api, docs at /api/docs) and the dashboard (/)')
    .addOption(new Option('-p, --port <port>', 'port to listen on (default: PORT or 3000)').argParser(parsePort))
    .addOption(new Option('--host <host>', 'interface to bind (default: HOST or 0.0.0.0)'))
    .action(async (options: { port?: number; host?: string }) => (await import('./serve.action.js')).serve(options));
}
