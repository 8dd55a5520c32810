import { defineConfig } from 'vitest/config';
import { workspaceAliases } from './vite.config.js';

export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    include: ['src/**/*.spec.ts'],
    // No browser DOM: the tested modules are pure; chart specs render Plot into linkedom.
    environment: 'node',
    env: { TZ: 'UTC' },
  },
});
