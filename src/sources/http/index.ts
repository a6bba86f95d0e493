// One vendor's HTTP client: the names adapters use, and the one place where the stages of a call
// (one small file each) are put together.
import type { CustomerSourceName } from '../names.ts';
import type { RequestScope } from '../request-scope.ts';
import { type BreakerState, createVendorBreaker, DEFAULT_BREAKER_SETTINGS } from './breaker.ts';
import { admitThroughBreaker, runInBreaker } from './breaker-stages.ts';
import { spendCallBudget } from './budget.ts';
import type { VendorRequest, VendorResponse } from './call.ts';
import { refuseAfterDeadline } from './deadline.ts';
import { dedupeReads } from './dedupe.ts';
import { judgeAttempt } from './judge.ts';
import { waitForBudget } from './limit.ts';
import { observeCalls } from './observe.ts';
import { retryReads } from './retry.ts';
import { retryPolicyOf } from './retry-policy.ts';
import { sendAttempt } from './send.ts';
import type { VendorHttpSettings } from './settings.ts';
import { createVendorGate } from './vendor-budget.ts';
import { notifySafely } from './vendor-observer.ts';

export type { BreakerSettings, BreakerState } from './breaker.ts';
export { DEFAULT_BREAKER_SETTINGS } from './breaker.ts';
export type { VendorMethod, VendorRequest, VendorResponse } from './call.ts';
export { DEFAULT_HTTP_SETTINGS, type VendorHttpSettings } from './settings.ts';
export {
  type CallPriority,
  createVendorBudgets,
  type SharedVendorBudget,
  tokenWait,
  type VendorBudgetSettings,
  type VendorBudgets,
} from './vendor-budget.ts';
export type { VendorCallEvent, VendorCallOutcome, VendorObserver } from './vendor-observer.ts';

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

export function createVendorHttp(
  source: CustomerSourceName,
  baseUrl: string,
  authHeaders: Record<string, string>,
  settings: VendorHttpSettings,
): VendorHttp {
  const observer = settings.observer;
  const breaker = createVendorBreaker(settings.breaker ?? DEFAULT_BREAKER_SETTINGS, (state) => {
    if (observer?.onBreakerChange) notifySafely(() => observer.onBreakerChange?.(source, state));
  });

  // One budget per vendor, whatever the number of its clients; a client made alone has its own.
  const gate =
    settings.budgets?.gateFor(source) ??
    createVendorGate(source, { concurrency: settings.concurrency, callsPerSecond: 0, backgroundConcurrency: settings.concurrency }, null);

  // The pipeline, composed once per client: a call's request and scope are handed down it explicitly,
  // stage by stage, to the socket. Outermost first, and why there:
  //  1. dedupeReads: a read the scope already made is shared before anything else happens, so all
  //     below runs once per call actually made (one event, one budget count, one verdict);
  //  2. observeCalls: the call's trace begins; it sees every call end, refused further in or not, and
  //     turns the outcome into the answer returned or the error thrown;
  //  3. refuseAfterDeadline: a call made too late claims no probe and spends no budget;
  //  4. admitThroughBreaker: before the queue, so an open breaker refuses at once and the probe is
  //     claimed when the call is made; before the budget, so a refused call costs none;
  //  5. spendCallBudget: the first attempt counts when the call is made, so a request cannot queue
  //     more calls than it may make;
  //  6. waitForBudget: the vendor's slots and tokens, clients first; a deadline passing in the wait gives the call back;
  //  7. runInBreaker: after the queue, so a breaker that opened while the call waited refuses it;
  //     around the retries, so the whole call gets one verdict (and keeps its slot between attempts);
  //  8. judgeAttempt: only the attempt that is not retried becomes the answer and the verdict;
  //  9. retryReads: sees each attempt as sent (status, Retry-After); each retry counts;
  // 10. sendAttempt: one attempt, under its own timeouts and the request's signal.
  // biome-ignore format: one stage a line, in the order above
  const request = dedupeReads(source,
    observeCalls(source, observer,
      refuseAfterDeadline(source,
        admitThroughBreaker(source, breaker,
          spendCallBudget(source,
            waitForBudget(source, gate,
              runInBreaker(source, breaker,
                judgeAttempt(source,
                  retryReads(source, retryPolicyOf(settings),
                    sendAttempt(baseUrl, authHeaders, settings))))))))));

  return { source, request, breakerState: () => breaker.state() };
}
