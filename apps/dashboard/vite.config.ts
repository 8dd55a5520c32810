import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  build: {
    // The API serves this folder at `/` (apps/api/src/config/paths.ts).
    outDir: here('../../dist/apps/dashboard'),
    emptyOutDir: true,
  },
  server: {
    // `npm run dev` beside a running API (`alignboard serve`, port 3000 by default).
    proxy: { '/api': 'http://localhost:3000' },
  },
});
