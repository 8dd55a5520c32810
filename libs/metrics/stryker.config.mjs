// @ts-check
/**
 * Mutation testing of libs/metrics (docs/mutation-testing.md): `npm run test:mutation`
 * at the repository root. Not part of `npm test` or CI: a run takes minutes.
 *
 * Stryker runs from the repository root because the lib's vitest config reaches
 * ../contracts and ../../test/clock; its sandbox gets only those folders (and the
 * lib), not the whole tree. The lint-config spec needs the whole workspace and
 * tests no metric, so it stays out of the sandbox.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const config = {
  testRunner: 'vitest',
  vitest: { configFile: 'libs/metrics/vitest.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  mutate: [
    'libs/metrics/src/**/*.ts',
    '!libs/metrics/src/**/*.spec.ts',
    '!libs/metrics/src/__fixtures__/**',
    '!libs/metrics/src/__oracles__/**',
    // Re-exports only: no logic to mutate.
    '!libs/metrics/src/index.ts',
  ],
  ignorePatterns: [
    '/*',
    '!/package.json',
    '!/tsconfig.base.json',
    '!/libs',
    '/libs/*',
    '!/libs/metrics',
    '!/libs/contracts',
    '!/test',
    '/test/*',
    '!/test/clock',
    '/libs/metrics/src/module-boundaries.spec.ts',
    '/libs/metrics/reports',
  ],
  tempDirName: 'tmp/stryker',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'tmp/mutation/metrics.html' },
  jsonReporter: { fileName: 'tmp/mutation/metrics.json' },
  thresholds: { high: 95, low: 90, break: 90 },
  timeoutMS: 20_000,
};
export default config;
