// At start: rows of connections that are no longer configured are erased — a sandbox restarted on
// other ports holds other people, and a site changed in the configuration must not leave the former
// site's customers behind. Counting first keeps the usual start (nothing stale) to two queries a source.
import type { IndexStore } from '../index/store.ts';
import type { ConnectionId, SortPosition } from '../index/types.ts';
import { CUSTOMER_SOURCES, type CustomerSourceName } from '../sources/model/index.ts';

const PAGE = 500;

/** Erases every row whose connection is not its source's configured one; answers how many. */
export async function eraseStaleRows(store: IndexStore, connections: Partial<Record<CustomerSourceName, ConnectionId>>): Promise<number> {
  let erased = 0;
  for (const source of CUSTOMER_SOURCES) {
    const current = connections[source];
    const all = await store.count({ sources: [source] });
    const kept = current === undefined ? 0 : await store.count({ sources: [source], connections: [current] });
    if (all === kept) continue;
    let after: SortPosition | null = null;
    for (;;) {
      const page = await store.page({ filter: { sources: [source] }, orderBy: { field: 'SOURCE', direction: 'ASC' }, after, first: PAGE });
      const now = new Date();
      for (const row of page.rows) {
        if (row.key.connection === current) continue;
        // Erased (secure_delete overwrites it in the file); the tombstone keeps ids only.
        if ((await store.delete({ key: row.key, readStartedAt: now })) === 'deleted') erased += 1;
      }
      const last = page.rows.at(-1);
      if (!page.hasNextPage || !last) break;
      after = { value: null, source: last.key.source, vendorId: last.key.vendorId, connection: last.key.connection };
    }
  }
  return erased;
}
