// The processes a benchmark run measures, each in its own process: the sandbox vendors, the gateway
// (uncached, and a second one with its response cache on when asked), the baseline, and a peer gateway.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_HTTP_SETTINGS } from '../src/sources/http/index.ts';
import type { Targets } from './measure.ts';
import type { BenchOptions } from './options.ts';
import { startMeshPeer } from './peer-mesh.ts';
import { type Child, nodeBinary, startChild, waitForHttp } from './processes.ts';
import { SCENARIOS } from './scenarios.ts';
import type { VendorsReady } from './vendors.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The node flags `npm start` runs the gateway with (package.json), so that the process measured is the one that ships. */
export const START_FLAGS: string[] = (
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts?.start ?? ''
)
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));

/** The gateway's process: src/main.ts, ended by the lifeline when the runner goes away. */
export const GATEWAY_ARGS: string[] = [
  ...START_FLAGS,
  '--import',
  pathToFileURL(join(ROOT, 'bench', 'lifeline.ts')).href,
  join(ROOT, 'src', 'main.ts'),
];

/** What every benchmarked gateway runs with: production mode, no rate limit, no credentials asked, quiet logs. */
export const GATEWAY_ENV = {
  LOG_LEVEL: 'warn',
  RATE_LIMIT_PER_SECOND: '0',
  ALLOW_ANONYMOUS: '1',
  NODE_ENV: 'production',
  CURSOR_SECRET: 'the-benchmark-gateway-cursor-secret',
  INTROSPECTION: '0',
  // The stand-in vendors take any load: what is measured is the gateway, not a small site's budget.
  VENDOR_CONCURRENCY: String(DEFAULT_HTTP_SETTINGS.concurrency),
  VENDOR_CALLS_PER_SECOND: '0',
};

export interface StartedTargets {
  vendors: VendorsReady;
  /** The vendors' admin endpoint: counts, latency, reset. */
  admin: string;
  gatewayStart: { url: string; child: Child };
  gatewayUrl: string;
  baselineUrl: string;
  peerStart: { url: string; child: Child } | null;
  targets: Targets;
}

/** Starts the vendors first (the others need their addresses), then the rest at once. */
export async function startTargets(options: BenchOptions): Promise<StartedTargets> {
  const node = nodeBinary(ROOT);
  const logDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const baseEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    TZ: process.env.TZ ?? 'UTC',
  };
  const firstLatency = options.latencies[0] ?? 0;
  options.log(`bench: logs in ${logDir}`);

  const vendorsStart = await startChild({
    name: 'vendors',
    node,
    args: [join(ROOT, 'bench', 'vendors.ts')],
    cwd: ROOT,
    env: { ...baseEnv, BENCH_LATENCY_MS: String(firstLatency) },
    logDir,
    readyLine: true,
    timeoutMs: 20_000,
  });
  const vendors = vendorsStart.ready as VendorsReady;
  const admin = vendors.admin;

  const gatewayExtra = Object.fromEntries(
    options.gatewayEnv.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
  const startGateway = async (responseCache: boolean): Promise<{ url: string; child: Child }> => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const { child } = await startChild({
      name: responseCache ? 'gateway-cached' : 'gateway',
      node,
      // Its own process, as in production; the lifeline only ends it when the runner goes away.
      args: GATEWAY_ARGS,
      // Not the checkout: a developer's .env there must not change what is measured.
      cwd: logDir,
      env: {
        ...baseEnv,
        ...vendors.env,
        PORT: String(port),
        ...GATEWAY_ENV,
        // The scenarios measure the pass-through against a direct client: no synced index (which
        // would answer the cross-source ones with no vendor call at all).
        INDEX: 'off',
        ...(responseCache ? {} : { RESPONSE_CACHE: '0' }),
        ...gatewayExtra,
      },
      logDir,
      readyLine: false,
      timeoutMs: 0,
    });
    await waitForHttp(`${url}/health`, child, 30_000);
    return { url, child };
  };
  const startBaseline = () =>
    startChild({
      name: 'baseline',
      node,
      args: [join(ROOT, 'bench', 'baseline.ts')],
      cwd: ROOT,
      env: { ...baseEnv, ...vendors.env, BASELINE_PORT: '0' },
      logDir,
      readyLine: true,
      timeoutMs: 20_000,
    });
  const peerScenarios = options.peerDir === null ? [] : options.scenarios.filter((key) => SCENARIOS[key].peer);
  const startPeer = async () =>
    options.peerDir === null || peerScenarios.length === 0
      ? null
      : startMeshPeer({
          dir: options.peerDir,
          cacheRoot: join(ROOT, 'node_modules', '.cache', 'switchboard-bench'),
          node,
          port: await freePort(),
          vendorsEnv: vendors.env,
          logDir,
          log: options.log,
        });
  const [gatewayStart, cachedStart, baselineStart, peerStart] = await Promise.all([
    startGateway(false),
    options.cached ? startGateway(true) : Promise.resolve(null),
    startBaseline(),
    startPeer(),
  ]);
  const gatewayUrl = gatewayStart.url;
  const baselineUrl = (baselineStart.ready as { url: string }).url;
  const targets: Targets = {
    gateway: gatewayStart,
    cached: cachedStart,
    baseline: { url: baselineUrl, child: baselineStart.child },
    peer: peerStart,
  };

  return { vendors, admin, gatewayStart, gatewayUrl, baselineUrl, peerStart, targets };
}

export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
