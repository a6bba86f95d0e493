// The breaker in the pipeline, on both sides of the concurrency queue: it admits a call when the call
// is made (an open breaker sends nothing, and the probe is claimed before its turn), and judges the
// call when its turn comes (one verdict for all its attempts).

import { SourceError } from '../errors.ts';
import type { CustomerSourceName } from '../names.ts';
import { type Judged, REFUSED, type VendorBreaker } from './breaker.ts';
import type { Settled, Stage } from './call.ts';

export function admitThroughBreaker(source: CustomerSourceName, breaker: VendorBreaker, next: Stage<Settled>): Stage<Settled> {
  return (request, scope, trace) => {
    const admission = breaker.admit();
    if (!admission) return Promise.resolve({ error: new SourceError(source, 'CIRCUIT_OPEN') });
    trace.admission = admission;
    if (!admission.probe) return next(request, scope, trace);
    // A probe that never runs (refused by the budget, or its deadline passed in the queue) must not keep the claim.
    return next(request, scope, trace).finally(() => breaker.release(admission));
  };
}

export function runInBreaker(source: CustomerSourceName, breaker: VendorBreaker, next: Stage<Judged<Settled>>): Stage<Settled> {
  return async (request, scope, trace) => {
    const outcome = trace.admission ? await breaker.run(trace.admission, () => next(request, scope, trace)) : REFUSED;
    return outcome === REFUSED ? { error: new SourceError(source, 'CIRCUIT_OPEN') } : outcome;
  };
}
