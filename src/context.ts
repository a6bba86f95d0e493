// Per-operation context: the operation's scope (request-scope.ts: its id, deadline, signals, vendor
// call budget and tally, shared reads, the sources it wrote to, and vendor warnings with the path of
// the field each concerns), its loaders over that scope, the stores writes need, and the errors of
// sources that failed while the rest of a field was answered. (Cached answers a write made stale are
// dropped by the response cache plugin, from what the scope says was written.)
import type { GraphQLError } from 'graphql';
import { NO_ONE, type Principal } from './auth/principal.ts';
import type { CursorSeal } from './connections/cursor-seal.ts';
import type { IndexedSources } from './index/sync-state.ts';
import type { ChangeFeed } from './live/change-feed.ts';
import { createLoaders, type Loaders } from './loaders/index.ts';
import type { Sources } from './sources/index.ts';
import type { RequestScope } from './sources/request-scope.ts';
import type { Webhooks } from './webhooks/registration.ts';
import type { IdempotencyStore } from './writes/idempotency.ts';

export interface GatewayContext {
  /** For the writes (src/writes/); resolvers read through `loaders` only. */
  sources: Sources;
  loaders: Loaders;
  /** The one object every vendor call of this operation is made with. */
  scope: RequestScope;
  idempotency: IdempotencyStore;
  /** The request's `Idempotency-Key` header, if it sent one. */
  idempotencyKey: string | null;
  /** The HTTP request the operation came in (a WebSocket's operations each come as one). */
  request: Request;
  /** Errors of sources that failed while the rest of a field was answered; appended to `errors`. */
  partialErrors: GraphQLError[];
  /** Who is asking, with their scopes. */
  client: Principal;
  /** Seals the connection cursors handed out, and opens those that come back. */
  cursors: CursorSeal;
  /** The synced index, when the gateway keeps one (reads and writes reach it through loaders and writes). */
  index?: IndexedSources;
  /** Tells subscriptions that the index's change log moved; with the index only. */
  changes?: ChangeFeed;
  /** Registers webhooks and tells their deliverer; with the index only. */
  webhooks?: Webhooks;
}

export interface Services {
  sources: Sources;
  idempotency: IdempotencyStore;
  cursors: CursorSeal;
  /** The sources kept in the synced index; absent: every read is live. */
  index?: IndexedSources;
  changes?: ChangeFeed;
  webhooks?: Webhooks;
}

export function createContext(services: Services, request: Request, scope: RequestScope, client: Principal | undefined): GatewayContext {
  return {
    ...services,
    loaders: createLoaders(services.sources, scope, services.cursors, services.index),
    scope,
    idempotencyKey: request.headers.get('idempotency-key'),
    request,
    partialErrors: [],
    client: client ?? NO_ONE,
  };
}

/**
 * The next event of a subscription is answered as an operation of its own: a fresh scope (its call
 * budget, shared reads and warnings) and loaders over it, so nothing read for an earlier event is
 * served again as if current.
 */
export function renewScope(context: GatewayContext, scope: RequestScope): void {
  context.scope = scope;
  context.loaders = createLoaders(context.sources, scope, context.cursors, context.index);
}
