import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const lib = (name: string) => fileURLToPath(new URL(`../${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  // Paths below are relative to this folder wherever vitest is started from (Stryker starts it at the root of its sandbox).
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Vitest does not read tsconfig paths; the one lib this lib may import is aliased the same way.
  resolve: { alias: { '@alignboard/contracts': lib('contracts') } },
  test: {
    include: ['src/**/*.spec.ts'],
    // ALIGNBOARD_CLOCK runs the tests at another date (docs/decisions/013-the-product-clock.md).
    setupFiles: ['../../test/clock/setup.ts'],
    env: { TZ: 'UTC' },
  },
});
