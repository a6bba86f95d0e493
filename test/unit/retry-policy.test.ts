import { describe, expect, it } from 'vitest';
import { retryPolicyOf } from '../../src/sources/http/retry-policy.ts';

const policy = retryPolicyOf({ getRetries: 2, retryBackoffLimitMs: 1_000, totalTimeoutMs: 8_000 });
const answer = (status: number, retryAfter?: string) => ({
  status,
  headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter },
});

describe('retry policy for reads', () => {
  it('retries the statuses got retried (408, 429, 5xx but 501), and no others', () => {
    const retried = [200, 400, 404, 408, 413, 429, 500, 501, 502, 503, 504].filter(
      (status) => policy.delayAfter(answer(status), 1) !== null,
    );
    expect(retried).toEqual([408, 429, 500, 502, 503, 504]);
  });

  it('retries an attempt that got no answer, and stops when the retries are spent', () => {
    expect(policy.delayAfter({ noAnswer: true }, 1)).not.toBeNull();
    expect(policy.delayAfter({ noAnswer: true }, 2)).not.toBeNull();
    expect(policy.delayAfter({ noAnswer: true }, 3)).toBeNull();
  });

  it('does not retry an attempt that timed out: the vendor is hanging', () => {
    expect(policy.delayAfter({ noAnswer: true, timedOut: true }, 1)).toBeNull();
  });

  it('backs off exponentially up to the limit', () => {
    const tight = retryPolicyOf({ getRetries: 5, retryBackoffLimitMs: 50, totalTimeoutMs: 8_000 });
    expect(tight.delayAfter(answer(503), 1)).toBeLessThanOrEqual(50);
    expect(tight.delayAfter(answer(503), 4)).toBe(50);
    const first = policy.delayAfter(answer(500), 1) ?? Number.NaN;
    expect(first).toBeGreaterThanOrEqual(1_000 - 1);
    expect(first).toBeLessThanOrEqual(1_000);
  });

  it('waits as long as Retry-After says, in seconds or as a date, on 429 and 503', () => {
    expect(policy.delayAfter(answer(503, '2'), 1)).toBe(2_000);
    expect(policy.delayAfter(answer(429, '0'), 1)).toBe(0);
    const inThreeSeconds = new Date(Date.now() + 3_000).toUTCString();
    expect(policy.delayAfter(answer(503, inThreeSeconds), 1)).toBeGreaterThan(1_000);
    // 500 does not carry a Retry-After that counts: its own backoff applies.
    expect(policy.delayAfter(answer(500, '5'), 1)).toBeLessThanOrEqual(1_000);
  });

  it('fails at once when Retry-After asks for more than one attempt may take', () => {
    expect(policy.delayAfter(answer(503, '120'), 1)).toBeNull();
  });

  it("does not start a wait that would end after the request's deadline", () => {
    expect(policy.delayAfter(answer(503, '2'), 1, Date.now() + 1_000)).toBeNull();
    expect(policy.delayAfter(answer(503, '2'), 1, Date.now() + 5_000)).toBe(2_000);
  });
});
