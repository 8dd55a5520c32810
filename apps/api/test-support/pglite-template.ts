import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Creating a PGlite cluster takes seconds; loading a dumped one is much faster. */
export function pgliteTemplatePath(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return join(tmpdir(), `alignboard-pglite-${manifest.version}-template.tar`);
}
