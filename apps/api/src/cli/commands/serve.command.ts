import { Command, Option } from 'commander';
import { startServer } from '../../app/serve.js';
import { loadEnv } from '../../config/env.js';
import { createLogger } from '../../logging/logger.js';
import { openAppContext } from '../cli-context.js';
import { parsePort } from '../cli-options.js';

export function serveCommand(): Command {
  return new Command('serve')
    .description('Serve the REST API (/api, docs at /api/docs) and the dashboard (/)')
    .addOption(new Option('-p, --port <port>', 'port to listen on (default: PORT or 3000)').argParser(parsePort))
    .addOption(new Option('--host <host>', 'interface to bind (default: HOST or 0.0.0.0)'))
    .action(async (options: { port?: number; host?: string }) => {
      const env = loadEnv();
      const context = await openAppContext(env, createLogger(env));
      const server = await startServer(context, {
        port: options.port ?? env.PORT,
        host: options.host ?? env.HOST,
      });
      context.logger.info({ url: server.url, database: context.database.kind }, 'alignboard is serving');
    });
}
