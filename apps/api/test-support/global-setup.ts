import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pgliteTemplatePath } from './pglite-template.js';

/** Builds the empty PGlite cluster every test file starts from, once per machine. */
export default async function setup() {
  if (process.env.ALIGNBOARD_TEST_DATABASE_URL) return;
  const path = pgliteTemplatePath();
  if (existsSync(path)) return;
  const db = await PGlite.create();
  const dump = await db.dumpDataDir('none');
  await db.close();
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, path);
}
