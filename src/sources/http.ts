import { setMaxListeners } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import got, { HTTPError, RequestError, TimeoutError, type Got, type Method } from 'got';
import pLimit, { type LimitFunction } from 'p-limit';
import type { CustomerSourceName } from './model.ts';
import { SourceError, WriteOutcomeUnknownError } from './errors.ts';
import { createVendorBreaker, DEFAULT_BREAKER_SETTINGS, REFUSED, type BreakerSettings, type BreakerState, type Judged } from './breaker.ts';
import { currentRequestScope, forgetReads, readOnce, type RequestScope } from './request-scope.ts';
import { notifySafely, type VendorCallEvent, type VendorCallOutcome, type VendorObserver } from './vendor-observer.ts';

export { DEFAULT_BREAKER_SETTINGS } from './breaker.ts';
export type { BreakerSettings, BreakerState } from './breaker.ts';
export type { VendorCallEvent, VendorCallOutcome, VendorObserver } from './vendor-observer.ts';

export interface VendorHttpSettings {
  connectTimeoutMs: number;
  /** Time from sending the request to the first response byte. */
  responseTimeoutMs: number;
  /** Time for one whole attempt. */
  totalTimeoutMs: number;
  /** Extra attempts for GET only; writes are never retried. */
  getRetries: number;
  /** The longest wait between two attempts (exponential backoff up to this; a vendor's Retry-After wins). */
  retryBackoffLimitMs: number;
  /** Calls in flight to this vendor at once, across all requests of this process. */
  concurrency: number;
  /** This client's circuit breaker; DEFAULT_BREAKER_SETTINGS (5 consecutive failures, probe after 5 s) when absent. */
  breaker?: BreakerSettings;
  /** Told about every finished call and every breaker change (metrics, logs); it cannot disturb a call. */
  observer?: VendorObserver;
}

export const DEFAULT_HTTP_SETTINGS: VendorHttpSettings = {
  connectTimeoutMs: 2_000,
  responseTimeoutMs: 5_000,
  totalTimeoutMs: 8_000,
  getRetries: 2,
  retryBackoffLimitMs: 1_000,
  concurrency: 64,
};

export interface VendorRequest {
  method: Method;
  /** Path and query relative to the vendor's base URL; every dynamic part already encoded. */
  path: string;
  json?: unknown;
  headers?: Record<string, string>;
}

export interface VendorResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON; undefined for an empty body. */
  body: unknown;
}

/**
 * One vendor's HTTP client. 2xx and ordinary 4xx answers come back for the adapter to read (a 404
 * or a validation error means something there); everything that makes the vendor unusable
 * (no connection, timeout, 5xx after retries, 401/403, 429, malformed JSON) throws a SourceError.
 * A write (anything but GET) is sent once; when it was sent and no usable answer came back
 * (timeout, dropped connection, 5xx, unreadable body) it throws WriteOutcomeUnknownError instead.
 *
 * Inside a GraphQL request (request-scope.ts) every call carries its X-Request-Id, is counted in its
 * tally (each attempt), and is cut off when its deadline passes: TIMEOUT, or WriteOutcomeUnknownError
 * for a write already sent; a call made after the deadline fails at once, sending nothing.
 *
 * A circuit breaker per client: after `breaker.consecutiveFailures` calls in a row that got no usable
 * answer (connection failure, timeout, 5xx after retries, malformed body — not 4xx answers, not our
 * own deadline), calls fail at once with SourceError CIRCUIT_OPEN, sending nothing, for
 * `breaker.halfOpenAfterMs`; then one probe goes through and closes it again or re-opens it.
 */
export interface VendorHttp {
  readonly source: CustomerSourceName;
  request(request: VendorRequest): Promise<VendorResponse>;
  breakerState(): BreakerState;
}

/** How a call ended: the answer handed to the adapter, or what it throws. */
type Settled = { response: VendorResponse } | { error: unknown };

/** What one call went through, for its verdict, the tally and the observer. */
interface CallTrace {
  /** Attempts sent (1 + retries). */
  attempts: number;
  /** The last HTTP status an attempt was answered with. */
  status: number | null;
  /** An attempt already failed for a reason that is the vendor's (5xx, timeout, connection). */
  vendorTrouble: boolean;
  /** `performance.now()` when the call left the queue and went to the vendor. */
  startedAt: number | null;
}

export function createVendorHttp(
  source: CustomerSourceName,
  baseUrl: string,
  authHeaders: Record<string, string>,
  settings: VendorHttpSettings,
): VendorHttp {
  const client: Got = got.extend({
    headers: { ...authHeaders, 'user-agent': 'switchboard-gateway' },
    responseType: 'text',
    throwHttpErrors: true,
    followRedirect: false,
    agent: {
      http: new http.Agent({ keepAlive: true, maxSockets: settings.concurrency }),
      https: new https.Agent({ keepAlive: true, maxSockets: settings.concurrency }),
    },
    timeout: {
      connect: settings.connectTimeoutMs,
      secureConnect: settings.connectTimeoutMs,
      response: settings.responseTimeoutMs,
      request: settings.totalTimeoutMs,
    },
    retry: {
      limit: settings.getRetries,
      methods: ['GET'],
      statusCodes: [408, 429, 500, 502, 503, 504],
      backoffLimit: settings.retryBackoffLimitMs,
      noise: Math.min(100, settings.retryBackoffLimitMs),
      // A Retry-After longer than one attempt's budget fails now rather than holding the request.
      // A wait that would outlive the request's deadline is not started (see calculateDelay).
      maxRetryAfter: settings.totalTimeoutMs,
    },
  });
  const limit: LimitFunction = pLimit(settings.concurrency);
  const root = baseUrl.replace(/\/+$/, '');
  const observer = settings.observer;
  const breaker = createVendorBreaker(settings.breaker ?? DEFAULT_BREAKER_SETTINGS, (state) => {
    if (observer?.onBreakerChange) notifySafely(() => observer.onBreakerChange?.(source, state));
  });
  const deadlinePassed = () => new SourceError(source, 'TIMEOUT');

  /** One call to the vendor (got's retries included), judged for the breaker. Never throws. */
  async function attempt(
    request: VendorRequest,
    scope: RequestScope | undefined,
    signal: AbortSignal | undefined,
    trace: CallTrace,
  ): Promise<Judged<Settled>> {
    const isWrite = request.method.toUpperCase() !== 'GET';
    const unknownIfWrite = (error: SourceError) => (isWrite ? new WriteOutcomeUnknownError(source) : error);
    trace.startedAt = performance.now();
    let response;
    try {
      response = await client(`${root}/${request.path.replace(/^\/+/, '')}`, {
        method: request.method,
        ...(request.json === undefined ? {} : { json: request.json }),
        headers: { ...request.headers, ...(scope ? { 'x-request-id': scope.requestId } : {}) },
        ...(signal ? { signal } : {}),
        hooks: {
          beforeRequest: [
            () => {
              trace.attempts += 1;
              if (scope) scope.vendorCalls.set(source, (scope.vendorCalls.get(source) ?? 0) + 1);
            },
          ],
        },
        retry: {
          // Called when an attempt failed and a retry is decided, before its wait (which the deadline
          // may end): note what the failed attempt said, and keep got's delay.
          calculateDelay: ({ error, computedValue }) => {
            if (error.response) trace.status = error.response.statusCode;
            if (isVendorTrouble(error)) trace.vendorTrouble = true;
            // A wait (backoff or Retry-After) that would outlive the request's budget: give up now.
            if (scope && Date.now() + computedValue >= scope.deadlineAt) return 0;
            return computedValue;
          },
        },
      });
    } catch (error) {
      if (error instanceof HTTPError) {
        const status = error.response.statusCode;
        trace.status = status;
        if (status === 401 || status === 403) return { verdict: 'healthy', outcome: { error: new SourceError(source, 'AUTH_REJECTED', status) } };
        if (status === 429) return { verdict: 'healthy', outcome: { error: new SourceError(source, 'RATE_LIMITED', status) } };
        if (status >= 500) return { verdict: 'unwell', outcome: { error: unknownIfWrite(new SourceError(source, 'VENDOR_ERROR', status)) } };
        const text = typeof error.response.body === 'string' ? error.response.body : '';
        return { verdict: 'healthy', outcome: { response: { status, headers: error.response.headers, body: parseErrorBody(text) } } };
      }
      if (signal?.aborted && error instanceof RequestError) {
        // Our own deadline cut the call off. It says nothing about the vendor, unless an attempt of
        // this call had already failed for the vendor's own reasons (a hanging vendor whose retry
        // the deadline ends must still count).
        const verdict = trace.vendorTrouble ? 'unwell' : 'neutral';
        const sent = isWrite && error.timings?.connect !== undefined;
        return { verdict, outcome: { error: sent ? new WriteOutcomeUnknownError(source) : deadlinePassed() } };
      }
      if (error instanceof TimeoutError) {
        const beforeSending = NOT_YET_SENT_PHASES.has(error.event);
        const failure = new SourceError(source, 'TIMEOUT');
        return { verdict: 'unwell', outcome: { error: beforeSending ? failure : unknownIfWrite(failure) } };
      }
      if (error instanceof RequestError) {
        const neverConnected = NEVER_CONNECTED_CODES.has(error.code);
        const failure = new SourceError(source, 'UNREACHABLE');
        return { verdict: 'unwell', outcome: { error: neverConnected ? failure : unknownIfWrite(failure) } };
      }
      // Not got's: a fault of ours, not the vendor's.
      return { verdict: 'neutral', outcome: { error } };
    }
    trace.status = response.statusCode;
    try {
      return { verdict: 'healthy', outcome: { response: { status: response.statusCode, headers: response.headers, body: parseBody(source, response.body) } } };
    } catch (error) {
      return { verdict: 'unwell', outcome: { error: error instanceof SourceError ? unknownIfWrite(error) : error } };
    }
  }

  /** Runs the job when a concurrency slot is free; a deadline passing while it waits ends the wait. */
  function inSlot(signal: AbortSignal | undefined, job: () => Promise<Settled>): Promise<Settled> {
    if (!signal) return limit(job);
    return new Promise<Settled>((resolve) => {
      let started = false;
      const onAbort = () => {
        if (!started) resolve({ error: deadlinePassed() });
      };
      signal.addEventListener('abort', onAbort, { once: true });
      limit(async (): Promise<Settled> => {
        started = true;
        signal.removeEventListener('abort', onAbort);
        return signal.aborted ? { error: deadlinePassed() } : job();
      }).then(resolve, (error: unknown) => resolve({ error }));
    });
  }

  async function settle(request: VendorRequest, scope: RequestScope | undefined, trace: CallTrace): Promise<Settled> {
    const signal = signalFor(request, scope);
    if (signal) {
      if (signal.aborted) return { error: deadlinePassed() };
      allowManyListeners(signal);
    }
    const admission = breaker.admit();
    if (!admission) return { error: new SourceError(source, 'CIRCUIT_OPEN') };
    try {
      return await inSlot(signal, async () => {
        const outcome = await breaker.run(admission, () => attempt(request, scope, signal, trace));
        return outcome === REFUSED ? { error: new SourceError(source, 'CIRCUIT_OPEN') } : outcome;
      });
    } finally {
      // A call whose deadline passed in the queue never runs: it must not keep the probe.
      breaker.release(admission);
    }
  }

  function report(request: VendorRequest, scope: RequestScope | undefined, trace: CallTrace, settled: Settled): void {
    if (!observer) return;
    const error = 'error' in settled ? settled.error : undefined;
    const event: VendorCallEvent = {
      source,
      method: request.method.toUpperCase(),
      status: trace.status,
      outcome: outcomeOf(settled),
      durationMs: trace.startedAt === null ? 0 : performance.now() - trace.startedAt,
      attempts: trace.attempts,
      failure: error instanceof SourceError ? error.failure : null,
      requestId: scope?.requestId ?? null,
    };
    notifySafely(() => observer.onCall(event));
  }

  /** Within a request, one call per distinct read; a write forgets this vendor's reads. */
  function request(request: VendorRequest): Promise<VendorResponse> {
    const scope = currentRequestScope();
    if (!scope) return call(request, scope);
    if (request.method.toUpperCase() !== 'GET') {
      forgetReads(scope, source);
      return call(request, scope);
    }
    return readOnce(scope, source, `${request.path} ${JSON.stringify(request.headers ?? {})}`, () => call(request, scope));
  }

  async function call(request: VendorRequest, scope: RequestScope | undefined): Promise<VendorResponse> {
    const trace: CallTrace = { attempts: 0, status: null, vendorTrouble: false, startedAt: null };
    let settled: Settled;
    try {
      settled = await settle(request, scope, trace);
    } catch (error) {
      settled = { error };
    }
    report(request, scope, trace, settled);
    if ('error' in settled) throw settled.error;
    return settled.response;
  }

  return { source, request, breakerState: () => breaker.state() };
}

/** What ends a call early: the deadline; for a read also the client going away (request-scope.ts). */
function signalFor(request: VendorRequest, scope: RequestScope | undefined): AbortSignal | undefined {
  return request.method.toUpperCase() === 'GET' ? scope?.readSignal : scope?.signal;
}

/** Retries of a read that fail for the vendor's own reasons: a 5xx, a timeout, a broken connection (not 408/429). */
function isVendorTrouble(error: RequestError): boolean {
  if (error instanceof HTTPError) return error.response.statusCode >= 500;
  return !error.response;
}

function outcomeOf(settled: Settled): VendorCallOutcome {
  if ('response' in settled) return settled.response.status >= 200 && settled.response.status < 300 ? 'ok' : 'client_error';
  const { error } = settled;
  if (error instanceof WriteOutcomeUnknownError) return 'outcome_unknown';
  if (!(error instanceof SourceError)) return 'failure';
  if (error.failure === 'CIRCUIT_OPEN') return 'circuit_open';
  return error.failure === 'AUTH_REJECTED' || error.failure === 'RATE_LIMITED' ? 'client_error' : 'failure';
}

/**
 * Every call of a request listens to its one deadline signal (got and the queue each add a
 * listener): many parallel calls are expected, not a leak.
 */
const widened = new WeakSet<AbortSignal>();
function allowManyListeners(signal: AbortSignal): void {
  if (widened.has(signal)) return;
  widened.add(signal);
  setMaxListeners(0, signal);
}

/** Timeouts in these phases fire before a byte of the request left: the vendor saw nothing. */
const NOT_YET_SENT_PHASES = new Set(['lookup', 'connect', 'secureConnect']);
/** Errors that mean no connection was ever made. */
const NEVER_CONNECTED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

function parseBody(source: CustomerSourceName, text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SourceError(source, 'BAD_RESPONSE');
  }
}

/** An error answer may be HTML (a WordPress 404 page); the adapter then sees `undefined`. */
function parseErrorBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
