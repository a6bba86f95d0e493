// What the GraphQL request being served tells every vendor call made on its behalf, without each
// adapter having to pass it along: its id (sent on as X-Request-Id), its deadline, a tally of the
// vendor calls it caused (for its log line) and how many it may make at most.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CustomerSourceName } from './model.ts';

export interface RequestScope {
  requestId: string;
  /** Aborts when the request's time budget is spent: calls still running are cut off. */
  signal: AbortSignal;
  /**
   * Aborts with `signal`, or when the client has gone away before its answer: reads stop then. Writes
   * follow `signal` only: one cut off would leave its outcome unknown to a retry with the same key.
   */
  readSignal: AbortSignal;
  /** When that happens (epoch ms): a wait that would end later is not started. */
  deadlineAt: number;
  /** Vendor calls made for this request, by source (each attempt counts). */
  vendorCalls: Map<CustomerSourceName, number>;
  /** The most vendor calls this request may make, all sources together (MAX_VENDOR_CALLS); none when absent. */
  maxVendorCalls?: number;
  /**
   * The request's reads, by vendor and URL: asking the same thing twice in one request (a page and
   * its count, a list and its check) costs one call. A write to a vendor forgets its reads.
   */
  vendorReads: Map<string, Promise<unknown>>;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Counts one call to `source` against the request's budget; false, counting nothing, when the budget is spent. */
export function spendVendorCall(scope: RequestScope, source: CustomerSourceName): boolean {
  if (scope.maxVendorCalls !== undefined) {
    let spent = 0;
    for (const count of scope.vendorCalls.values()) spent += count;
    if (spent >= scope.maxVendorCalls) return false;
  }
  scope.vendorCalls.set(source, (scope.vendorCalls.get(source) ?? 0) + 1);
  return true;
}

/** Gives back a call counted but never sent (its deadline passed while it waited for a slot). */
export function refundVendorCall(scope: RequestScope, source: CustomerSourceName): void {
  const count = scope.vendorCalls.get(source) ?? 0;
  if (count > 0) scope.vendorCalls.set(source, count - 1);
}

export function runInRequestScope<T>(scope: RequestScope, run: () => T): T {
  return storage.run(scope, run);
}

/**
 * A source-level read made of several vendor calls (a whole list), once per request: kept beside the
 * request's vendor reads, and forgotten with them when the request writes to that source.
 */
export function oncePerRequest<T>(source: CustomerSourceName, what: string, load: () => Promise<T>): Promise<T> {
  const scope = currentRequestScope();
  return scope ? readOnce(scope, source, `#${what}`, load) : load();
}

/** `load` once per source and key among the request's reads; a failed one is forgotten, to be asked again. */
export function readOnce<T>(scope: RequestScope, source: CustomerSourceName, key: string, load: () => Promise<T>): Promise<T> {
  const reads = scope.vendorReads;
  const entry = `${source} ${key}`;
  let pending = reads.get(entry) as Promise<T> | undefined;
  if (!pending) {
    pending = load();
    reads.set(entry, pending);
    pending.catch(() => reads.delete(entry));
  }
  return pending;
}

/** The request has written to `source`: what it read there is read again when asked. */
export function forgetReads(scope: RequestScope, source: CustomerSourceName): void {
  for (const entry of scope.vendorReads.keys()) if (entry.startsWith(`${source} `)) scope.vendorReads.delete(entry);
}

/** The scope of the request this code runs for; undefined outside one (start-up probes, tests of an adapter alone). */
export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}
