import { Command, Option } from 'commander';
import { startServer } from '../../app/serve.js';
import { loadEnv } from '../../config/env.js';
import { createLogger } from '../../logging/logger.js';
import { openAppContext } from '../cli-context.js';
import { parsePort } from '../cli-options.js';
import { seedDemo } from '../demo/seed-demo.js';

export function demoCommand(): Command {
  return new Command('demo')
    .description(
      'Run the whole product on this machine: embedded database, the example partnership, and the server. ' +
        'Prints the URL and a login token.',
    )
    .addOption(new Option('-p, --port <port>', 'port to listen on (default: PORT or 3000)').argParser(parsePort))
    .action(async (options: { port?: number }) => {
      const { DATABASE_URL, ...rest } = process.env;
      // The demo writes sample data: it never touches a database named by DATABASE_URL.
      if (DATABASE_URL) process.stderr.write('demo: ignoring DATABASE_URL; the demo uses the embedded database\n');
      const env = loadEnv(rest);
      const logger = createLogger({ LOG_LEVEL: process.env.LOG_LEVEL ? env.LOG_LEVEL : 'warn' });
      const context = await openAppContext(env, logger);
      const server = await startServer(context, { port: options.port ?? env.PORT, host: env.HOST });
      const login = await seedDemo(server.app);
      process.stdout.write(
        [
          '',
          `Alignboard demo is running at ${server.url}`,
          `  partnership: ${login.partnershipKey} (signed in as ${login.email}, ${login.description})`,
          `  API docs:    ${server.url}/api/docs`,
          `  data:        ${env.ALIGNBOARD_DATA_DIR} (embedded PostgreSQL)`,
          `token: ${login.token}`,
          '',
        ].join('\n'),
      );
    });
}
