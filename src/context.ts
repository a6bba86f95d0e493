// Per-request context: the process-wide sources and stores, this request's loaders, and what the
// request collects beside its data (vendor warnings, sources that failed while others answered).
import type { Cache } from '@graphql-yoga/plugin-response-cache';
import type { GraphQLError } from 'graphql';
import type { CursorSeal } from './connections/cursor-seal.ts';
import { createLoaders, type Loaders } from './loaders/index.ts';
import type { SourceCall, SourceWarning } from './sources/model.ts';
import type { Sources } from './sources/index.ts';
import { NO_ONE, type Principal } from './auth/principal.ts';
import type { RequestScope } from './sources/request-scope.ts';
import type { IdempotencyStore } from './writes/idempotency.ts';

export interface GatewayContext {
  sources: Sources;
  loaders: Loaders;
  /** Handed to every vendor call this request makes. */
  call: SourceCall;
  idempotency: IdempotencyStore;
  responseCache: Pick<Cache, 'invalidate'> | null;
  /** The request's `Idempotency-Key` header, if it sent one. */
  idempotencyKey: string | null;
  /** Vendor warnings, returned in `extensions.warnings`. */
  warnings: SourceWarning[];
  /** Errors of sources that failed while the rest of a field was answered; appended to `errors`. */
  partialErrors: GraphQLError[];
  /** Request id, deadline and vendor call tally, shared with the vendor calls (request-scope.ts). */
  scope: RequestScope;
  /** Who is asking, with their scopes. */
  client: Principal;
  /** Seals the connection cursors handed out, and opens those that come back. */
  cursors: CursorSeal;
}

export interface Services {
  sources: Sources;
  idempotency: IdempotencyStore;
  /** Cached answers, for writes to drop what they made stale; null when answers are not cached. */
  responseCache: Pick<Cache, 'invalidate'> | null;
  cursors: CursorSeal;
}

export function createContext(services: Services, request: Request, scope: RequestScope, client: Principal | undefined): GatewayContext {
  const warnings: SourceWarning[] = [];
  const call: SourceCall = { warn: (warning) => warnings.push(warning) };
  return {
    ...services,
    loaders: createLoaders(services.sources, call),
    call,
    idempotencyKey: request.headers.get('idempotency-key'),
    warnings,
    partialErrors: [],
    scope,
    client: client ?? NO_ONE,
  };
}
