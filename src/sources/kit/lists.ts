// List helpers every adapter needs: one record per id, and batches of a vendor's largest page.

/** The items in order, each id once (the last one read wins: a later page has the newer copy). */
export function uniqueBy<Item>(items: readonly Item[], idOf: (item: Item) => string | number): Item[] {
  return [...new Map(items.map((item) => [String(idOf(item)), item] as const)).values()];
}

/** Customers or employees in order, each `sourceId` once. */
export function uniqueBySourceId<Item extends { sourceId: string }>(items: readonly Item[]): Item[] {
  return uniqueBy(items, (item) => item.sourceId);
}

/** `items` cut into runs of at most `size`. */
export function chunks<Item>(items: readonly Item[], size: number): Item[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
}
