import { defineConfig } from 'vitest/config';
import { workspaceAliases } from './vite.config.js';

export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    include: ['src/**/*.spec.ts'],
    // No browser DOM: the tested modules are pure; chart specs render Plot into linkedom.
    environment: 'node',
    // ALIGNBOARD_CLOCK runs the tests at another date (docs/decisions/013-the-product-clock.md).
    setupFiles: ['../../test/clock/setup.ts'],
    env: { TZ: 'UTC' },
  },
});
