// The request's budget of vendor calls (MAX_VENDOR_CALLS): a call counts when it is made, before it
// waits for a slot (the queue gives it back if it never leaves); retry.ts counts each retry.

import { CallBudgetSpentError } from '../errors.ts';
import type { CustomerSourceName } from '../names.ts';
import { spendVendorCall } from '../request-scope.ts';
import type { Settled, Stage } from './call.ts';

export function spendCallBudget(source: CustomerSourceName, next: Stage<Settled>): Stage<Settled> {
  return (request, scope, trace) => {
    if (!spendVendorCall(scope, source)) return Promise.resolve({ error: new CallBudgetSpentError(source, scope.maxVendorCalls ?? 0) });
    return next(request, scope, trace);
  };
}
