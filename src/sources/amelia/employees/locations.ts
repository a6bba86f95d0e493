// The system's locations, from Amelia's `/locations` route, which amelia-employees.txt does not name:
// probed on the first validation that needs it and trusted for a while, its absence too. Without it a
// draft's locations are left to Amelia's own validation of the write.
import { LEARNED_TTL_MS, learned } from '../../kit/learned.ts';
import type { RequestScope } from '../../request-scope.ts';

export interface LocationCache {
  /** The ids of the system's locations; null when Amelia has no `/locations` route to tell them. */
  ids(scope: RequestScope): Promise<string[] | null>;
}

export function createLocationCache(load: (scope: RequestScope) => Promise<string[] | null>, ttlMs = LEARNED_TTL_MS): LocationCache {
  const known = learned<Promise<string[] | null>>(ttlMs);
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
