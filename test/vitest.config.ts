import { defineConfig } from 'vitest/config';
import { ByFileName } from './e2e/support/by-file-name.js';

export default defineConfig({
  test: {
    env: { TZ: 'UTC' },
    // ALIGNBOARD_CLOCK runs the tests at another date; the demo they start inherits it (docs/decisions/013-the-product-clock.md).
    setupFiles: ['./clock/setup.ts'],
    // Printed timings (first paint) and the harness's progress belong in the log.
    silent: false,
    // The browser files share one demo and change its data (a link, a one-pager): they take turns, in name order.
    sequence: { sequencer: ByFileName },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['e2e/**/*.spec.ts', 'clock/**/*.spec.ts'], exclude: ['e2e/**/*.e2e.spec.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.spec.ts'],
          // One demo for the whole run, started once and stopped at the end.
          globalSetup: ['./e2e/support/global-setup.ts'],
          fileParallelism: false,
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
