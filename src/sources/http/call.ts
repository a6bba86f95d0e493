// A vendor call as the stages of the pipeline (index.ts) see it: the request and the answer, what
// one attempt got, what the whole call went through, and the shape every stage has.
import type { IncomingHttpHeaders } from 'node:http';
import type { RequestScope } from '../request-scope.ts';
import type { Admission } from './breaker.ts';

export type VendorMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface VendorRequest {
  method: VendorMethod;
  /** Path and query relative to the vendor's base URL; every dynamic part already encoded. */
  path: string;
  json?: unknown;
  headers?: Record<string, string>;
}

export interface VendorResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Parsed JSON; undefined for an empty body. */
  body: unknown;
}

/** An attempt the vendor answered (any status), or why it did not. */
export type Attempt = { status: number; headers: IncomingHttpHeaders; text: string } | { failure: AttemptFailure; error: unknown };

/**
 * - `cut-off`: the request's deadline (or its client going away) ended it;
 * - `timeout`: the attempt's own response or total time ran out;
 * - `connect-timeout`, `never-connected`: the vendor saw nothing;
 * - `connection`: the connection failed once the request may have been sent;
 * - `ours`: a fault of ours (undici refused the arguments).
 */
export type AttemptFailure = 'cut-off' | 'timeout' | 'connect-timeout' | 'never-connected' | 'connection' | 'ours';

/** How a call ended: the answer handed to the adapter, or what it throws. */
export type Settled = { response: VendorResponse } | { error: unknown };

/** What one call went through, for its verdict, the tally and the observer. */
export interface CallTrace {
  /** Attempts sent (1 + retries). */
  attempts: number;
  /** The last HTTP status an attempt was answered with. */
  status: number | null;
  /** An attempt already failed for a reason that is the vendor's (5xx, timeout, connection). */
  vendorTrouble: boolean;
  /** `performance.now()` when the first attempt left (the call had left the queue); null while none did. */
  startedAt: number | null;
  /** The breaker's leave to go, given when the call was made and used when its turn comes; null until then. */
  admission: Admission | null;
}

export function newCallTrace(): CallTrace {
  return { attempts: 0, status: null, vendorTrouble: false, startedAt: null, admission: null };
}

/** One stage of the pipeline: the request, the scope it is made for, and the call's trace, handed on explicitly. */
export type Stage<T> = (request: VendorRequest, scope: RequestScope, trace: CallTrace) => Promise<T>;

export function isWrite(request: VendorRequest): boolean {
  return request.method !== 'GET';
}

/** What ends a call early: the deadline; for a read also the client going away (request-scope.ts). */
export function signalFor(request: VendorRequest, scope: RequestScope): AbortSignal {
  return request.method === 'GET' ? scope.readSignal : scope.signal;
}
