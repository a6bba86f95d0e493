// Documented KB Support pages (kbsupport-customers.txt: `offset`, `per_page`, `orderby=id&order=desc`,
// totals in headers) walked by id, not by position. A page continues below the lowest id handed out so
// far (`after`); its window is read from where that id stood, one item early. The window is trusted
// only when nothing before it can be below `after` — it starts the list, or its first id is at or
// above `after` — so its ids below `after` are the next ones in the list as it is now: customers
// created above (ids ≥ `after`) are dropped, and when deletions above moved the list up (the first id
// already below `after`) the window is read again from further back. Pure over `read`.
import { descending } from './installation.ts';

export interface KeysetCursor {
  /** The lowest id handed out so far: the next page holds ids below it. */
  after: number;
  /** Where the first id below `after` stood when `after` was read: where the next window is looked for. */
  at: number;
}

export interface KeysetWindow<Item> {
  items: Item[];
  /** `X-WP-Total`; null where the installation sent none. */
  total: number | null;
}

/** `per_page` items from `offset` on, newest first. */
export type ReadWindow<Item> = (offset: number, perPage: number) => Promise<KeysetWindow<Item>>;

export type KeysetAnswer<Item> =
  | { kind: 'page'; items: Item[]; next: KeysetCursor | null; total: number | null }
  /** The answers are not those of a list honouring `offset`, `per_page` and the id order. */
  | { kind: 'misbehaves' }
  /** The list kept changing under the reads: no window could be trusted within the reads allowed. */
  | { kind: 'unsettled' };

/** WordPress's largest `per_page`. */
const MAX_WINDOW = 100;
/** Reads one page may take while the list moves under it (one, unless it changed). */
const MAX_READS = 5;

/**
 * The `size` customers after `cursor` (null: the first page). A window that is not full claims the
 * list ends there: believed only when `X-WP-Total` says so too (a list ignoring `offset` answers a short
 * window of its newest items, kbsupport-observed.md).
 */
export async function keysetPage<Item>(
  cursor: KeysetCursor | null,
  size: number,
  read: ReadWindow<Item>,
  idOf: (item: Item) => number,
): Promise<KeysetAnswer<Item>> {
  const after = cursor?.after ?? Number.POSITIVE_INFINITY;
  let offset = cursor === null ? 0 : Math.max(0, cursor.at - 1);
  let perPage = cursor === null ? size : Math.min(MAX_WINDOW, size + 1);
  let stepBack = perPage;
  for (let reads = 0; reads < MAX_READS; reads++) {
    const { items, total } = await read(offset, perPage);
    const ids = items.map(idOf);
    if (ids.length > perPage || !descending(ids)) return { kind: 'misbehaves' };
    const full = ids.length === perPage;
    if (!full && (total === null || offset + ids.length < total)) return { kind: 'misbehaves' };
    const first = ids[0];
    if (offset > 0 && (first === undefined || first < after)) {
      // Customers above `after` were deleted: read again from further back, the window widened to keep its end.
      const back = Math.min(offset, stepBack);
      offset -= back;
      perPage = Math.min(MAX_WINDOW, perPage + back);
      stepBack *= 2;
      continue;
    }
    const start = ids.findIndex((id) => id < after);
    if (start < 0) {
      if (!full) return { kind: 'page', items: [], next: null, total };
      // Customers created above `after` pushed it past this window: read on from its last item, a wider window.
      offset += ids.length - 1;
      perPage = Math.min(MAX_WINDOW, perPage * 2);
      continue;
    }
    const taken = items.slice(start, start + size);
    const last = ids[start + taken.length - 1] ?? 1;
    // The total tells a full window that reaches the end, when it can be the same list's count.
    const counted = total !== null && offset + ids.length <= total && offset + start + taken.length >= total;
    const end = (!full && start + taken.length === ids.length) || counted || last <= 1;
    return { kind: 'page', items: taken, next: end ? null : { after: last, at: offset + start + taken.length }, total };
  }
  return { kind: 'unsettled' };
}
