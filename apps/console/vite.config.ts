// The console is a static single-page app served by the gateway under /console/ (see serve.ts).
// Everything it needs (GraphiQL, Monaco and its workers, fonts, CSS) is bundled: no CDN, works offline.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const gateway = process.env.MODELGRAPH_GATEWAY_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  plugins: [react()],
  // Deterministic output: no build timestamps, content-hashed file names, no source maps.
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    // Monaco (inside GraphiQL) is large by nature; it is loaded lazily on the Explorer page only.
    chunkSizeWarningLimit: 6000,
    reportCompressedSize: false,
    rolldownOptions: {
      onLog(level, log, handler) {
        // GraphiQL's React-compiler output starts modules with "use no memo"; bundling drops it, harmlessly.
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  worker: { format: 'es' },
  // `npm run dev -w @modelgraph/console`: the API runs on the gateway; proxy it (WebSockets too).
  server: {
    proxy: {
      '/graphql': { target: gateway, ws: true, changeOrigin: true },
      '/upload': { target: gateway, changeOrigin: true },
    },
  },
});
