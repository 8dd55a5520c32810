import { fileURLToPath } from 'node:url';
import { createProjectGraphAsync } from '@nx/devkit';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Proves the workspace lint config (eslint.config.mjs) holds the lines STYLE.md draws
 * around the libs. It lives here because metrics has the strictest rules; the other
 * libs' cases ride along. Snippets are linted as if they were files in each lib.
 */
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
let eslint: ESLint;

beforeAll(async () => {
  // @nx/enforce-module-boundaries reads the cached project graph and silently skips
  // without one, so build it first (in-process: nx.json turns the daemon off).
  await createProjectGraphAsync({ exitOnError: false });
  eslint = new ESLint({ cwd: repoRoot });
}, 120_000);

async function problems(filePath: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

const boundary = (message: string) => `@nx/enforce-module-boundaries: ${message}`;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * Refused with this message, or as a cycle: once the target depends on the
 * importer (every lib uses contracts, the API uses every lib), Nx reports
 * the cycle before the tag rule. Either way the import does not pass.
 */
const refused = (message: string) =>
  expect.stringMatching(new RegExp(`^@nx/enforce-module-boundaries: (${escape(message)}|Circular dependency between)`));

describe('libs/metrics', () => {
  const file = 'libs/metrics/src/example.ts';

  it('may import contracts and apache-arrow', async () => {
    const code = [
      "import { quarterSchema } from '@alignboard/contracts';",
      "import { tableFromArrays } from 'apache-arrow';",
      'export const parts = [quarterSchema, tableFromArrays];',
      '',
    ].join('\n');
    expect(await problems(file, code)).toEqual([]);
  });

  it.each([
    ['@nestjs/common', 'Injectable'],
    ['typeorm', 'DataSource'],
    ['pg', 'Pool'],
  ])('may not import %s', async (pkg, name) => {
    const code = `import { ${name} } from '${pkg}';\nexport const used = ${name};\n`;
    expect(await problems(file, code)).toEqual([
      boundary(`A project tagged with "scope:metrics" is not allowed to import "${pkg}"`),
    ]);
  });

  it('may not import another lib than contracts', async () => {
    const code = "export * from '@alignboard/connectors';\n";
    expect(await problems(file, code)).toEqual([
      boundary(
        'A project tagged with "scope:metrics" can only depend on libs tagged with "scope:contracts"',
      ),
    ]);
  });

  it('may not do I/O through Node built-ins, with or without the node: prefix', async () => {
    const messages = [
      ...(await problems(
        file,
        "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
      )),
      ...(await problems(file, "import { request } from 'http';\nexport const get = request;\n")),
    ];
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^no-restricted-imports: 'node:fs' import is restricted/);
    expect(messages[1]).toMatch(/^no-restricted-imports: 'http' import is restricted/);
  });

  it('may not read the clock, but may build a given instant', async () => {
    const code =
      "export const a = Date.now();\nexport const b = new Date();\nexport const c = new Date('2026-04-01T00:00:00Z');\n";
    const clock = 'no-restricted-syntax: Metrics read no clock: take `asOf` from the caller.';
    expect(await problems(file, code)).toEqual([clock, clock]);
  });

  it('may not reach into an app', async () => {
    const code = "export { loadEnv } from '@alignboard/api/src/config/env.js';\n";
    expect(await problems(file, code)).toEqual([refused('Imports of apps are forbidden')]);
  });
});

describe('libs/contracts', () => {
  const file = 'libs/contracts/src/example.ts';

  it('may import zod', async () => {
    expect(
      await problems(file, "import { z } from 'zod';\nexport const id = z.string();\n"),
    ).toEqual([]);
  });

  it('depends on no other lib and on no server package', async () => {
    expect(await problems(file, "export * from '@alignboard/metrics';\n")).toEqual([
      refused('A project tagged with "scope:contracts" cannot depend on any libs with tags'),
    ]);
    expect(
      await problems(
        file,
        "import { Controller } from '@nestjs/common';\nexport const c = Controller;\n",
      ),
    ).toEqual([
      boundary('A project tagged with "scope:contracts" is not allowed to import "@nestjs/common"'),
    ]);
  });
});

describe('libs/connectors', () => {
  const file = 'libs/connectors/src/example.ts';

  it('may import contracts', async () => {
    const code =
      "import { crmMappingSchema } from '@alignboard/contracts';\nexport const m = crmMappingSchema;\n";
    expect(await problems(file, code)).toEqual([]);
  });

  it('may not import Nest or TypeORM', async () => {
    expect(
      await problems(file, "import { Repository } from 'typeorm';\nexport const r = Repository;\n"),
    ).toEqual([
      boundary('A project tagged with "scope:connectors" is not allowed to import "typeorm"'),
    ]);
    expect(
      await problems(file, "import { Module } from '@nestjs/common';\nexport const m = Module;\n"),
    ).toEqual([
      boundary(
        'A project tagged with "scope:connectors" is not allowed to import "@nestjs/common"',
      ),
    ]);
  });
});
