import { startServer } from '../../app/serve.js';
import { loadEnv } from '../../config/env.js';
import { createLogger } from '../../logging/logger.js';
import { openAppContext } from '../cli-context.js';

export async function serve(options: { port?: number; host?: string }): Promise<void> {
  const env = loadEnv();
  const context = await openAppContext(env, createLogger(env));
  const server = await startServer(context, {
    port: options.port ?? env.PORT,
    host: options.host ?? env.HOST,
  });
  context.logger.info({ url: server.url, database: context.database.kind }, 'alignboard is serving');
}
