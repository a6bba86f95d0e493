// When a failed read is tried again, and after how long: got's retry rules, kept when the vendor
// client moved to undici, but for one: an attempt that timed out is not tried again — a vendor that
// has not answered within VENDOR_RESPONSE_TIMEOUT_MS is hanging, and another whole attempt would hold
// every answer that waits on it that much longer. Writes are never retried (retry.ts).
import type { IncomingHttpHeaders } from 'node:http';

export interface RetrySettings {
  /** Extra attempts for a GET. */
  getRetries: number;
  /** The longest backoff between two attempts; a vendor's Retry-After may ask for more. */
  retryBackoffLimitMs: number;
  /** A Retry-After longer than one attempt's budget fails the call now rather than holding it. */
  totalTimeoutMs: number;
}

/** What the failed attempt got: an answer, or no answer at all (a dropped or refused connection, a timeout). */
export type FailedAttempt = { status: number; headers: IncomingHttpHeaders } | { noAnswer: true; timedOut?: boolean };

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** Retried answers whose Retry-After is honoured. */
const RETRY_AFTER_STATUSES = new Set([429, 503]);

export interface RetryPolicy {
  /** The wait before the next attempt, or null: no more attempts (not retryable, none left, or past `deadlineAt`). */
  delayAfter(attempt: FailedAttempt, attemptsMade: number, deadlineAt?: number): number | null;
}

export function retryPolicyOf(settings: RetrySettings): RetryPolicy {
  const noise = Math.min(100, settings.retryBackoffLimitMs);
  const backoff = (attemptsMade: number) => Math.min(2 ** (attemptsMade - 1) * 1_000 + Math.random() * noise, settings.retryBackoffLimitMs);

  return {
    delayAfter(attempt, attemptsMade, deadlineAt) {
      if (attemptsMade > settings.getRetries) return null;
      let delay: number;
      if ('noAnswer' in attempt) {
        if (attempt.timedOut) return null;
        delay = backoff(attemptsMade);
      } else {
        if (!RETRY_STATUSES.has(attempt.status)) return null;
        const asked = RETRY_AFTER_STATUSES.has(attempt.status) ? retryAfterMs(attempt.headers['retry-after']) : null;
        if (asked !== null && asked > settings.totalTimeoutMs) return null;
        delay = asked ?? backoff(attemptsMade);
      }
      // A wait (backoff or Retry-After) that would outlive the request's budget: give up now.
      return deadlineAt !== undefined && Date.now() + delay >= deadlineAt ? null : delay;
    },
  };
}

/** `Retry-After: 120` or an HTTP date, in ms from now; null when absent or unreadable. */
function retryAfterMs(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1_000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}
