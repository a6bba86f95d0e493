// One attempt: the request as the vendor gets it (URL, headers, X-Request-Id, JSON body), sent with
// undici under the attempt's own two timeouts and the request's abort signal. It never throws: it
// hands back the vendor's answer, or why there was none.
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, errors, request as sendRequest } from 'undici';
import { type Attempt, type AttemptFailure, type Stage, signalFor } from './call.ts';
import type { VendorHttpSettings } from './settings.ts';

/** Abort reasons of an attempt: the request's deadline (or client) ended it, or its own time did. */
const CUT_OFF = Symbol('cut off by the request');
const ATTEMPT_TIMED_OUT = Symbol('attempt timed out');

/** Errors that mean no connection was ever made: the vendor saw nothing. */
const NEVER_CONNECTED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

export function sendAttempt(baseUrl: string, authHeaders: Record<string, string>, settings: VendorHttpSettings): Stage<Attempt> {
  // undici rather than got: it took a third to a half off the gateway's CPU per operation (bench/README.md).
  // Only the connect timeout is undici's (it tells a call that never left); the others are timed here:
  // undici's own timeouts tick in half seconds, too coarse for short budgets.
  const dispatcher = new Agent({ connections: settings.concurrency, connect: { timeout: settings.connectTimeoutMs } });
  const baseHeaders: Record<string, string> = { ...authHeaders, 'user-agent': 'switchboard-gateway' };
  const root = baseUrl.replace(/\/+$/, '');
  const { responseTimeoutMs, totalTimeoutMs } = settings;

  return async function send(request, scope, trace) {
    const startedAt = performance.now();
    if (trace.attempts === 0) trace.startedAt = startedAt;
    trace.attempts += 1;
    const headers: Record<string, string> = { ...baseHeaders, ...request.headers };
    headers['x-request-id'] = scope.requestId;
    let body: string | undefined;
    if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      // An adapter may name its own JSON type (JSON:API's application/vnd.api+json).
      if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    }
    const signal = signalFor(request, scope);
    const controller = new AbortController();
    const timedOut = () => controller.abort(ATTEMPT_TIMED_OUT);
    const cutOff = () => controller.abort(CUT_OFF);
    // Until the answer begins, the shorter of the two limits; then what is left of the whole for the body.
    let timer = setTimeout(timedOut, Math.min(responseTimeoutMs, totalTimeoutMs));
    signal.addEventListener('abort', cutOff, { once: true });
    try {
      const response = await sendRequest(`${root}/${request.path.replace(/^\/+/, '')}`, {
        method: request.method,
        headers,
        body,
        dispatcher,
        signal: controller.signal,
      });
      clearTimeout(timer);
      timer = setTimeout(timedOut, Math.max(0, totalTimeoutMs - (performance.now() - startedAt)));
      const text = await response.body.text();
      trace.status = response.statusCode;
      return { status: response.statusCode, headers: response.headers as IncomingHttpHeaders, text };
    } catch (error) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : null;
      return { failure: reason === CUT_OFF ? 'cut-off' : reason === ATTEMPT_TIMED_OUT ? 'timeout' : failureOf(error), error };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', cutOff);
    }
  };
}

function failureOf(error: unknown): AttemptFailure {
  if (error instanceof errors.ConnectTimeoutError) return 'connect-timeout';
  if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError) return 'timeout';
  if (error instanceof errors.InvalidArgumentError) return 'ours';
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : null;
  if (code !== null && NEVER_CONNECTED_CODES.has(code)) return 'never-connected';
  return 'connection';
}
