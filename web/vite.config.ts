// One config for both apps: `vite build --mode citizen` builds the citizen site into dist/citizen
// (served at /), `--mode dashboard` the officer dashboard into dist/dashboard (at /dashboard/).
// Shared code lives in shared/.
import { defineConfig } from 'vite';

export default defineConfig(({ mode }) => ({
  root: mode,
  // The citizen site is addressed by path, so its files load from the root at any page's path;
  // the dashboard's are relative: the same build serves it at /dashboard/ here and at its own
  // domain's root when deployed.
  base: mode === 'citizen' ? '/' : './',
  build: { outDir: `../dist/${mode}`, emptyOutDir: true, target: 'es2020' },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // `npm exec vite -- --mode citizen` during development, with `make run` serving the API.
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
}));
