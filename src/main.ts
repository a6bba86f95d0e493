// The process: configuration → sandbox vendors where no vendor is configured → the synced index and
// its sync engine → listen → drain on SIGTERM.
import { existsSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { createGateway } from './app.ts';
import { type Config, ConfigError, loadConfig, type SourceSettings } from './config.ts';
import { openIndexStore } from './index/open.ts';
import type { IndexStore } from './index/store.ts';
import { createChangeFeed, ringingAfterSyncJobs } from './live/change-feed.ts';
import { serveGraphQLOverWebSocket } from './live/websocket.ts';
import { combineObservers, createLogger, createMetrics, serveMetrics, vendorLogObserver } from './observability/index.ts';
import { chooseLogFormat, prettyDestination } from './observability/logger.ts';
import { defaultResponseCache } from './plugins/response-cache.ts';
import type { SandboxVendors } from './sandbox/index.ts';
import { schema } from './schema/index.ts';
import { type VendorBudgetConfig, vendorBudgetOf } from './sources/budgets.ts';
import { createVendorBudgets } from './sources/http/index.ts';
import { createSources } from './sources/index.ts';
import { CUSTOMER_SOURCES } from './sources/model/index.ts';
import { createSyncEngine, indexedSourcesOf, type SyncEngine } from './sync/engine.ts';
import { describeSync } from './sync/start-up.ts';
import { startSyncThread } from './sync/thread/host.ts';

/** After SIGTERM, requests still open past their budget plus this are abandoned: the process exits. */
const DRAIN_MARGIN_MS = 5_000;

if (existsSync('.env')) process.loadEnvFile('.env');

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const logFormat = chooseLogFormat({
  requested: config.logFormat,
  terminal: process.stdout.isTTY === true,
  production: config.security.production,
});
const log = createLogger({ level: config.logLevel, ...(logFormat === 'pretty' ? { destination: await prettyDestination() } : {}) });
const metrics = createMetrics();
// Before the gateway exists, so that its tracing plugin reports to this SDK's provider. Loaded only
// when tracing is on.
const tracingSdk = config.tracing ? (await import('./observability/otel-sdk.ts')).startTracingSdk() : null;
if (tracingSdk) log.info('TRACING: OpenTelemetry spans are exported over OTLP/HTTP (OTEL_EXPORTER_OTLP_ENDPOINT)');

let sandbox: SandboxVendors | null = null;
let settings: SourceSettings = config.sources;
if (config.sandbox) {
  const { startSandboxVendors } = await import('./sandbox/index.ts');
  sandbox = await startSandboxVendors({
    kbSupport: config.sandboxKbSupport,
    undocumented: config.sandboxUndocumented,
    customers: config.sandboxCustomers,
  });
  settings = { ...sandbox.settings, ...config.sources };
  log.warn('SANDBOX MODE: sources without configuration are served by built-in sandbox vendors with made-up data');
}

if (config.cursorSecretGenerated) {
  log.warn(
    'CURSOR_SECRET is not set: cursors are sealed with a secret of this process alone and stop working when it restarts (set CURSOR_SECRET, the same on every instance)',
  );
}
if (config.security.auth.allowAnonymous) {
  log.warn(
    'ANONYMOUS ACCESS: requests without credentials may do everything (development only; set NODE_ENV=production and API_KEYS or JWT_*)',
  );
}
// With REDIS_URL, what several instances must agree on lives in Redis (src/stores/shared-state.ts);
// without it, each instance keeps its own in memory.
const shared = config.redisUrl
  ? (await import('./stores/shared-state.ts')).connectSharedState(config.redisUrl, config.security, log)
  : null;
const responseCache = config.responseCache
  ? {
      ...defaultResponseCache(config.responseCache.ttlMs, config.responseCache.customFieldsTtlMs),
      ...(shared ? { cache: shared.responseCache } : {}),
    }
  : null;
// The sandbox is no WordPress site to spare: its vendors' budgets and the sync's pace are lifted unless set.
const sandboxOnly = sandbox !== null && CUSTOMER_SOURCES.every((name) => config.sources[name] === undefined);
const budgets: VendorBudgetConfig =
  sandboxOnly && !config.vendorBudgetsSet
    ? { ...config.vendorBudgets, concurrency: { all: 256 }, callsPerSecond: { all: 0 } }
    : config.vendorBudgets;
const http = {
  ...config.http,
  observer: combineObservers(metrics.vendorObserver, vendorLogObserver(log)),
  // One budget per vendor for client requests and the sync; with Redis, for every instance.
  budgets: createVendorBudgets((source) => vendorBudgetOf(budgets, source), shared?.vendorBudget ?? null),
};
const adapters = createSources(settings, http);
let indexStore: IndexStore | null = null;
try {
  indexStore = await openIndexStore(config.index);
} catch (error) {
  const where = config.index.url ? 'INDEX_URL' : `INDEX_PATH (${config.index.path})`;
  console.error(
    `The index could not be opened at ${where}: ${error instanceof Error ? error.message : String(error)} (INDEX=off serves without it)`,
  );
  await sandbox?.stop();
  process.exit(1);
}
const indexed = indexStore ? indexedSourcesOf(indexStore, settings, adapters) : null;
// Live streams hear of changes at once after a gateway write or a sync job, on every instance with Redis.
const changes = indexed ? createChangeFeed(indexed, shared ? { shared: shared.doorbell } : {}) : null;
const syncObserver = changes ? ringingAfterSyncJobs(metrics.syncObserver, changes) : metrics.syncObserver;
let engine: Pick<SyncEngine, 'start' | 'stop' | 'status'> | null = null;
if (indexStore) {
  const sync = sandboxOnly && !config.syncPaceSet ? { ...config.sync, callsPerSecond: 1_000 } : config.sync;
  // A file or a server: the engine runs in a thread of its own, off the one that answers requests.
  engine =
    config.index.url !== null || config.index.path !== ':memory:'
      ? startSyncThread({
          data: {
            settings,
            http: config.http,
            backgroundConcurrency: config.vendorBudgets.backgroundConcurrency,
            sync,
            index: config.index,
            logLevel: config.logLevel,
          },
          budgets: http.budgets,
          logger: log,
          observer: syncObserver,
          vendorObserver: http.observer,
        })
      : createSyncEngine({ store: indexStore, sources: adapters, settings, sync, logger: log, observer: syncObserver });
  if (shared && !config.index.url) {
    log.warn(
      'SEVERAL INSTANCES, SEVERAL INDEXES: REDIS_URL is set but INDEX_URL is not, so each instance keeps and syncs an index of its own (each one calls the vendors for it); set INDEX_URL=postgres://… to share one',
    );
  }
  log.info(await describeSync(engine, sync, indexStore.kind === 'sqlite' ? `SQLite at ${config.index.path}` : 'PostgreSQL (INDEX_URL)'));
} else {
  log.info('INDEX=off: no synced index; every read passes through to the vendors');
}
/** Set on SIGTERM: /ready answers 503, answers close their connections. */
let draining = false;
const gateway = createGateway(adapters, {
  security: config.security,
  corsOrigins: config.corsOrigins,
  ...(responseCache ? { responseCache } : {}),
  ...(shared ? { idempotency: shared.idempotency, limiters: shared.limiters } : {}),
  requestBudgetMs: config.requestBudgetMs,
  observability: {
    logger: log,
    metrics,
    tracing: config.tracing,
    metricsElsewhere: config.metricsPort !== null,
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
  },
  draining: () => draining,
  // GraphiQL's tabs that write: only when no vendor is live (▶ must never change a real customer).
  graphiql: { writeExamples: sandbox !== null && CUSTOMER_SOURCES.every((name) => config.sources[name] === undefined) },
  ...(indexed && changes ? { index: indexed, changes } : {}),
});
engine?.start();
const open = new Set<ServerResponse>();
const server = createServer((request, response) => {
  open.add(response);
  response.once('close', () => open.delete(response));
  // Draining: each answer closes its connection, so that the client's next request goes elsewhere.
  if (draining) response.shouldKeepAlive = false;
  void gateway(request, response);
});
// GraphQL over WebSocket on the same port and path, through the same pipeline (src/live/websocket.ts).
const closeWebSockets = serveGraphQLOverWebSocket(server, '/graphql', schema, (request, serverContext) =>
  gateway.fetch(request, serverContext),
);
// METRICS_PORT: /metrics on a port of its own (a private network's), and not on the GraphQL port.
const metricsServer = config.metricsPort === null ? null : createServer(serveMetrics(metrics.registry, config.metricsToken));

/** What was started before the servers listen: released on shutdown, and when a port cannot be had. */
async function releaseStarted(): Promise<void> {
  await tracingSdk?.shutdown().catch((err: unknown) => log.warn({ err }, 'tracing: spans not exported at shutdown'));
  await gateway.dispose(); // webhook deliveries stop, their leases let go
  // The sync first (its leases let go, so another instance takes over at once), then its store.
  await engine?.stop().catch((err: unknown) => log.warn({ err }, 'sync engine: not stopped cleanly'));
  await indexStore?.close().catch((err: unknown) => log.warn({ err }, 'index: not closed cleanly'));
  await sandbox?.stop();
  await shared?.close();
}

/** The reason a port could not be opened, in words a person can act on. */
function listenProblem(error: unknown, port: number, variable: string): string {
  const code = error instanceof Error && 'code' in error ? String(error.code) : null;
  if (code === 'EADDRINUSE') return `port ${port} is already in use by another process: stop it, or set ${variable} to a free port`;
  if (code === 'EACCES') return `port ${port} needs privileges this process does not have: set ${variable} to a port above 1023`;
  if (code === 'EADDRNOTAVAIL') return `port ${port} cannot be opened on this machine's addresses (${code})`;
  return `cannot listen on port ${port} (${code ?? (error instanceof Error ? error.message : String(error))})`;
}

/**
 * Listens on `port`, and answers the port bound. When the port cannot be had, says so in one line
 * naming the variable that chose it (no stack: nothing in the code is wrong), stops what was started
 * and exits non-zero.
 */
async function listenOrExit(target: Server, port: number, variable: string): Promise<number> {
  try {
    await new Promise<void>((resolve, reject) => {
      target.once('error', reject);
      target.listen(port, () => {
        target.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    console.error(`${variable}: ${listenProblem(error, port, variable)}`);
    // Whatever still holds the process open after this long is abandoned.
    setTimeout(() => process.exit(1), 3_000).unref();
    for (const other of [server, metricsServer]) if (other?.listening) other.close();
    await releaseStarted().catch(() => undefined);
    process.exit(1);
  }
  const address = target.address();
  return typeof address === 'object' && address ? address.port : port;
}

// Before the servers listen: once the log says the gateway is up, a SIGTERM drains it.
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
if (metricsServer) {
  const metricsPort = await listenOrExit(metricsServer, config.metricsPort ?? 0, 'METRICS_PORT');
  log.info(`Prometheus metrics at http://localhost:${metricsPort}/metrics`);
} else if (config.security.production && !config.metricsToken) {
  log.info('/metrics is off: set METRICS_TOKEN, or METRICS_PORT to serve it on a port of its own');
}
const port = await listenOrExit(server, config.port, 'PORT');
const sources = CUSTOMER_SOURCES.map((name) => {
  const where = !settings[name] ? 'off' : sandbox && !config.sources[name] ? 'sandbox' : 'live';
  return `${name}=${where}`;
});
log.info({ sources }, `Switchboard GraphQL at http://localhost:${port}/graphql (${sources.join(', ')})`);

/** Stops accepting, lets the requests in flight finish (within their budget), then exits. */
async function shutdown(signal: string): Promise<void> {
  if (draining) return;
  draining = true;
  log.info(`${signal}: draining ${open.size} in-flight request(s)`);
  setTimeout(() => {
    log.error(`${signal}: ${open.size} request(s) still open after the request budget; exiting`);
    process.exit(1);
  }, config.requestBudgetMs + DRAIN_MARGIN_MS).unref();
  for (const response of open) if (!response.headersSent) response.shouldKeepAlive = false;
  // Event streams never finish by themselves: they end now, and their clients resume elsewhere from their last event id.
  for (const response of open) if (String(response.getHeader('content-type') ?? '').startsWith('text/event-stream')) response.end();
  await closeWebSockets();
  metricsServer?.close();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await closed;
  await releaseStarted();
  process.exit(0);
}
