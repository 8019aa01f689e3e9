import { defineConfig } from 'vite';

// A static site: relative asset paths (it can be served from any folder, e.g. the docs site's web-classifier/),
// module workers (the inference worker imports code-split chunks).
export default defineConfig({
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
});
