import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const lib = (name: string) => fileURLToPath(new URL(`../../libs/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  // Nest's dependency injection reads decorator metadata, which only SWC emits here.
  plugins: [swc.vite({ module: { type: 'es6' }, jsc: { target: 'es2022', parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false } } })],
  resolve: {
    alias: {
      '@alignboard/contracts': lib('contracts'),
      '@alignboard/connectors': lib('connectors'),
      '@alignboard/metrics': lib('metrics'),
      // Before the lib's main entry: an alias matches by prefix, the first that matches wins.
      '@alignboard/presentation/charts': fileURLToPath(new URL('../../libs/presentation/src/charts/index.ts', import.meta.url)),
      '@alignboard/presentation': lib('presentation'),
    },
  },
  test: {
    include: ['src/**/*.spec.ts'],
    globalSetup: ['./test-support/global-setup.ts'],
    // ALIGNBOARD_CLOCK runs the tests at another date (docs/decisions/013-the-product-clock.md).
    setupFiles: ['../../test/clock/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    env: { TZ: 'UTC' },
  },
});
