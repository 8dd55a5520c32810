// Module hooks that let a child process run the CLI from its TypeScript
// sources, compiled by SWC as Vitest compiles them (decorator metadata
// included), so a test can kill a real `alignboard` process without
// depending on a build others may be rewriting at the same moment.
import { transform } from '@swc/core';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const libs = new URL('../../../libs/', import.meta.url);
const swcOptions = {
  module: { type: 'es6' },
  sourceMaps: 'inline',
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
  },
};

export async function resolve(specifier, context, next) {
  const lib = /^@alignboard\/(contracts|connectors|metrics|presentation)$/.exec(specifier);
  if (lib) return { url: new URL(`${lib[1]}/src/index.ts`, libs).href, shortCircuit: true };
  if (specifier === '@alignboard/presentation/charts') return { url: new URL('presentation/src/charts/index.ts', libs).href, shortCircuit: true };
  // Sources import each other as `./x.js`; the file is `./x.ts`.
  if (/^\.\.?\//.test(specifier) && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
    const ts = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (!existsSync(fileURLToPath(new URL(specifier, context.parentURL))) && existsSync(fileURLToPath(ts))) {
      return { url: ts.href, shortCircuit: true };
    }
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context);
  const filename = fileURLToPath(url);
  const { code } = await transform(await readFile(filename, 'utf8'), { ...swcOptions, filename });
  return { format: 'module', source: code, shortCircuit: true };
}

