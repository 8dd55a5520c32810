import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
    // ALIGNBOARD_CLOCK runs the tests at another date (docs/decisions/013-the-product-clock.md).
    setupFiles: ['../../test/clock/setup.ts'],
    env: { TZ: 'UTC' },
  },
});
