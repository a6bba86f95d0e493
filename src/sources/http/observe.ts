// Where a call begins and ends: it gets its trace here, and once it has settled the observer is told
// (one VendorCallEvent per call, refused calls included) before the answer is returned or the error thrown.

import { SourceError, WriteOutcomeUnknownError } from '../errors.ts';
import type { CustomerSourceName } from '../names.ts';
import type { RequestScope } from '../request-scope.ts';
import { type CallTrace, newCallTrace, type Settled, type Stage, type VendorRequest, type VendorResponse } from './call.ts';
import { notifySafely, type VendorCallOutcome, type VendorObserver } from './vendor-observer.ts';

export function observeCalls(
  source: CustomerSourceName,
  observer: VendorObserver | undefined,
  next: Stage<Settled>,
): (request: VendorRequest, scope: RequestScope) => Promise<VendorResponse> {
  return async (request, scope) => {
    const trace = newCallTrace();
    let settled: Settled;
    try {
      settled = await next(request, scope, trace);
    } catch (error) {
      settled = { error };
    }
    if (observer) report(source, observer, request, scope, trace, settled);
    if ('error' in settled) throw settled.error;
    return settled.response;
  };
}

function report(
  source: CustomerSourceName,
  observer: VendorObserver,
  request: VendorRequest,
  scope: RequestScope,
  trace: CallTrace,
  settled: Settled,
): void {
  const error = 'error' in settled ? settled.error : undefined;
  notifySafely(() =>
    observer.onCall({
      source,
      method: request.method,
      status: trace.status,
      outcome: outcomeOf(settled),
      durationMs: trace.startedAt === null ? 0 : performance.now() - trace.startedAt,
      attempts: trace.attempts,
      failure: error instanceof SourceError ? error.failure : null,
      requestId: scope.requestId,
    }),
  );
}

function outcomeOf(settled: Settled): VendorCallOutcome {
  if ('response' in settled) return settled.response.status >= 200 && settled.response.status < 300 ? 'ok' : 'client_error';
  const { error } = settled;
  if (error instanceof WriteOutcomeUnknownError) return 'outcome_unknown';
  if (!(error instanceof SourceError)) return 'failure';
  if (error.failure === 'CIRCUIT_OPEN') return 'circuit_open';
  return error.failure === 'AUTH_REJECTED' || error.failure === 'RATE_LIMITED' ? 'client_error' : 'failure';
}
