// The system's locations, read once and trusted for a few minutes: validation's only vendor call.
import type { RequestScope } from '../request-scope.ts';

export interface LocationCache {
  ids(scope: RequestScope): Promise<string[]>;
}

export const LOCATIONS_TTL_MS = 5 * 60_000;

export function createLocationCache(load: (scope: RequestScope) => Promise<string[]>, ttlMs = LOCATIONS_TTL_MS): LocationCache {
  let cached: { readAt: number; ids: Promise<string[]> } | null = null;
  return {
    ids(scope) {
      if (cached === null || performance.now() - cached.readAt > ttlMs) {
        const entry = { readAt: performance.now(), ids: load(scope) };
        cached = entry;
        // A failed read is not kept: the next validation asks again.
        entry.ids.catch(() => {
          if (cached === entry) cached = null;
        });
      }
      return cached.ids;
    },
  };
}
