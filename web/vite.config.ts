// One config for both apps: `vite build --mode citizen` builds the citizen site into dist/citizen
// (served at /), `--mode dashboard` the officer dashboard into dist/dashboard (at /dashboard/).
// Shared code lives in shared/.
import { defineConfig } from 'vite';

export default defineConfig(({ mode }) => ({
  root: mode,
  // Relative: the same build serves the dashboard at /dashboard/ here and at its own domain's root.
  base: './',
  build: { outDir: `../dist/${mode}`, emptyOutDir: true, target: 'es2020' },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // `npm exec vite -- --mode citizen` during development, with `make run` serving the API.
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
}));
