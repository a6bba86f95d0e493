// One operation's scope, handed explicitly from the GraphQL context to the loaders, the adapters,
// their clients and the HTTP layer — the one object a request travels with: its id (sent on as
// X-Request-Id), its deadline and abort signals, the vendor calls it made and may still make, the
// reads it already made (asked twice, paid once), and the vendor warnings it collects for the answer.
import { CUSTOMER_SOURCES, type CustomerSourceName } from './names.ts';

export { CUSTOMER_SOURCES, type CustomerSourceName };

/** Something a vendor said beside its answer (CRM `warnings`), passed on to the client. */
export interface SourceWarning {
  source: CustomerSourceName;
  code: string | null;
  message: string;
}

export interface RequestScope {
  readonly requestId: string;
  /** Aborts when the request's time budget is spent, or once its answer has gone out: calls still running are cut off. */
  readonly signal: AbortSignal;
  /**
   * Aborts with `signal`, or when the client has gone away before its answer: reads stop then. Writes
   * follow `signal` only: one cut off would leave its outcome unknown to a retry with the same key.
   */
  readonly readSignal: AbortSignal;
  /** When the deadline passes (epoch ms): a wait that would end later is not started. */
  readonly deadlineAt: number;
  /** Vendor calls made for this operation, by source (each attempt counts). */
  readonly vendorCalls: Map<CustomerSourceName, number>;
  /** The most vendor calls this operation may make, all sources together (MAX_VENDOR_CALLS); null: no limit. */
  readonly maxVendorCalls: number | null;
  /**
   * The operation's reads, by vendor and what was read: asking the same thing twice (a page and its
   * count, a list and its check) costs one call. A write to a vendor forgets its reads. null: every
   * read is made (a probe, an adapter used on its own).
   */
  readonly vendorReads: Map<string, Promise<unknown>> | null;
  /** Vendor warnings, in the order they came; returned in `extensions.warnings`. */
  readonly warnings: SourceWarning[];
  warn(warning: SourceWarning): void;
}

export interface ScopeOptions {
  requestId: string;
  signal: AbortSignal;
  /** Made on first use (a signal that follows two others costs listeners); `signal` when absent. */
  readSignal?: () => AbortSignal;
  deadlineAt: number;
  maxVendorCalls?: number | null;
  /** Keep the operation's reads to share them (default true). */
  shareReads?: boolean;
}

export function createRequestScope(options: ScopeOptions): RequestScope {
  const warnings: SourceWarning[] = [];
  const makeReadSignal = options.readSignal;
  let readSignal: AbortSignal | undefined;
  return {
    requestId: options.requestId,
    signal: options.signal,
    get readSignal() {
      readSignal ??= makeReadSignal ? makeReadSignal() : options.signal;
      return readSignal;
    },
    deadlineAt: options.deadlineAt,
    vendorCalls: new Map(),
    maxVendorCalls: options.maxVendorCalls ?? null,
    vendorReads: options.shareReads === false ? null : new Map(),
    warnings,
    warn: (warning) => void warnings.push(warning),
  };
}

/** A scope for calls made outside any request (start-up probes, an adapter used on its own): its own deadline, no budget, no shared reads. */
export function standaloneScope(requestId: string, timeoutMs = 60_000): RequestScope {
  return createRequestScope({
    requestId,
    signal: AbortSignal.timeout(timeoutMs),
    deadlineAt: Date.now() + timeoutMs,
    shareReads: false,
  });
}

/** Counts one call to `source` against the budget; false, counting nothing, when the budget is spent. */
export function spendVendorCall(scope: RequestScope, source: CustomerSourceName): boolean {
  if (scope.maxVendorCalls !== null) {
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

/**
 * `load` once per source and key among the operation's reads — a vendor call, or a source-level read
 * made of several (a whole list); a failed one is forgotten, to be asked again.
 */
export function readOnce<T>(scope: RequestScope, source: CustomerSourceName, key: string, load: () => Promise<T>): Promise<T> {
  const reads = scope.vendorReads;
  if (!reads) return load();
  const entry = `${source} ${key}`;
  let pending = reads.get(entry) as Promise<T> | undefined;
  if (!pending) {
    pending = load();
    reads.set(entry, pending);
    pending.catch(() => reads.delete(entry));
  }
  return pending;
}

/** The operation has written to `source`: what it read there is read again when asked. */
export function forgetReads(scope: RequestScope, source: CustomerSourceName): void {
  const reads = scope.vendorReads;
  if (!reads) return;
  for (const entry of reads.keys()) if (entry.startsWith(`${source} `)) reads.delete(entry);
}
