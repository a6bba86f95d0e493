// Prometheus metrics of one gateway, in its own registry (never prom-client's global one): GraphQL
// operations by name and outcome, vendor calls by source, method, status and outcome, and each
// vendor's circuit breaker. Every label takes a bounded set of values: operation names beyond the
// first few hundred become "other", and no label ever holds an id.
import { timingSafeEqual } from 'node:crypto';
import type { RequestListener } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { SyncObserver } from '../index/sync-state.ts';
import { CUSTOMER_SOURCES } from '../sources/model/index.ts';
import { observeGraphQLRequests } from './graphql-requests.ts';
import { breakerStateValue, type VendorCallOutcome, type VendorObserver } from './vendor-observer.ts';
import { type WebhookObserver, webhookMetrics } from './webhook-metrics.ts';

export interface MetricsOptions {
  /** Distinct operation names kept as labels; later new names count as "other". Default 200. */
  maxOperationNames?: number;
  /** Also collect prom-client's process metrics (CPU, memory, event loop, GC). Default true. */
  processMetrics?: boolean;
}

export interface GatewayMetrics {
  registry: Registry;
  /** Yoga plugin: `graphql_operations_total` and `graphql_operation_duration_seconds`. */
  plugin: Plugin;
  /** Feeds `vendor_calls_total`, `vendor_call_duration_seconds` and `vendor_breaker_state`. */
  vendorObserver: VendorObserver;
  /** Feeds `sync_records`, `sync_jobs_total`, `sync_job_duration_seconds`, `sync_last_success_timestamp_seconds`. */
  syncObserver: SyncObserver;
  /** Feeds `webhook_deliveries_total`, `webhook_delivery_duration_seconds` and `webhooks_delivering`. */
  webhookObserver: WebhookObserver;
}

export const DEFAULT_MAX_OPERATION_NAMES = 200;

/** Seconds; from a cache hit to the gateway's whole request budget. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20];

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const OUTCOMES = new Set<string>(['ok', 'client_error', 'failure', 'circuit_open', 'outcome_unknown'] satisfies VendorCallOutcome[]);
const SOURCES = new Set<string>(CUSTOMER_SOURCES);

/**
 * Operation names as label values. The first `max` distinct names of operations that ran are kept;
 * any other name is "other". Names are not evicted: evicting would either leave the evicted name's
 * series in the registry (no bound at all) or delete series still in use.
 */
export class OperationNameLabels {
  readonly #names = new Set<string>();
  readonly #max: number;

  constructor(max = DEFAULT_MAX_OPERATION_NAMES) {
    this.#max = max;
  }

  /** `executed`: the operation passed validation; a name is only admitted then. */
  label(name: string | null, executed: boolean): string {
    if (name === null) return 'anonymous';
    if (this.#names.has(name)) return name;
    if (executed && this.#names.size < this.#max) {
      this.#names.add(name);
      return name;
    }
    return 'other';
  }

  get size(): number {
    return this.#names.size;
  }
}

export function createMetrics(options: MetricsOptions = {}): GatewayMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  const operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations answered, by operation name (first names seen; then "other"), type and outcome (ok: no errors in the answer)',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [registry],
  });
  const operationDuration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'Time from receiving a GraphQL request to its response, by operation name and type',
    labelNames: ['operation', 'type'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const vendorCalls = new Counter({
    name: 'vendor_calls_total',
    help: 'Calls to vendor APIs, by source, HTTP method, HTTP status ("none" without an answer) and outcome',
    labelNames: ['source', 'method', 'status', 'outcome'] as const,
    registers: [registry],
  });
  const vendorDuration = new Histogram({
    name: 'vendor_call_duration_seconds',
    help: 'Duration of vendor API calls (retries included), by source',
    labelNames: ['source'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const breakerState = new Gauge({
    name: 'vendor_breaker_state',
    help: 'Circuit breaker state per vendor source: 0 closed, 1 half-open, 2 open',
    labelNames: ['source'] as const,
    registers: [registry],
  });

  const names = new OperationNameLabels(options.maxOperationNames);
  const breakerKnown = new Set<string>();

  const plugin = observeGraphQLRequests(({ status, durationMs, operations: ops }) => {
    const observe = (labels: { operation: string; type: string }) => {
      if (durationMs !== null) operationDuration.observe(labels, durationMs / 1000);
    };
    if (ops.length === 0) {
      // Refused before an operation could be read (unreadable body, credentials, rate limit, …).
      operations.inc({ operation: 'none', type: 'unknown', outcome: 'error' });
      observe({ operation: 'none', type: 'unknown' });
      return;
    }
    for (const op of ops) {
      const labels = { operation: names.label(op.name, op.executed), type: op.type ?? 'unknown' };
      operations.inc({ ...labels, outcome: status >= 400 || op.errorCount > 0 ? 'error' : 'ok' });
      observe(labels);
    }
  });

  const vendorObserver: VendorObserver = {
    onCall({ source, method, status, outcome, durationMs }) {
      const sourceLabel = SOURCES.has(source) ? source : 'other';
      const upper = method.toUpperCase();
      // status: the last one the vendor answered with (a retried 503 that then answered 200 says 200).
      vendorCalls.inc({
        source: sourceLabel,
        method: METHODS.has(upper) ? upper : 'OTHER',
        status: status !== null && Number.isInteger(status) && status >= 100 && status <= 599 ? String(status) : 'none',
        outcome: OUTCOMES.has(outcome) ? outcome : 'other',
      });
      if (Number.isFinite(durationMs) && durationMs >= 0) vendorDuration.observe({ source: sourceLabel }, durationMs / 1000);
      // A source whose breaker never changed is closed (or open, if its first call met an open circuit).
      if (!breakerKnown.has(sourceLabel)) {
        breakerKnown.add(sourceLabel);
        breakerState.set({ source: sourceLabel }, outcome === 'circuit_open' ? 2 : 0);
      }
    },
    onBreakerChange(source, state) {
      const value = breakerStateValue(state);
      if (value === null) return;
      const sourceLabel = SOURCES.has(source) ? source : 'other';
      breakerKnown.add(sourceLabel);
      breakerState.set({ source: sourceLabel }, value);
    },
  };

  return { registry, plugin, vendorObserver, syncObserver: syncMetrics(registry), webhookObserver: webhookMetrics(registry) };
}

/** The sync engine's jobs per source: records kept, jobs by kind and outcome, their duration, the last success of each kind. */
function syncMetrics(registry: Registry): SyncObserver {
  const records = new Gauge({
    name: 'sync_records',
    help: 'Records of each source in the synced index after its last sync job',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  const jobs = new Counter({
    name: 'sync_jobs_total',
    help: 'Sync jobs by source, kind (load, tick, sweep) and outcome (ok, failed, refused: the deletion guard kept the rows)',
    labelNames: ['source', 'job', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'sync_job_duration_seconds',
    help: 'Duration of sync jobs, by source and kind',
    labelNames: ['source', 'job'] as const,
    buckets: [0.01, 0.05, 0.25, 1, 5, 30, 120, 600, 3600, 14_400],
    registers: [registry],
  });
  const lastSuccess = new Gauge({
    name: 'sync_last_success_timestamp_seconds',
    help: 'When a sync job of each source and kind last completed (Unix time)',
    labelNames: ['source', 'job'] as const,
    registers: [registry],
  });
  const syncCalls = new Counter({
    name: 'sync_vendor_calls_total',
    help: 'Vendor calls made by the sync engine, by source (also counted in vendor_calls_total)',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  return {
    onJob({ source, job, outcome, durationMs, records: count, vendorCalls }) {
      const sourceLabel = SOURCES.has(source) ? source : 'other';
      jobs.inc({ source: sourceLabel, job, outcome });
      duration.observe({ source: sourceLabel, job }, durationMs / 1000);
      if (vendorCalls > 0) syncCalls.inc({ source: sourceLabel }, vendorCalls);
      if (count !== null) records.set({ source: sourceLabel }, count);
      if (outcome === 'ok') lastSuccess.set({ source: sourceLabel, job }, Date.now() / 1000);
    },
  };
}

export interface MetricsEndpointOptions {
  /** Default /metrics. */
  path?: string;
  /** When set, the endpoint answers only `Authorization: Bearer <token>` (401 otherwise). */
  token?: string;
}

/** Whether an Authorization header carries the token (compared in constant time); any header when there is none. */
function bearerCheck(token: string | null | undefined): (header: string | null) => boolean {
  const expected = token ? Buffer.from(`Bearer ${token}`) : null;
  return (header) => {
    if (!expected) return true;
    const given = Buffer.from(header ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
}

/** A yoga plugin answering `GET /metrics` with the registry in the Prometheus text format. */
export function useMetricsEndpoint(registry: Registry, options: MetricsEndpointOptions = {}): Plugin {
  const path = options.path ?? '/metrics';
  const authorized = bearerCheck(options.token);
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== path) return;
      try {
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        } else if (!authorized(request.headers.get('authorization'))) {
          endResponse(new fetchAPI.Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer' } }));
        } else {
          const body = await registry.metrics();
          endResponse(
            new fetchAPI.Response(request.method === 'HEAD' ? null : body, {
              status: 200,
              headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
            }),
          );
        }
      } catch {
        // Errors thrown here are not caught by the server adapter.
        endResponse(new fetchAPI.Response(null, { status: 500 }));
      }
    },
  };
}

/** The same endpoint as a Node request listener, for a port of its own (METRICS_PORT): /metrics and nothing else. */
export function serveMetrics(registry: Registry, token: string | null): RequestListener {
  const authorized = bearerCheck(token);
  return (request, response) => {
    const path = new URL(request.url ?? '/', 'http://metrics').pathname;
    if (path !== '/metrics') return void response.writeHead(404).end();
    if (request.method !== 'GET' && request.method !== 'HEAD') return void response.writeHead(405, { allow: 'GET, HEAD' }).end();
    if (!authorized(request.headers.authorization ?? null)) return void response.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
    registry.metrics().then(
      (body) =>
        response
          .writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' })
          .end(request.method === 'HEAD' ? undefined : body),
      () => response.writeHead(500).end(),
    );
  };
}
