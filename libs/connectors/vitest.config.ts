import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const lib = (name: string) => fileURLToPath(new URL(`../${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  // Vitest does not read tsconfig paths; the one lib this lib may import is aliased the same way.
  resolve: { alias: { '@alignboard/contracts': lib('contracts') } },
  test: {
    include: ['src/**/*.spec.ts'],
    env: { TZ: 'UTC' },
    // ALIGNBOARD_CLOCK runs the tests at another date, as every project's (test/clock/setup.ts).
    setupFiles: ['../../test/clock/setup.ts'],
  },
});
