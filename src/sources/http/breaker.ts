// One circuit breaker per vendor client (cockatiel): after a run of calls that show the vendor is
// unwell it stops sending for a while, then lets one probe through; the probe's fate closes or
// re-opens it. Each call is judged by the HTTP layer: only what says something about the vendor's
// health counts (see `Verdict`). breaker-stages.ts puts it in the pipeline.
//
// Why an admission of our own around cockatiel's policy: cockatiel decides when `execute` is called
// (here, when the call's turn in the concurrency queue comes), and while its probe runs it holds the
// other calls until the probe's fate is known. Ours decides when a call is made: the first call after
// the delay claims the probe before its turn, and every other call is refused at once, sending nothing.
import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhenResult } from 'cockatiel';
import type { BreakerState } from './vendor-observer.ts';

export type { BreakerState } from './vendor-observer.ts';

export interface BreakerSettings {
  /** Consecutive unwell calls that open the breaker. */
  consecutiveFailures: number;
  /** How long an open breaker refuses calls before it lets one probe through. */
  halfOpenAfterMs: number;
}

export const DEFAULT_BREAKER_SETTINGS: BreakerSettings = { consecutiveFailures: 5, halfOpenAfterMs: 5_000 };

/**
 * What a finished call says about the vendor:
 * - `healthy`: it answered (2xx, and 4xx too: a refusal is an answer) — resets the failure count,
 *   and closes the breaker when the call was the probe;
 * - `unwell`: no usable answer (connection failure, timeout, 5xx after retries, malformed body) —
 *   counts toward opening, and re-opens the breaker when the call was the probe;
 * - `neutral`: tells nothing (cut off by our own request deadline) — counts neither way while
 *   closed; a probe that ends so is taken as healthy (cockatiel's rule for errors it does not judge).
 */
export type Verdict = 'healthy' | 'unwell' | 'neutral';

export interface Judged<T> {
  verdict: Verdict;
  outcome: T;
}

/** Returned by `run` instead of running the call: the breaker opened while the call waited for its turn. */
export const REFUSED: unique symbol = Symbol('refused by the circuit breaker');

/** A call let through when it was made; `probe` when it is the one call that tests an open breaker. */
export interface Admission {
  readonly probe: boolean;
}

export interface VendorBreaker {
  /** `half-open` as soon as the delay has passed (the next call will be the probe) and while the probe runs. */
  state(): BreakerState;
  /**
   * Decides, when a call is made, whether it may go (null: refused). After the delay, the first call
   * made claims the probe, even before its turn in the concurrency queue comes: calls made while the
   * probe waits or runs are refused.
   */
  admit(): Admission | null;
  /**
   * Runs an admitted call when its turn comes (the call must not throw: it hands back its outcome,
   * judged), unless the breaker opened while it waited. Ends the admission.
   */
  run<T>(admission: Admission, call: () => Promise<Judged<T>>): Promise<T | typeof REFUSED>;
  /** Ends an admission that will not run (its deadline passed while it waited): frees the probe. */
  release(admission: Admission): void;
}

/** Every call admitted while the breaker is closed shares this one. */
const WHILE_CLOSED: Admission = Object.freeze({ probe: false });

export function createVendorBreaker(settings: BreakerSettings, onChange: (state: BreakerState) => void): VendorBreaker {
  const policy = circuitBreaker(
    handleWhenResult((result) => typeof result === 'object' && result !== null && 'verdict' in result && result.verdict === 'unwell'),
    { halfOpenAfter: settings.halfOpenAfterMs, breaker: new ConsecutiveBreaker(settings.consecutiveFailures) },
  );
  let openedAt = 0;
  /** The admission holding the probe, from the moment it was admitted until it ends. */
  let probeClaim: Admission | null = null;
  policy.onBreak(() => {
    openedAt = Date.now();
  });
  policy.onStateChange((state) => onChange(stateName(state, false)));

  const delayPassed = () => Date.now() - openedAt >= settings.halfOpenAfterMs;
  const release = (admission: Admission) => {
    if (probeClaim === admission) probeClaim = null;
  };

  return {
    state: () => stateName(policy.state, delayPassed()),
    admit(): Admission | null {
      if (policy.state === CircuitState.Closed) return WHILE_CLOSED;
      if (policy.state !== CircuitState.Open || !delayPassed() || probeClaim) return null;
      probeClaim = { probe: true };
      return probeClaim;
    },
    async run<T>(admission: Admission, call: () => Promise<Judged<T>>): Promise<T | typeof REFUSED> {
      try {
        // Admitted while closed, and the breaker opened meanwhile: it is not this call's to probe.
        if (!admission.probe && policy.state !== CircuitState.Closed) return REFUSED;
        const judged = await policy.execute(async () => {
          const result = await call();
          if (result.verdict === 'neutral') throw new Neutral(result.outcome);
          return result;
        });
        return judged.outcome;
      } catch (error) {
        if (error instanceof Neutral) return error.outcome as T;
        if (error instanceof BrokenCircuitError) return REFUSED;
        throw error;
      } finally {
        release(admission);
      }
    },
    release,
  };
}

/**
 * Carries a neutral outcome through cockatiel. Its policy judges every result it is handed (a success
 * resets the failure count) and has no verdict for "neither": only an error that its filter does not
 * handle passes without counting while closed. Not an Error: nothing reads its stack.
 */
class Neutral {
  readonly outcome: unknown;

  constructor(outcome: unknown) {
    this.outcome = outcome;
  }
}

function stateName(state: CircuitState, delayPassed: boolean): BreakerState {
  switch (state) {
    case CircuitState.Closed:
      return 'closed';
    case CircuitState.HalfOpen:
      return 'half-open';
    case CircuitState.Open:
      return delayPassed ? 'half-open' : 'open';
    default:
      return 'open';
  }
}
