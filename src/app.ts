// The gateway as a fetch handler, without a port: main.ts serves it, tests call it over HTTP.
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import { type CursorSeal, createCursorSeal } from './connections/cursor-seal.ts';
import { createContext, type GatewayContext } from './context.ts';
import { clientErrorFor } from './errors.ts';
import { graphiqlAssetPaths } from './graphiql/assets.ts';
import { useGraphiQL } from './graphiql/plugin.ts';
import type { IndexedSources } from './index/sync-state.ts';
import { type ChangeFeed, createChangeFeed } from './live/change-feed.ts';
import { useEventIdsOnStreams } from './live/sse-event-ids.ts';
import { type GatewayMetrics, type Logger, tracingPlugin, useMetricsEndpoint, useRequestLog, yogaLogger } from './observability/index.ts';
import { type Endpoints, principalOf } from './plugins/auth.ts';
import { useCompression } from './plugins/compression.ts';
import { useIncrementalDelivery } from './plugins/incremental-delivery.ts';
import { storeChecks, useHealth, useReadiness } from './plugins/readiness.ts';
import { operationScope, useRequestScope } from './plugins/request-scope.ts';
import { type ResponseCacheSettings, useCachedResponses } from './plugins/response-cache.ts';
import { useSameAsAhead } from './plugins/same-as-ahead.ts';
import { CSRF_HEADER, DEVELOPMENT_SECURITY, type SecuritySettings, type SharedLimiters, securityPlugins } from './plugins/security.ts';
import { useSourceReports } from './plugins/source-reports.ts';
import { schema } from './schema/index.ts';
import { webhookEventBody } from './schema/webhook.ts';
import type { Sources } from './sources/index.ts';
import { createWebhookDeliverer, type WebhookDeliverySettings } from './webhooks/deliverer.ts';
import { createMemoryIdempotencyStore, type IdempotencyStore } from './writes/idempotency.ts';

export type Gateway = YogaServerInstance<Record<string, unknown>, GatewayContext>;

export interface GatewayOptions {
  /** Where mutation idempotency keys live; in memory unless given. */
  idempotency?: IdempotencyStore;
  /** No answer waits longer: vendor calls still running then are cut off and reported. */
  requestBudgetMs?: number;
  /** Credentials, limits, introspection, trusted documents; development defaults unless given. */
  security?: SecuritySettings;
  /** Browser origins allowed to call the gateway (CORS); `*` any; none (same origin only) when empty. */
  corsOrigins?: string[];
  /** Rate limiters shared by several instances (Redis); else each in memory. */
  limiters?: SharedLimiters;
  /** Cached answers to repeated reads; none unless given. */
  responseCache?: ResponseCacheSettings;
  /**
   * A log line per request, Prometheus metrics at /metrics, optional tracing. /metrics is served here
   * outside production, and in production only with `metricsToken`; `metricsElsewhere`: never here
   * (main.ts serves it on METRICS_PORT).
   */
  observability?: { logger: Logger; metrics: GatewayMetrics; metricsToken?: string; metricsElsewhere?: boolean; tracing?: boolean };
  /** True once the process is shutting down (SIGTERM): /ready answers 503 (it also does while a store of the gateway fails). */
  draining?: () => boolean;
  /**
   * GraphiQL's example tabs: `writeExamples` offers those that write (mutations on sandbox records),
   * only when every configured vendor is a sandbox one. Reads only unless given.
   */
  graphiql?: { writeExamples: boolean };
  /** The synced index the sync engine keeps: cross-source reads are answered from it. Every read is live without it. */
  index?: IndexedSources;
  /** How live streams hear of the index's changes (with a doorbell shared by the instances); one of this process alone unless given. */
  changes?: ChangeFeed;
  /**
   * How webhooks are delivered (retry schedule, lease, time limit); defaults unless given. With the
   * index, the gateway delivers webhooks until it is disposed (`gateway.dispose()`).
   */
  webhooks?: WebhookDeliverySettings;
}

const GRAPHQL_PATH = '/graphql';
const HEALTH_PATH = '/health';
const READY_PATH = '/ready';
const METRICS_PATH = '/metrics';

const DEFAULT_REQUEST_BUDGET_MS = 10_000;

export function createGateway(sources: Sources, options: GatewayOptions = {}): Gateway {
  const security = options.security ?? DEVELOPMENT_SECURITY;
  const cursors = createCursorSeal(security.cursorSecrets);
  const observed = options.observability;
  const live = options.index
    ? liveServices(options.index, sources, cursors, security.production, options.webhooks, observed, options.changes)
    : null;
  const services = {
    sources,
    idempotency: options.idempotency ?? createMemoryIdempotencyStore(),
    cursors,
    ...(live ?? {}),
  };
  const limits = { budgetMs: options.requestBudgetMs ?? DEFAULT_REQUEST_BUDGET_MS, maxVendorCalls: security.limits.maxVendorCalls };
  const servesMetrics =
    observed !== undefined && !observed.metricsElsewhere && (!security.production || observed.metricsToken !== undefined);
  // GraphiQL (off in production unless GRAPHIQL=1): its page on GET /graphql, its code under hashed
  // names, open like /health (known-paths serves these exact paths and no other).
  const graphiqlAssets = security.graphiql ? Object.values(graphiqlAssetPaths()) : [];
  const endpoints: Endpoints = {
    graphql: GRAPHQL_PATH,
    open: [HEALTH_PATH, READY_PATH, ...(servesMetrics ? [METRICS_PATH] : []), ...graphiqlAssets],
    graphiql: security.graphiql,
  };
  return createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    // Enforced by useRequestBodyLimit (securityPlugins), which reads a declared length without a stream.
    maxRequestBodySize: false,
    cors: corsOptions(options.corsOrigins ?? []),
    batching: security.batching ? { limit: security.batching.limit } : false,
    // /health is served by useHealth (with each source's state); yoga's own would answer first. A URL
    // never ends in a space (it is percent-encoded), so this one matches nothing.
    healthCheckEndpoint: ' ',
    landingPage: false,
    // Errors yoga masks are logged through pino (redacted, one line each), never to the console.
    logging: observed ? yogaLogger(observed.logger) : false,
    context: ({ request }) => createContext(services, request, operationScope(request, limits), principalOf(request)),
    // Served by useGraphiQL below, with its assets apart, compressed and cached (yoga's inlines 9 MB).
    graphiql: false,
    maskedErrors: { maskError: maskGatewayError, errorMessage: MASKED_MESSAGE },
    plugins: [
      // Webhook deliveries run until the gateway is disposed.
      { onDispose: () => live?.webhooks.deliverer.stop() },
      useRequestScope(limits),
      // Before every plugin that wraps the execute function, so that they wrap its own.
      useIncrementalDelivery((error) => maskGatewayError(error, MASKED_MESSAGE) as GraphQLError),
      // Before the security plugins, so that refused requests are logged and counted too.
      ...(observed
        ? [
            useRequestLog(observed.logger, { clientOf: principalOf }),
            observed.metrics.plugin,
            ...(servesMetrics
              ? [
                  useMetricsEndpoint(
                    observed.metrics.registry,
                    observed.metricsToken ? { path: METRICS_PATH, token: observed.metricsToken } : { path: METRICS_PATH },
                  ),
                ]
              : []),
          ]
        : []),
      tracingPlugin(observed?.tracing ?? false),
      ...securityPlugins(security, endpoints, options.limiters),
      ...(security.graphiql
        ? [
            useGraphiQL({
              endpoint: GRAPHQL_PATH,
              assetPaths: graphiqlAssets,
              writeExamples: options.graphiql?.writeExamples ?? false,
              credentialsRequired: !security.auth.allowAnonymous,
            }),
          ]
        : []),
      // Before the cache: an answer that lost a source carries its error, and is not cached.
      useSourceReports(),
      useSameAsAhead(),
      useEventIdsOnStreams(),
      ...(options.responseCache ? [useCachedResponses(options.responseCache)] : []),
      useReadiness({
        checks: storeChecks({ ...(options.index ? { index: options.index } : {}), idempotency: services.idempotency }),
        ...(options.draining ? { draining: options.draining } : {}),
      }),
      useHealth(sources, options.index ? { index: options.index } : {}),
      // Last: it sees each answer as the others left it (headers set), and compresses it as the client accepts.
      useCompression(),
    ],
  });
}

const MASKED_MESSAGE = 'Unexpected error.';

/** What a client sees of an error: ours as they are, a vendor's failure as its code, anything else masked. */
function maskGatewayError(error: unknown, message: string, isDev?: boolean): Error {
  if (!(error instanceof GraphQLError)) return maskError(error, message, isDev);
  // Already meant for the client: our own GraphQLErrors, thrown or collected.
  if (!error.originalError || error.originalError instanceof GraphQLError) return error;
  const clientError = clientErrorFor(error.originalError);
  if (!clientError) return maskError(error, message, isDev);
  // Path and code, not the AST nodes: their locations are not always resolvable at this stage.
  return new GraphQLError(clientError.message, { path: error.path, extensions: clientError.extensions });
}

/** The index's change feed for subscriptions, and the webhooks with their deliverer (started here). */
function liveServices(
  index: IndexedSources,
  sources: Sources,
  seal: CursorSeal,
  production: boolean,
  settings: WebhookDeliverySettings | undefined,
  observed: GatewayOptions['observability'],
  given: ChangeFeed | undefined,
) {
  const changes = given ?? createChangeFeed(index);
  const policy = { production };
  const deliverer = createWebhookDeliverer({
    ...(observed ? { observer: observed.metrics.webhookObserver, logger: observed.logger } : {}),
    ...settings,
    index,
    feed: changes,
    seal,
    policy,
    bodyOf: webhookEventBody(sources.PLATFORM?.organization ?? null),
  });
  deliverer.start();
  return { index, changes, webhooks: { index, policy, deliverer } };
}

/** Only the listed origins, with the headers a browser client sends (auth, CSRF, idempotency, request id). */
function corsOptions(origins: string[]) {
  if (origins.length === 0) return false;
  return {
    origin: origins.includes('*') ? '*' : origins,
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'authorization', CSRF_HEADER, 'idempotency-key', 'x-request-id'],
    exposedHeaders: ['x-request-id'],
    credentials: false,
    maxAge: 600,
  };
}
