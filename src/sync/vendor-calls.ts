// A sync job's vendor calls: each step with a request scope of its own (its id says it is the sync's,
// its deadline bounds a hung vendor; the engine's stop cuts it off), then a pause that keeps the source's sync to its pace: a step
// that made n calls is followed by a wait so that the job never averages more than `callsPerSecond`.
import { setTimeout as sleep } from 'node:timers/promises';
import type { CustomerSourceName } from '../sources/model/index.ts';
import { createRequestScope, type RequestScope } from '../sources/request-scope.ts';

/** A whole page (a KB Support walk of single reads included) within this, or it failed. */
const STEP_TIMEOUT_MS = 120_000;

export interface VendorCalls {
  /** Runs `work` with a fresh scope, then paces; answers what it answered. */
  step<T>(work: (scope: RequestScope) => Promise<T>): Promise<T>;
  /** Calls made through this so far. */
  readonly made: number;
}

export function createVendorCalls(source: CustomerSourceName, callsPerSecond: number, signal: AbortSignal): VendorCalls {
  let steps = 0;
  let made = 0;
  return {
    get made() {
      return made;
    },
    async step(work) {
      steps += 1;
      // Cut off by its deadline, or at once when the engine stops.
      const scope = createRequestScope({
        requestId: `sync-${source.toLowerCase()}-${Date.now().toString(36)}-${steps}`,
        signal: AbortSignal.any([AbortSignal.timeout(STEP_TIMEOUT_MS), signal]),
        deadlineAt: Date.now() + STEP_TIMEOUT_MS,
        shareReads: false,
        background: true,
      });
      const began = performance.now();
      try {
        return await work(scope);
      } finally {
        let calls = 0;
        for (const count of scope.vendorCalls.values()) calls += count;
        made += calls;
        const wait = (calls * 1000) / callsPerSecond - (performance.now() - began);
        if (wait > 0 && !signal.aborted) await sleep(wait, undefined, { signal }).catch(() => undefined);
      }
    },
  };
}
