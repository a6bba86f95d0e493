// Tries a failed read again, as retry-policy.ts says, while the request's budget allows: each retry is
// a vendor call like any other, and past the budget the last answer stands. Writes go once.
import { setTimeout as sleep } from 'node:timers/promises';
import type { CustomerSourceName } from '../names.ts';
import { spendVendorCall } from '../request-scope.ts';
import { type Attempt, isWrite, type Stage, signalFor } from './call.ts';
import type { FailedAttempt, RetryPolicy } from './retry-policy.ts';

export function retryReads(source: CustomerSourceName, policy: RetryPolicy, next: Stage<Attempt>): Stage<Attempt> {
  const retried: Stage<Attempt> = async (request, scope, trace) => {
    for (;;) {
      const result = await next(request, scope, trace);
      const failed = failedAttemptOf(result);
      const delay = failed === null ? null : policy.delayAfter(failed, trace.attempts, scope.deadlineAt);
      if (failed === null || delay === null || !spendVendorCall(scope, source)) return result;
      if ('noAnswer' in failed || failed.status >= 500) trace.vendorTrouble = true;
      try {
        await sleep(delay, undefined, { signal: signalFor(request, scope) });
      } catch (error) {
        // The deadline ended the wait; nothing more was sent.
        return { failure: 'cut-off', error };
      }
    }
  };
  return (request, scope, trace) => (isWrite(request) ? next(request, scope, trace) : retried(request, scope, trace));
}

/** An attempt as the retry policy sees it; null for one never retried (cut off by us, a fault of ours). */
function failedAttemptOf(result: Attempt): FailedAttempt | null {
  if (!('failure' in result)) return result;
  if (result.failure === 'cut-off' || result.failure === 'ours') return null;
  return result.failure === 'timeout' || result.failure === 'connect-timeout' ? { noAnswer: true, timedOut: true } : { noAnswer: true };
}
