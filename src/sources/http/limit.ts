// At most `concurrency` calls in flight to one vendor, across every request of the process; the
// others wait their turn. A call whose deadline passes while it waits ends then, with TIMEOUT: it was
// never sent, so its request's budget gets it back.
import pLimit from 'p-limit';
import { SourceError } from '../errors.ts';
import type { CustomerSourceName } from '../names.ts';
import { type RequestScope, refundVendorCall } from '../request-scope.ts';
import { type CallTrace, type Settled, type Stage, signalFor, type VendorRequest } from './call.ts';

export function limitConcurrency(source: CustomerSourceName, concurrency: number, next: Stage<Settled>): Stage<Settled> {
  const limit = pLimit(concurrency);

  const neverSent = (scope: RequestScope): Settled => {
    refundVendorCall(scope, source);
    return { error: new SourceError(source, 'TIMEOUT') };
  };

  /** The call's turn has come; its deadline may have passed meanwhile. */
  const onTurn: Stage<Settled> = (request, scope, trace) =>
    signalFor(request, scope).aborted ? Promise.resolve(neverSent(scope)) : next(request, scope, trace);

  function waitForTurn(request: VendorRequest, scope: RequestScope, trace: CallTrace): Promise<Settled> {
    const signal = signalFor(request, scope);
    return new Promise<Settled>((resolve) => {
      let over = false;
      const onDeadline = () => {
        if (over) return;
        over = true;
        resolve(neverSent(scope));
      };
      signal.addEventListener('abort', onDeadline, { once: true });
      limit(() => {
        signal.removeEventListener('abort', onDeadline);
        if (over) return undefined;
        over = true;
        return onTurn(request, scope, trace).then(resolve);
      }).catch((error: unknown) => resolve({ error }));
    });
  }

  return (request, scope, trace) =>
    // A free slot runs the call within microtasks, before a deadline timer or a closed connection can
    // abort its signal: onTurn's check is enough, and no listener is needed for the wait.
    limit.activeCount < limit.concurrency ? limit(onTurn, request, scope, trace) : waitForTurn(request, scope, trace);
}
