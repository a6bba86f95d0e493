// Shared by adapter tests: short vendor timeouts so fault tests finish quickly, and a call context
// that keeps the warnings a vendor sent.
import { type ById, SourceError } from '../../src/sources/errors.ts';
import type { VendorHttpSettings } from '../../src/sources/http/index.ts';
import { type RequestScope, standaloneScope } from '../../src/sources/request-scope.ts';

export const TEST_HTTP_SETTINGS: VendorHttpSettings = {
  connectTimeoutMs: 1_000,
  responseTimeoutMs: 800,
  totalTimeoutMs: 1_500,
  getRetries: 1,
  retryBackoffLimitMs: 50,
  concurrency: 4,
  // Fault tests fail one shared gateway's source again and again on purpose, and expect to see each
  // failure itself: a breaker tripping after five of them would answer CIRCUIT_OPEN instead, for
  // whichever test ran sixth. Breaker behaviour has its own tests (test/sources/http-resilience.test.ts).
  breaker: { consecutiveFailures: 1_000_000, halfOpenAfterMs: 100 },
};

/** A scope for calls made by a test of an adapter alone: no deadline to speak of, no budget, every read made; it keeps the warnings vendors send. */
export type RecordingCall = RequestScope;

export function recordingCall(): RecordingCall {
  return standaloneScope('adapter-test', 30 * 60_000);
}

/** A fresh scope for a call a test makes outside any request. */
export const unscoped = recordingCall;

/** The SourceError a call fails with; fails the test when it succeeds or fails otherwise. */
export async function sourceErrorOf(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SourceError) return error;
    throw error;
  }
  throw new Error('expected a SourceError');
}

/** The error a promise rejects with, whatever it is; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** What a read by id found; the first failed read's SourceError thrown (so a test can expect the failure). */
export async function foundByIds<Record>(reading: Promise<Array<ById<Record>>>): Promise<Array<Record | null>> {
  const entries = await reading;
  const failure = entries.find((entry) => entry instanceof SourceError);
  if (failure) throw failure;
  return entries as Array<Record | null>;
}
