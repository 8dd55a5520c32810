import type { TestProject } from 'vitest/node';
import { startDemoServer, type DemoServerInfo } from './demo-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    demo: DemoServerInfo;
  }
}

/** One running demo for every browser test file; stopped (process group, data directory) at the end. */
export default async function setup(project: TestProject) {
  const server = await startDemoServer();
  process.stdout.write(
    `e2e: demo ready at ${server.baseUrl} after ${server.startSeconds.toFixed(1)} s (start + first sync)\n`,
  );
  const { stop, ...info } = server;
  project.provide('demo', info);
  return stop;
}
