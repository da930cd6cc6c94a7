/**
 * Builds the web console into dist/web, which `radguard serve` serves. The server's CSP allows scripts and
 * styles from 'self' only, so the build must emit no inline script or style: the module-preload polyfill (an
 * inline helper in older setups) is off and no asset is inlined as a data: URL.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
    sourcemap: false,
  },
  // `npm run dev:web` with `radguard serve --port 8443` (plain HTTP on loopback) beside it.
  server: { proxy: { '/api': 'http://127.0.0.1:8443' } },
});
