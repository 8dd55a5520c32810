import type { INestApplication } from '@nestjs/common';
import type { AppContext } from '../app.module.js';
import { createApp } from './create-app.js';

export interface RunningServer {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

/** Listens, and closes the app and then the database on SIGINT/SIGTERM. */
export async function startServer(context: AppContext, options: { port: number; host: string }): Promise<RunningServer> {
  const app = await createApp({ ...context, scheduling: true });
  await app.listen(options.port, options.host);
  const address = app.getHttpServer().address() as { port: number };
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await app.close();
      await context.database.close();
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      context.logger.info({ signal }, 'shutting down');
      void close().then(() => process.exit(0));
    });
  }
  return { app, url: `http://${shownHost}:${address.port}`, close };
}
