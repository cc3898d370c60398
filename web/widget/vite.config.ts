/**
 * The customer widget: one IIFE file (web/dist/widget.js) with everything inlined — styles live
 * in its shadow root, socket.io-client is bundled — so a shop adds one <script> tag and nothing
 * else. Kept small (gzip size reported by the build; budget WIDGET_GZIP_BUDGET_BYTES).
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  publicDir: false,
  build: {
    outDir: resolve(import.meta.dirname, '..', 'dist'),
    emptyOutDir: false,
    lib: {
      entry: resolve(import.meta.dirname, 'src', 'main.ts'),
      name: 'WenduWidget',
      formats: ['iife'],
      fileName: () => 'widget.js',
    },
    minify: true,
    target: 'es2020',
  },
});
