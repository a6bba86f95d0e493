// One log line per GraphQL request, written when its response is ready, and one debug line per
// vendor call. Neither ever holds variables, documents, vendor bodies, URLs or headers.
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { contextField, type GraphQLRequestSummary, observeGraphQLRequests } from './graphql-requests.ts';
import type { VendorObserver } from './vendor-observer.ts';

export interface RequestLogLine {
  requestId: string | null;
  operationName: string | null;
  operationType: string | null;
  /** null when the request was refused before this plugin saw it (place the plugin early). */
  durationMs: number | null;
  status: number;
  /** Vendor calls this request made, by source. */
  vendorCalls: Record<string, number>;
  /** The answer's `extensions.code`s, each once. */
  errorCodes: string[];
  /** Sources that failed (SOURCE_UNAVAILABLE) while the rest answered. */
  failedSources: string[];
  /** The authenticated client (`ctx.client.clientId`, or `ctx.client.id`), when the request got that far. */
  clientId?: string;
  /** Operations in a batched request (only when more than one). */
  batch?: number;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function objectField(value: unknown, name: string): unknown {
  return value !== null && typeof value === 'object' ? Reflect.get(value, name) : undefined;
}

export interface RequestLogOptions {
  /**
   * The client of a request whose context was never built (refused, unparsable, invalid): e.g.
   * `principalOf` from plugins/auth.ts. The context's `client` wins when there is one.
   */
  clientOf?: (request: Request) => { clientId: string } | undefined;
}

/** The log line of a request (exported for tests and for anyone who wants the same fields elsewhere). */
export function requestLogLine(
  summary: GraphQLRequestSummary,
  responseRequestId: string | null,
  options: RequestLogOptions = {},
): RequestLogLine {
  const { operations } = summary;
  const first = operations[0];
  // One scope per operation (a batch has several), all with the request's id: their calls add up.
  const scopes = operations.map((operation) => contextField(operation.context, 'scope')).filter((value) => value !== undefined);
  const scopeId = objectField(scopes[0], 'requestId');
  const vendorCalls: Record<string, number> = {};
  for (const scope of scopes) {
    const calls = objectField(scope, 'vendorCalls');
    if (!(calls instanceof Map)) continue;
    for (const [source, count] of calls)
      if (typeof count === 'number') vendorCalls[String(source)] = (vendorCalls[String(source)] ?? 0) + count;
  }
  const client =
    operations.map((operation) => contextField(operation.context, 'client')).find((value) => value != null) ??
    options.clientOf?.(summary.request);
  const clientId = objectField(client, 'clientId') ?? objectField(client, 'id');
  const line: RequestLogLine = {
    requestId: typeof scopeId === 'string' ? scopeId : responseRequestId && REQUEST_ID.test(responseRequestId) ? responseRequestId : null,
    operationName: first?.name ?? null,
    operationType: first?.type ?? null,
    durationMs: summary.durationMs === null ? null : Math.round(summary.durationMs * 10) / 10,
    status: summary.status,
    vendorCalls,
    errorCodes: operations.length > 0 ? [...new Set(operations.flatMap((operation) => operation.errorCodes))] : summary.refusedWith,
    failedSources: [...new Set(operations.flatMap((operation) => operation.failedSources))],
  };
  if (typeof clientId === 'string' || typeof clientId === 'number') line.clientId = String(clientId);
  if (operations.length > 1) line.batch = operations.length;
  return line;
}

/** A yoga plugin writing one line per GraphQL request (info; warn when the answer is a 5xx). */
export function useRequestLog(logger: Logger, options: RequestLogOptions = {}): Plugin {
  return observeGraphQLRequests((summary) => {
    const level = summary.status >= 500 ? 'warn' : 'info';
    // Not built when it would not be written (LOG_LEVEL=warn in production).
    if (!logger.isLevelEnabled(level)) return;
    logger[level](requestLogLine(summary, summary.response.headers.get('x-request-id'), options), 'graphql request');
  });
}

/**
 * Logs each vendor call at debug level (the request it served, source, method, status, outcome,
 * duration, attempts, failure kind: never its URL, headers or body), and breaker changes (warn when
 * a breaker leaves `closed`, info when it closes again).
 */
export function vendorLogObserver(logger: Logger): VendorObserver {
  return {
    onCall({ requestId, source, method, status, outcome, durationMs, attempts, failure }) {
      if (!logger.isLevelEnabled('debug')) return;
      logger.debug(
        { requestId, source, method, status, outcome, durationMs: Math.round(durationMs * 10) / 10, attempts, failure },
        'vendor call',
      );
    },
    onBreakerChange(source, state) {
      if (state === 'closed') logger.info({ source, state }, 'vendor circuit breaker closed');
      else logger.warn({ source, state }, `vendor circuit breaker ${state}`);
    },
    onNotice(source, message) {
      logger.warn({ source }, message);
    },
  };
}
