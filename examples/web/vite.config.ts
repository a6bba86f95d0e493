// `npm run example:web` serves this app; `npm run example:web:build` writes examples/web/dist.
// VITE_GATEWAY_URL points it at a gateway; VITE_API_KEY (a bearer token) is for local trials only:
// a released app gets a short-lived JWT from its own backend instead of a secret in its bundle.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  build: { outDir: 'dist', emptyOutDir: true },
  server: { port: 5173 },
});
