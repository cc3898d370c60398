/**
 * The pages Wendu serves, built by Vite into web/dist (scripts/build-web.mjs runs both builds):
 * - the operator console: /admin and /agent, React + antd (a multi-page app sharing one login);
 * - the demo shop page /demo and the landing page /;
 * - the customer widget, built separately (web/widget/vite.config.ts) as one self-contained
 *   /widget.js a shop puts on its own site.
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root,
  base: '/',
  publicDir: resolve(root, 'public'),
  plugins: [react()],
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: false,
    // antd + ECharts make the console's chunks large; they load once per operator session.
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: {
        index: resolve(root, 'index.html'),
        admin: resolve(root, 'admin.html'),
        agent: resolve(root, 'agent.html'),
        demo: resolve(root, 'demo.html'),
      },
    },
  },
});
