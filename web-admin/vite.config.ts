import { defineConfig } from 'vite';

// The API server for `npm run dev` (the C++ `brobygger serve`); override with BROBYGGER_API.
const api = process.env.BROBYGGER_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  // Preact through the automatic JSX runtime; no extra plugin needed.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    // Never inline assets as data: URIs (a CSP of default-src 'self' blocks them).
    assetsInlineLimit: 0,
    // Modern browsers only: no inline modulepreload polyfill.
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/healthz': { target: api },
      '/readyz': { target: api },
      '/calendar': { target: api },
    },
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    proxy: {
      '/api': { target: api },
    },
  },
});
