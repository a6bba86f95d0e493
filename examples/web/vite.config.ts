// `npm run example:web` serves this app on WEB_PORT (default 5173; `-- --port N` works as well, the
// command line wins); `npm run example:web:build` writes examples/web/dist.
// VITE_GATEWAY_URL points it at a gateway; VITE_API_KEY (a bearer token) is for local trials only:
// a released app gets a short-lived JWT from its own backend instead of a secret in its bundle.
import { defineConfig } from 'vite';

const DEFAULT_PORT = 5173;

/** WEB_PORT when set (then that port or none: no drifting to the next free one), else 5173. */
function webPort(value = process.env.WEB_PORT): { port: number; strictPort: boolean } {
  if (value === undefined || value === '') return { port: DEFAULT_PORT, strictPort: false };
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`WEB_PORT must be a port number (1-65535), not "${value}"`);
  return { port, strictPort: true };
}

export default defineConfig({
  root: import.meta.dirname,
  build: { outDir: 'dist', emptyOutDir: true },
  server: webPort(),
});
