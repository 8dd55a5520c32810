import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The workspace libs have no build of their own: the dashboard bundles their sources. Only
 * `import type` reaches `@alignboard/contracts` from the first screen, so zod stays out of the
 * first chunk; `@alignboard/metrics` gives the fiscal calendar (the rest is tree-shaken away).
 */
export const workspaceAliases = {
  '@alignboard/contracts': here('../../libs/contracts/src/index.ts'),
  '@alignboard/metrics': here('../../libs/metrics/src/index.ts'),
  // Before the lib's main entry: an alias matches by prefix, the first that matches wins.
  '@alignboard/presentation/charts': here('../../libs/presentation/src/charts/index.ts'),
  '@alignboard/presentation': here('../../libs/presentation/src/index.ts'),
};

export default defineConfig({
  root: here('.'),
  resolve: { alias: workspaceAliases },
  build: {
    // The API serves this folder at `/` (apps/api/src/config/paths.ts).
    outDir: here('../../dist/apps/dashboard'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      // The contracts lib only declares schemas and types: what the dashboard does not use is
      // dropped, so zod's schemas stay out of the bundle.
      treeshake: { moduleSideEffects: (id: string) => !/[\\/]libs[\\/](contracts|metrics|presentation)[\\/]/.test(id) },
    },
  },
  server: {
    // `npm run dev` beside a running API (`alignboard serve`, port 3000 by default).
    proxy: { '/api': 'http://localhost:3000' },
  },
});
