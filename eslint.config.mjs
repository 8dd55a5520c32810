// @ts-check
import { builtinModules } from 'node:module';
import nx from '@nx/eslint-plugin';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/**
 * One flat config for every project; each project's `lint` script runs `eslint src`.
 * Syntax-only typescript-eslint rules (no type information) keep a run fast.
 *
 * The architecture lives in the depConstraints below (STYLE.md, "Boundaries"):
 * metrics is pure, contracts is shared with the browser, connectors never touch the
 * database, and no lib reaches into an app. @nx/enforce-module-boundaries reads the
 * cached Nx project graph; `nx run-many -t lint` writes it before linting, and a bare
 * `eslint` run without it skips that one rule (Nx prints a warning saying so).
 */

/** Connectors return records and the API's sync writes them: none of this below the API. */
const nestAndDatabase = ['@nestjs/*', 'typeorm', 'pg', '@electric-sql/*'];
const serverOnly = [...nestAndDatabase, 'express', 'pino', 'pino-http'];
const crmSdks = ['jsforce', '@hubspot/*'];

/** Nx does not see Node built-ins as graph nodes, so ESLint's own rule bans them. */
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));
const noNodeMessage =
  'This code also runs in the browser and in pure functions: no Node built-ins here.';
const noNodeImports = {
  'no-restricted-imports': [
    'error',
    {
      paths: nodeBuiltins.map((name) => ({ name, message: noNodeMessage })),
      patterns: [{ group: ['node:*'], message: noNodeMessage }],
    },
  ],
  'no-restricted-globals': [
    'error',
    ...['process', 'Buffer', '__dirname', '__filename', 'require', 'global'].map((name) => ({
      name,
      message: 'A Node global: pass the value in from the caller instead.',
    })),
  ],
};

export default defineConfig(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.nx/**',
      '**/coverage/**',
      '**/.alignboard/**',
      'tmp/**',
    ],
  },
  tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts', '**/*.js', '**/*.mjs'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', notDependOnLibsWithTags: ['type:app'] },
            {
              sourceTag: 'scope:api',
              onlyDependOnLibsWithTags: ['scope:contracts', 'scope:metrics', 'scope:connectors', 'scope:presentation'],
            },
            {
              sourceTag: 'scope:dashboard',
              onlyDependOnLibsWithTags: ['scope:contracts', 'scope:metrics', 'scope:presentation'],
              bannedExternalImports: [...serverOnly, ...crmSdks],
            },
            {
              // Request schemas and response types, imported by the API, the CLI and the dashboard.
              sourceTag: 'scope:contracts',
              onlyDependOnLibsWithTags: [],
              bannedExternalImports: [...serverOnly, ...crmSdks],
            },
            {
              // SPEC §4–§5 as pure functions over apache-arrow tables.
              sourceTag: 'scope:metrics',
              onlyDependOnLibsWithTags: ['scope:contracts'],
              bannedExternalImports: [...serverOnly, ...crmSdks],
            },
            {
              // How figures look on every target (ADR 016): browser-safe, so no server library and no PDF engine.
              sourceTag: 'scope:presentation',
              onlyDependOnLibsWithTags: ['scope:contracts'],
              bannedExternalImports: [...serverOnly, ...crmSdks, 'pdfmake', 'pdfmake/*'],
            },
            {
              // CRM clients, mappers and simulators: no Nest, no database.
              sourceTag: 'scope:connectors',
              onlyDependOnLibsWithTags: ['scope:contracts'],
              bannedExternalImports: nestAndDatabase,
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Tests run under Node whatever the code they test, so they may use it.
    files: [
      'libs/contracts/src/**/*.ts',
      'libs/metrics/src/**/*.ts',
      'libs/presentation/src/**/*.ts',
      'apps/dashboard/src/**/*.ts',
    ],
    ignores: ['**/*.spec.ts'],
    rules: noNodeImports,
  },
  {
    // STYLE.md: metrics read no clock; callers pass `asOf`.
    files: ['libs/metrics/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Metrics read no clock: take `asOf` from the caller.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Metrics read no clock: take `asOf` from the caller.',
        },
      ],
    },
  },
  {
    // ADR 013: the product reads one clock, the injected CLOCK (the dashboard: the server's, clock.ts);
    // an elapsed time is performance.now().
    files: ['apps/api/src/**/*.ts', 'apps/dashboard/src/**/*.ts', 'libs/presentation/src/**/*.ts'],
    ignores: ['**/*.spec.ts', 'apps/api/src/clock/clock.ts', 'apps/dashboard/src/clock.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: "Read the product clock (CLOCK in the API, serverClock in the dashboard); an elapsed time is performance.now().",
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "Read the product clock (CLOCK in the API, serverClock in the dashboard); an elapsed time is performance.now().",
        },
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']:not(CallExpression > .callee)",
          message: 'Date.now as a clock: pass the product clock (CLOCK) instead.',
        },
      ],
    },
  },
  prettier,
);
