#!/usr/bin/env -S node --
// `--` ends Node's own options: without it Node reads an `--env-file` meant for
// `alignboard apply` itself and stops with "node: FILE: not found" (exit 9)
// when FILE is missing (nodejs/node#54232), before this file runs.
// The CLI runs from the build; say so plainly when it is missing.
try {
  await import('../dist/apps/api/src/cli/main.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/apps/api')) {
    process.stderr.write('alignboard: the build is missing; run `npm run build` first (npm start does it for you)\n');
    process.exit(1);
  }
  throw error;
}
