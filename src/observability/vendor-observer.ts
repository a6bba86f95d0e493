// Helpers around the shared HTTP layer's observer (src/sources/http/vendor-observer.ts, handed to each
// vendor client as `VendorHttpSettings.observer`): the http layer takes one observer, metrics and
// logs are two.
import { type BreakerState, notifySafely, type VendorObserver } from '../sources/http/vendor-observer.ts';

export type { BreakerState, VendorCallEvent, VendorCallOutcome, VendorObserver } from '../sources/http/vendor-observer.ts';

const BREAKER_VALUES: Readonly<Record<BreakerState, 0 | 1 | 2>> = { closed: 0, 'half-open': 1, open: 2 };

/** The `vendor_breaker_state` value: 0 closed, 1 half-open, 2 open; null for a state this code does not know. */
export function breakerStateValue(state: BreakerState): 0 | 1 | 2 | null {
  return Object.hasOwn(BREAKER_VALUES, state) ? BREAKER_VALUES[state] : null;
}

/** One observer that tells several; one that throws (or rejects) disturbs neither the others nor the call. */
export function combineObservers(...observers: VendorObserver[]): VendorObserver {
  return {
    onCall(event) {
      for (const observer of observers) notifySafely(() => observer.onCall(event));
    },
    onBreakerChange(source, state) {
      for (const observer of observers) notifySafely(() => observer.onBreakerChange?.(source, state));
    },
    onNotice(source, message) {
      for (const observer of observers) notifySafely(() => observer.onNotice?.(source, message));
    },
  };
}
