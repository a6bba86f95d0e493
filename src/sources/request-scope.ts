// One operation's scope, handed explicitly from the GraphQL context to the loaders, the adapters,
// their clients and the HTTP layer — the one object a request travels with: its id (sent on as
// X-Request-Id), its deadline and abort signals, the vendor calls it made and may still make, the
// reads it already made (asked twice, paid once), the sources it wrote to, and the vendor warnings it
// collects for the answer, each with the path of the field that caused it.
//
// A warning belongs to the field whose resolution made the vendor call. The field travels with the call
// as async context (`withinField`, set around resolvers by plugins/source-reports.ts). A read several
// fields share (readOnce, a loader's batch) runs with a collector of its own instead, and hands what it
// heard to each asker when it has read (`sharedRead`, `askShared`): every field that asked gets it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { CUSTOMER_SOURCES, type CustomerSourceName } from './names.ts';

export { CUSTOMER_SOURCES, type CustomerSourceName };

/** Something a vendor said beside its answer (CRM `warnings`), passed on to the client. */
export interface SourceWarning {
  source: CustomerSourceName;
  code: string | null;
  message: string;
  /** The vendor id of the one record the call read, when it read one: told only to the fields that asked for that record. */
  about?: string;
  /** The response path of the field whose resolution made the call; absent when no field did. */
  path?: ReadonlyArray<string | number>;
}

/** A field's place in the answer, as graphql-js hands it to resolvers (`info.path`). */
export interface FieldPath {
  readonly prev: FieldPath | undefined;
  readonly key: string | number;
}

/** Who hears a warning said now: the field being resolved, or a shared read's collector. */
type Listener = FieldPath | SourceWarning[];

const listening = new AsyncLocalStorage<Listener>();

/** Runs `resolve` as field `path`: the warnings of the calls it makes are that field's. */
export function withinField<Args extends unknown[], Result>(path: FieldPath, resolve: (...args: Args) => Result, ...args: Args): Result {
  return listening.run(path, resolve, ...args);
}

/** Runs `work` for no field: what vendors say meanwhile describes nothing in the answer and is not passed on. */
export function unheard<Result>(work: () => Result): Result {
  return listening.run([], work);
}

/** A read that several may await, with the warnings heard while it ran. */
export interface SharedRead<T> {
  readonly pending: Promise<T>;
  readonly heard: readonly SourceWarning[];
}

/** Starts `load` with a collector of its own: its warnings go to whoever asks (askShared), not to the first asker alone. */
export function sharedRead<T>(load: () => Promise<T>): SharedRead<T> {
  const heard: SourceWarning[] = [];
  return { pending: listening.run(heard, load), heard };
}

/** The shared read's value, its warnings said again in `scope` for the one asking now. */
export function askShared<T>(scope: RequestScope, read: SharedRead<T>): Promise<T> {
  return read.pending.then(
    (value) => {
      retell(scope, read.heard);
      return value;
    },
    (error: unknown) => {
      retell(scope, read.heard);
      throw error;
    },
  );
}

/** Says `heard` again in `scope`, to the current listener. */
export function retell(scope: RequestScope, heard: readonly SourceWarning[]): void {
  for (const warning of heard) scope.warn(warning);
}

function pathOf(field: FieldPath): Array<string | number> {
  const keys: Array<string | number> = [];
  for (let at: FieldPath | undefined = field; at; at = at.prev) keys.push(at.key);
  return keys.reverse();
}

export interface RequestScope {
  readonly requestId: string;
  /**
   * Aborts when the request's time budget is spent, or once its answer has gone out: calls still
   * running are cut off. For a streamed answer, the budget is each payload's and the end the stream's.
   * Read it when a call is made (it may be another one for the next payload).
   */
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
  readonly vendorReads: Map<string, SharedRead<unknown>> | null;
  /** Sources this operation sent a write to, whatever came of it: answers cached from them are stale. */
  readonly wroteTo: Set<CustomerSourceName>;
  /** Vendor warnings, in the order they came, each with its field's path; returned in `extensions.warnings`. */
  readonly warnings: SourceWarning[];
  /** Calls made for no waiting client (the index's sync): they take what client calls leave of a vendor's budget. */
  readonly background: boolean;
  /** Tells the field being resolved (or the shared read running) what a vendor said. */
  warn(warning: SourceWarning): void;
}

/**
 * Where a scope's deadline and signals come from: fixed for a plain answer; for a streamed answer
 * (plugins/request-lifetime.ts) renewed for each payload, so they are read when a call is made.
 */
export interface ScopeTerm {
  readonly signal: AbortSignal;
  readonly deadlineAt: number;
  readSignal(): AbortSignal;
}

interface FixedTerm {
  signal: AbortSignal;
  /** Made on first use (a signal that follows two others costs listeners); `signal` when absent. */
  readSignal?: () => AbortSignal;
  deadlineAt: number;
}

export type ScopeOptions = ({ term: ScopeTerm } | FixedTerm) & {
  requestId: string;
  maxVendorCalls?: number | null;
  /** Keep the operation's reads to share them (default true). */
  shareReads?: boolean;
  /** Calls for no waiting client (default false). */
  background?: boolean;
};

function fixedTerm({ signal, readSignal: makeReadSignal, deadlineAt }: FixedTerm): ScopeTerm {
  let readSignal: AbortSignal | undefined;
  return { signal, deadlineAt, readSignal: () => (readSignal ??= makeReadSignal ? makeReadSignal() : signal) };
}

export function createRequestScope(options: ScopeOptions): RequestScope {
  const warnings: SourceWarning[] = [];
  const term = 'term' in options ? options.term : fixedTerm(options);
  return {
    requestId: options.requestId,
    get signal() {
      return term.signal;
    },
    get readSignal() {
      return term.readSignal();
    },
    get deadlineAt() {
      return term.deadlineAt;
    },
    vendorCalls: new Map(),
    maxVendorCalls: options.maxVendorCalls ?? null,
    vendorReads: options.shareReads === false ? null : new Map(),
    wroteTo: new Set(),
    warnings,
    background: options.background ?? false,
    warn: (warning) => {
      const listener = listening.getStore();
      if (Array.isArray(listener)) listener.push(warning);
      else warnings.push(listener ? { ...warning, path: pathOf(listener) } : warning);
    },
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
 * made of several (a whole list); a failed one is forgotten, to be asked again. Each asker hears what
 * the vendor said while it was read.
 */
export function readOnce<T>(scope: RequestScope, source: CustomerSourceName, key: string, load: () => Promise<T>): Promise<T> {
  const reads = scope.vendorReads;
  if (!reads) return load();
  const entry = `${source} ${key}`;
  let read = reads.get(entry) as SharedRead<T> | undefined;
  if (!read) {
    read = sharedRead(load);
    reads.set(entry, read);
    read.pending.catch(() => reads.delete(entry));
  }
  return askShared(scope, read);
}

/**
 * The operation has written to `source` (or tried to: a write's outcome may be unknown): what it read
 * there is read again when asked, and the answers cached from the source are dropped once it is done.
 */
export function forgetReads(scope: RequestScope, source: CustomerSourceName): void {
  scope.wroteTo.add(source);
  const reads = scope.vendorReads;
  if (!reads) return;
  for (const entry of reads.keys()) if (entry.startsWith(`${source} `)) reads.delete(entry);
}
