// What the GraphQL request being served tells every vendor call made on its behalf, without each
// adapter having to pass it along: its id (sent on as X-Request-Id), its deadline, and a tally of
// the vendor calls it caused (for its log line).
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
  /** Vendor calls made for this request, by source. */
  vendorCalls: Map<CustomerSourceName, number>;
  /**
   * The request's reads, by vendor and URL: asking the same thing twice in one request (a page and
   * its count, a list and its check) costs one call. A write to a vendor forgets its reads.
   */
  vendorReads: Map<string, Promise<unknown>>;
}

const storage = new AsyncLocalStorage<RequestScope>();

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
