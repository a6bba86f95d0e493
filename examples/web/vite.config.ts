// `npm run example:web` serves this app; `npm run example:web:build` writes examples/web/dist.
// VITE_GATEWAY_URL and VITE_API_KEY (an API key with customers:read, customers:write and pii:read)
// point it at a gateway.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  build: { outDir: 'dist', emptyOutDir: true },
  server: { port: 5173 },
});
