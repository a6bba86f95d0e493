// Per-operation context: the operation's scope (request-scope.ts: its id, deadline, signals, vendor
// call budget and tally, shared reads and vendor warnings), its loaders over that scope, the stores
// writes need, and the errors of sources that failed while the rest of a field was answered.
import type { Cache } from '@graphql-yoga/plugin-response-cache';
import type { GraphQLError } from 'graphql';
import { NO_ONE, type Principal } from './auth/principal.ts';
import type { CursorSeal } from './connections/cursor-seal.ts';
import { createLoaders, type Loaders } from './loaders/index.ts';
import type { Sources } from './sources/index.ts';
import type { RequestScope } from './sources/request-scope.ts';
import type { IdempotencyStore } from './writes/idempotency.ts';

export interface GatewayContext {
  /** For the writes (src/writes/); resolvers read through `loaders` only. */
  sources: Sources;
  loaders: Loaders;
  /** The one object every vendor call of this operation is made with. */
  scope: RequestScope;
  idempotency: IdempotencyStore;
  responseCache: Pick<Cache, 'invalidate'> | null;
  /** The request's `Idempotency-Key` header, if it sent one. */
  idempotencyKey: string | null;
  /** Errors of sources that failed while the rest of a field was answered; appended to `errors`. */
  partialErrors: GraphQLError[];
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
  return {
    ...services,
    loaders: createLoaders(services.sources, scope, services.cursors),
    scope,
    idempotencyKey: request.headers.get('idempotency-key'),
    partialErrors: [],
    client: client ?? NO_ONE,
  };
}
