// What a write needs of its operation: the sources, the scope its vendor calls are made in, the store
// that makes a repeat with the same key safe, and the loaders whose copies a write replaces. The
// GraphQL context is one (context.ts); writes know nothing else of it.

import type { IndexedSources } from '../index/sync-state.ts';
import type { ChangeFeed } from '../live/change-feed.ts';
import type { Loaders } from '../loaders/index.ts';
import type { Sources } from '../sources/index.ts';
import type { RequestScope } from '../sources/request-scope.ts';
import type { IdempotencyStore } from './idempotency.ts';

export interface WriteContext {
  sources: Sources;
  scope: RequestScope;
  idempotency: IdempotencyStore;
  loaders: Pick<Loaders, 'customers' | 'employees' | 'platform'>;
  /** The synced index: a write updates it before the mutation answers (read-your-writes). */
  index?: IndexedSources;
  /** Told when a write changed the index, so that subscriptions hear of it at once. */
  changes?: Pick<ChangeFeed, 'ring'>;
}
