// What an adapter learns of its vendor from the answers (how long a list is), trusted for a while
// and then learned again from the next answer that tells.
export const LEARNED_TTL_MS = 5 * 60_000;

export interface Learned<T> {
  /** The value last learned, or null when none was, or it is older than the TTL. */
  get(): T | null;
  set(value: T | null): void;
}

export function learned<T>(ttlMs = LEARNED_TTL_MS): Learned<T> {
  let value: T | null = null;
  let learnedAt = 0;
  return {
    get: () => (value !== null && Date.now() - learnedAt < ttlMs ? value : null),
    set(next) {
      value = next;
      learnedAt = Date.now();
    },
  };
}
