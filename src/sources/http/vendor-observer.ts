// What the shared HTTP layer tells whoever watches the vendors (metrics, logs): one event per finished
// vendor call, and every change of a source's circuit breaker. Watching never disturbs a call.
import type { SourceFailure } from '../errors.ts';
import type { CustomerSourceName } from '../names.ts';

export type BreakerState = 'closed' | 'open' | 'half-open';

/**
 * - `ok`: a 2xx answer.
 * - `client_error`: the vendor answered, and refused: a 3xx/4xx handed to the adapter, 401/403
 *   (AUTH_REJECTED), 429 (RATE_LIMITED). The vendor is up.
 * - `failure`: no usable answer (unreachable, timeout — the request's deadline included —, 5xx after
 *   retries, malformed body), and, for a write, nothing was sent.
 * - `circuit_open`: refused on our side, nothing sent: the source's breaker is open.
 * - `outcome_unknown`: a write was sent and no usable answer came back.
 */
export type VendorCallOutcome = 'ok' | 'client_error' | 'failure' | 'circuit_open' | 'outcome_unknown';

export interface VendorCallEvent {
  source: CustomerSourceName;
  /** Upper case: `GET`, `POST`, … */
  method: string;
  /** The last HTTP status the vendor answered this call with (a retried 503 counts); null when none came. */
  status: number | null;
  outcome: VendorCallOutcome;
  /** From leaving the concurrency queue to the end, retries and their waits included; 0 when nothing was sent. */
  durationMs: number;
  /** Attempts sent (1 + retries); 0 when refused before sending (breaker open, deadline passed). */
  attempts: number;
  /** The SourceError kind the call failed with, when it failed with one; null otherwise. */
  failure: SourceFailure | null;
  /** The scope the call was made for (the GraphQL request's X-Request-Id, or a probe's own id). */
  requestId: string;
}

export interface VendorObserver {
  /** Once per finished call, after its retries. */
  onCall(event: VendorCallEvent): void;
  /** When a source's breaker opens, starts a probe (`half-open`), or closes again. */
  onBreakerChange?(source: CustomerSourceName, state: BreakerState): void;
  /** Something about the vendor an operator should hear of once (its site's time zone could not be read). */
  onNotice?(source: CustomerSourceName, message: string): void;
}

/** The adapter's way to an observer's `onNotice`; undefined without one (the adapter then has its own default). */
export function noticesTo(observer: VendorObserver | undefined, source: CustomerSourceName): ((message: string) => void) | undefined {
  const onNotice = observer?.onNotice;
  return onNotice ? (message) => notifySafely(() => onNotice.call(observer, source, message)) : undefined;
}

/** Runs an observer callback; whatever it throws (or rejects with) stays out of the call path. */
export function notifySafely(notify: () => unknown): void {
  try {
    const result = notify();
    if (isThenable(result)) result.then(undefined, () => undefined);
  } catch {
    // An observer's own failure is not the vendor call's.
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && 'then' in value && typeof value.then === 'function';
}
