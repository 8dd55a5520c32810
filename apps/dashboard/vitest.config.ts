import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts'],
    // No DOM here: the tested functions are pure and main.ts only wires them to the page.
    environment: 'node',
    env: { TZ: 'UTC' },
  },
});
