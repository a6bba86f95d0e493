import { setMaxListeners } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, errors, request as sendRequest } from 'undici';
import pLimit, { type LimitFunction } from 'p-limit';
import type { CustomerSourceName } from '../model/index.ts';
import { CallBudgetSpentError, SourceError, WriteOutcomeUnknownError } from '../errors.ts';
import { createVendorBreaker, DEFAULT_BREAKER_SETTINGS, REFUSED, type BreakerSettings, type BreakerState, type Judged } from './breaker.ts';
import { forgetReads, readOnce, refundVendorCall, spendVendorCall, type RequestScope } from '../request-scope.ts';
import { retryPolicyOf, type FailedAttempt } from './retry-policy.ts';
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
  concurrency: 256,
};

export type VendorMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface VendorRequest {
  method: VendorMethod;
  /** Path and query relative to the vendor's base URL; every dynamic part already encoded. */
  path: string;
  json?: unknown;
  headers?: Record<string, string>;
}

export interface VendorResponse {
  status: number;
  headers: IncomingHttpHeaders;
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
 * Every call is made for a request scope (request-scope.ts): it carries the scope's X-Request-Id, is
 * counted in its tally and against its budget (each attempt), shares the scope's reads, and is cut
 * off when its deadline passes: TIMEOUT, or WriteOutcomeUnknownError for a write already sent; a call
 * made after the deadline fails at once, sending nothing.
 *
 * A circuit breaker per client: after `breaker.consecutiveFailures` calls in a row that got no usable
 * answer (connection failure, timeout, 5xx after retries, malformed body — not 4xx answers, not our
 * own deadline), calls fail at once with SourceError CIRCUIT_OPEN, sending nothing, for
 * `breaker.halfOpenAfterMs`; then one probe goes through and closes it again or re-opens it.
 */
export interface VendorHttp {
  readonly source: CustomerSourceName;
  request(request: VendorRequest, scope: RequestScope): Promise<VendorResponse>;
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
  // undici rather than got: it took a third to a half off the gateway's CPU per operation (bench/README.md).
  // Only the connect timeout is undici's (it tells a call that never left); the others are timed per
  // attempt in send().
  const dispatcher = new Agent({ connections: settings.concurrency, connect: { timeout: settings.connectTimeoutMs } });
  const baseHeaders: Record<string, string> = { ...authHeaders, 'user-agent': 'switchboard-gateway' };
  const retryPolicy = retryPolicyOf(settings);
  const limit: LimitFunction = pLimit(settings.concurrency);
  const root = baseUrl.replace(/\/+$/, '');
  const observer = settings.observer;
  const breaker = createVendorBreaker(settings.breaker ?? DEFAULT_BREAKER_SETTINGS, (state) => {
    if (observer?.onBreakerChange) notifySafely(() => observer.onBreakerChange?.(source, state));
  });
  const deadlinePassed = () => new SourceError(source, 'TIMEOUT');

  /** One attempt: the vendor's answer, or why there was none. Never throws. */
  async function send(request: VendorRequest, scope: RequestScope, signal: AbortSignal | undefined, trace: CallTrace): Promise<Attempt> {
    trace.attempts += 1;
    const headers: Record<string, string> = { ...baseHeaders, ...request.headers };
    headers['x-request-id'] = scope.requestId;
    let body: string | undefined;
    if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      // An adapter may name its own JSON type (JSON:API's application/vnd.api+json).
      if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    }
    // The attempt's own timeouts, and the request's deadline (or its client going away). Timed here:
    // undici's own timeouts tick in half seconds, too coarse for short budgets.
    const controller = new AbortController();
    const timedOut = () => controller.abort(ATTEMPT_TIMED_OUT);
    const startedAt = performance.now();
    let timer = setTimeout(timedOut, Math.min(settings.responseTimeoutMs, settings.totalTimeoutMs));
    const cutOff = () => controller.abort(CUT_OFF);
    signal?.addEventListener('abort', cutOff, { once: true });
    try {
      const response = await sendRequest(`${root}/${request.path.replace(/^\/+/, '')}`, {
        method: request.method,
        headers,
        body,
        dispatcher,
        signal: controller.signal,
      });
      // The answer has begun: what is left of the attempt's whole budget is for its body.
      clearTimeout(timer);
      timer = setTimeout(timedOut, Math.max(0, settings.totalTimeoutMs - (performance.now() - startedAt)));
      const text = await response.body.text();
      return { status: response.statusCode, headers: response.headers as IncomingHttpHeaders, text };
    } catch (error) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : null;
      return { failure: reason === CUT_OFF ? 'cut-off' : reason === ATTEMPT_TIMED_OUT ? 'timeout' : failureOf(error), error };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cutOff);
    }
  }

  /** One call to the vendor (retries of a GET included), judged for the breaker. Never throws. */
  async function attempt(
    request: VendorRequest,
    scope: RequestScope,
    signal: AbortSignal | undefined,
    trace: CallTrace,
  ): Promise<Judged<Settled>> {
    const isWrite = request.method !== 'GET';
    trace.startedAt = performance.now();
    for (;;) {
      const result = await send(request, scope, signal, trace);
      if ('status' in result) trace.status = result.status;
      const failed = isWrite ? null : failedAttemptOf(result);
      const delay = failed === null ? null : retryPolicy.delayAfter(failed, trace.attempts, scope.deadlineAt);
      if (failed === null || delay === null) return judge(result, isWrite, trace);
      // A retry is a call like any other: past the request's budget the last answer stands.
      if (!spendVendorCall(scope, source)) return judge(result, isWrite, trace);
      if ('noAnswer' in failed || failed.status >= 500) trace.vendorTrouble = true;
      try {
        await sleep(delay, undefined, signal ? { signal } : {});
      } catch {
        // The deadline ended the wait; nothing more was sent. As with a cut-off attempt, that counts
        // only if the vendor had failed.
        return { verdict: trace.vendorTrouble ? 'unwell' : 'neutral', outcome: { error: deadlinePassed() } };
      }
    }
  }

  /** What an attempt that is not retried means for the adapter and the breaker. */
  function judge(result: Attempt, isWrite: boolean, trace: CallTrace): Judged<Settled> {
    const unknownIfWrite = (error: SourceError) => (isWrite ? new WriteOutcomeUnknownError(source) : error);
    if ('failure' in result) {
      switch (result.failure) {
        case 'cut-off': {
          // Our own deadline cut the call off. It says nothing about the vendor, unless an attempt of
          // this call had already failed for the vendor's own reasons (a hanging vendor whose retry
          // the deadline ends must still count). A write may have reached the vendor by then.
          const verdict = trace.vendorTrouble ? 'unwell' : 'neutral';
          return { verdict, outcome: { error: isWrite ? new WriteOutcomeUnknownError(source) : deadlinePassed() } };
        }
        case 'connect-timeout':
          return { verdict: 'unwell', outcome: { error: new SourceError(source, 'TIMEOUT') } };
        case 'timeout':
          return { verdict: 'unwell', outcome: { error: unknownIfWrite(new SourceError(source, 'TIMEOUT')) } };
        case 'never-connected':
          return { verdict: 'unwell', outcome: { error: new SourceError(source, 'UNREACHABLE') } };
        case 'connection':
          return { verdict: 'unwell', outcome: { error: unknownIfWrite(new SourceError(source, 'UNREACHABLE')) } };
        case 'ours':
          // Not the vendor's: a fault of ours.
          return { verdict: 'neutral', outcome: { error: result.error } };
      }
    }
    const { status, headers, text } = result;
    if (status === 401 || status === 403) return { verdict: 'healthy', outcome: { error: new SourceError(source, 'AUTH_REJECTED', status) } };
    if (status === 429) return { verdict: 'healthy', outcome: { error: new SourceError(source, 'RATE_LIMITED', status) } };
    if (status >= 500) return { verdict: 'unwell', outcome: { error: unknownIfWrite(new SourceError(source, 'VENDOR_ERROR', status)) } };
    if (status >= 400) return { verdict: 'healthy', outcome: { response: { status, headers, body: parseErrorBody(text) } } };
    try {
      return { verdict: 'healthy', outcome: { response: { status, headers, body: parseBody(source, text) } } };
    } catch (error) {
      return { verdict: 'unwell', outcome: { error: error instanceof SourceError ? unknownIfWrite(error) : error } };
    }
  }

  /**
   * Runs the job when a concurrency slot is free; a deadline passing while it waits ends the wait
   * (and gives the call back to the request's budget: it was never sent).
   */
  function inSlot(scope: RequestScope, signal: AbortSignal | undefined, job: () => Promise<Settled>): Promise<Settled> {
    if (!signal) return limit(job);
    return new Promise<Settled>((resolve) => {
      let started = false;
      const onAbort = () => {
        if (started) return;
        started = true;
        refundVendorCall(scope, source);
        resolve({ error: deadlinePassed() });
      };
      signal.addEventListener('abort', onAbort, { once: true });
      limit(async (): Promise<Settled> => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) {
          onAbort();
          return { error: deadlinePassed() };
        }
        started = true;
        return job();
      }).then(resolve, (error: unknown) => resolve({ error }));
    });
  }

  async function settle(request: VendorRequest, scope: RequestScope, trace: CallTrace): Promise<Settled> {
    const signal = signalFor(request, scope);
    if (signal) {
      if (signal.aborted) return { error: deadlinePassed() };
      allowManyListeners(signal);
    }
    const admission = breaker.admit();
    if (!admission) return { error: new SourceError(source, 'CIRCUIT_OPEN') };
    if (!spendVendorCall(scope, source)) {
      breaker.release(admission);
      return { error: new CallBudgetSpentError(source, scope.maxVendorCalls ?? 0) };
    }
    try {
      return await inSlot(scope, signal, async () => {
        const outcome = await breaker.run(admission, () => attempt(request, scope, signal, trace));
        return outcome === REFUSED ? { error: new SourceError(source, 'CIRCUIT_OPEN') } : outcome;
      });
    } finally {
      // A call whose deadline passed in the queue never runs: it must not keep the probe.
      breaker.release(admission);
    }
  }

  function report(request: VendorRequest, scope: RequestScope, trace: CallTrace, settled: Settled): void {
    if (!observer) return;
    const error = 'error' in settled ? settled.error : undefined;
    const event: VendorCallEvent = {
      source,
      method: request.method,
      status: trace.status,
      outcome: outcomeOf(settled),
      durationMs: trace.startedAt === null ? 0 : performance.now() - trace.startedAt,
      attempts: trace.attempts,
      failure: error instanceof SourceError ? error.failure : null,
      requestId: scope.requestId,
    };
    notifySafely(() => observer.onCall(event));
  }

  /** Within a scope, one call per distinct read; a write forgets this vendor's reads. */
  function request(request: VendorRequest, scope: RequestScope): Promise<VendorResponse> {
    if (request.method !== 'GET') {
      forgetReads(scope, source);
      return call(request, scope);
    }
    return readOnce(scope, source, `${request.path} ${JSON.stringify(request.headers ?? {})}`, () => call(request, scope));
  }

  async function call(request: VendorRequest, scope: RequestScope): Promise<VendorResponse> {
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
function signalFor(request: VendorRequest, scope: RequestScope): AbortSignal {
  return request.method === 'GET' ? scope.readSignal : scope.signal;
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
 * Every call of a request listens to its one deadline signal (each attempt and the queue add a
 * listener): many parallel calls are expected, not a leak.
 */
const widened = new WeakSet<AbortSignal>();
function allowManyListeners(signal: AbortSignal): void {
  if (widened.has(signal)) return;
  widened.add(signal);
  setMaxListeners(0, signal);
}

/** Errors that mean no connection was ever made: the vendor saw nothing. */
const NEVER_CONNECTED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);
/** Abort reasons of an attempt: the request's deadline (or client) ended it, or its own budget did. */
const CUT_OFF = Symbol('cut off by the request');
const ATTEMPT_TIMED_OUT = Symbol('attempt timed out');

/** An attempt the vendor answered (any status), or why it did not. */
type Attempt = { status: number; headers: IncomingHttpHeaders; text: string } | { failure: AttemptFailure; error: unknown };
type AttemptFailure = 'cut-off' | 'timeout' | 'connect-timeout' | 'never-connected' | 'connection' | 'ours';

/** An attempt as the retry policy sees it; null for one never retried (cut off by us, a fault of ours). */
function failedAttemptOf(result: Attempt): FailedAttempt | null {
  if (!('failure' in result)) return result;
  if (result.failure === 'cut-off' || result.failure === 'ours') return null;
  return result.failure === 'timeout' || result.failure === 'connect-timeout' ? { noAnswer: true, timedOut: true } : { noAnswer: true };
}

function failureOf(error: unknown): AttemptFailure {
  if (error instanceof errors.ConnectTimeoutError) return 'connect-timeout';
  if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError) return 'timeout';
  if (error instanceof errors.InvalidArgumentError) return 'ours';
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : null;
  if (code !== null && NEVER_CONNECTED_CODES.has(code)) return 'never-connected';
  return 'connection';
}

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
