import type { BreakerSettings } from './breaker.ts';
import type { VendorBudgets } from './vendor-budget.ts';
import type { VendorObserver } from './vendor-observer.ts';

export interface VendorHttpSettings {
  connectTimeoutMs: number;
  /** Time from sending the request to the first response byte. */
  responseTimeoutMs: number;
  /** Time for one whole attempt. */
  totalTimeoutMs: number;
  /** Extra attempts for GET only; writes are never retried. */
  getRetries: number;
  /** The longest wait between two attempts (exponential backoff up to this; a vendor's Retry-After wins). */
  retryBackoffLimitMs: number;
  /** Connections to the vendor, and the calls in flight when no `budgets` say otherwise. */
  concurrency: number;
  /** Each vendor's budget (calls in flight and per second), shared by all its clients, the sync and, through Redis, every instance. */
  budgets?: VendorBudgets;
  /** This client's circuit breaker; DEFAULT_BREAKER_SETTINGS (5 consecutive failures, probe after 5 s) when absent. */
  breaker?: BreakerSettings;
  /** Told about every finished call and every breaker change (metrics, logs); it cannot disturb a call. */
  observer?: VendorObserver;
}

export const DEFAULT_HTTP_SETTINGS: VendorHttpSettings = {
  connectTimeoutMs: 2_000,
  responseTimeoutMs: 5_000,
  totalTimeoutMs: 8_000,
  getRetries: 2,
  retryBackoffLimitMs: 1_000,
  concurrency: 256,
};
