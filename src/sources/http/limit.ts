// The vendor's budget in the pipeline (vendor-budget.ts): a call waits for a slot and a token of its
// vendor, shared with every other request, the sync and (through Redis) every instance. A call whose
// deadline passes while it waits ends then, with TIMEOUT: it was never sent, so its request's budget
// gets it back.
import { SourceError } from '../errors.ts';
import type { CustomerSourceName } from '../names.ts';
import { type RequestScope, refundVendorCall } from '../request-scope.ts';
import { type Settled, type Stage, signalFor } from './call.ts';
import { NOT_SENT, type VendorGate } from './vendor-budget.ts';

export function waitForBudget(source: CustomerSourceName, gate: VendorGate, next: Stage<Settled>): Stage<Settled> {
  const neverSent = (scope: RequestScope): Settled => {
    refundVendorCall(scope, source);
    return { error: new SourceError(source, 'TIMEOUT') };
  };

  return async (request, scope, trace) => {
    const signal = signalFor(request, scope);
    // A slot is held at most until the call's deadline (and a minute past it, should this process die).
    const holdMs = Math.max(0, scope.deadlineAt - Date.now()) + 60_000;
    const settled = await gate.run(
      // A free slot runs the call within microtasks, before a deadline timer or a closed connection can abort
      // its signal; a call that waited is checked again when its turn comes.
      () => (signal.aborted ? Promise.resolve(neverSent(scope)) : next(request, scope, trace)),
      scope.background ? 'background' : 'client',
      signal,
      holdMs,
    );
    return settled === NOT_SENT ? neverSent(scope) : settled;
  };
}
