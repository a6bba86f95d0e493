// The system's locations (Amelia's `/locations` route), read once and trusted for a while: the only
// vendor call an employee draft's validation makes.
import { LEARNED_TTL_MS, learned } from '../../kit/learned.ts';
import type { RequestScope } from '../../request-scope.ts';

export interface LocationCache {
  ids(scope: RequestScope): Promise<string[]>;
}

export function createLocationCache(load: (scope: RequestScope) => Promise<string[]>, ttlMs = LEARNED_TTL_MS): LocationCache {
  const known = learned<Promise<string[]>>(ttlMs);
  return {
    ids(scope) {
      const cached = known.get();
      if (cached !== null) return cached;
      const ids = load(scope);
      known.set(ids);
      // A failed read is not kept: the next validation asks again.
      ids.catch(() => {
        if (known.get() === ids) known.set(null);
      });
      return ids;
    },
  };
}
