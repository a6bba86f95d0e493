// One Relay connection over several sources: sources in the order given, each in its own order, each
// cursor carrying its source's own paging position.
//
// Every source the page may need is asked at once — the one the cursor stands in from there, every
// later one for its first page — so the answer waits for the slowest of them, never for their sum, and
// a source that hangs costs the others nothing. A source the index answers costs no vendor call and
// no wait: it is asked only once the page reaches it. Only further pages of one source come one after
// another (each page names the next). No page is read only to learn `hasNextPage`: the vendor's own
// "there is a next page" (its `next`) says it, and a record left over says it. A source that fails is
// skipped and reported.
import { badUserInput } from '../errors.ts';
import { SourceError } from '../sources/errors.ts';
import type { CustomerSourceName, PageToken } from '../sources/model/index.ts';
import type { CursorSeal } from './cursor-seal.ts';
import { type ConsistencyMode, decodeCursor, encodeCursor } from './source-cursor.ts';

export interface SourcePage<Item> {
  items: Item[];
  /** The following page's token; null when this was the source's last page. */
  next: PageToken | null;
}

export type PageLoader<Item> = (source: CustomerSourceName, token: PageToken | null, sizeHint: number) => Promise<SourcePage<Item>>;

export interface PagingQuestion {
  /** Selected sources, in the order they are paged through. */
  sources: readonly CustomerSourceName[];
  /** Fingerprint of the filter (source-cursor.ts cursorScope): a cursor only fits the question it was made for. */
  scope: () => string;
  first: number;
  after: string | null;
  /** Seals the cursors handed out and opens `after`. */
  cursors: CursorSeal;
  /** Sealed in each cursor: a cursor of the other mode is refused. */
  mode?: ConsistencyMode;
  /** Sources answered locally (the index): asked when the page reaches them, not beforehand. */
  local?: ReadonlySet<CustomerSourceName>;
}

export interface Edge<Item> {
  cursor: string;
  node: Item;
}

export interface Paged<Item> {
  edges: Edge<Item>[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** Sources that failed; their records are missing from this page. */
  failures: SourceError[];
  /** Where to resume when that is past the last edge (a feed read to its end); else the last edge's cursor. */
  endCursor?: string;
}

/** An edge whose cursor is sealed when it is read: most clients ask for `endCursor` alone, not every edge's. */
export function edgeOf<Item>(node: Item, seal: () => string): Edge<Item> {
  let cursor: string | undefined;
  return {
    node,
    get cursor() {
      cursor ??= seal();
      return cursor;
    },
  };
}

type Settled<Item> = { page: SourcePage<Item> } | { error: SourceError };

async function settle<Item>(loading: Promise<SourcePage<Item>>): Promise<Settled<Item>> {
  try {
    return { page: await loading };
  } catch (error) {
    if (error instanceof SourceError) return { error };
    throw error;
  }
}

export async function pageAcrossSources<Item>(question: PagingQuestion, loadPage: PageLoader<Item>): Promise<Paged<Item>> {
  const { first, scope, cursors } = question;
  let start = 0;
  let token: PageToken | null = null;
  let skip = 0;
  if (question.after !== null) {
    const cursor = decodeCursor(question.after, scope(), cursors, question.mode);
    start = question.sources.indexOf(cursor.source);
    if (start < 0) throw badUserInput('`after` points into a source this filter does not select', 'after');
    token = cursor.token;
    skip = cursor.index + 1;
  }
  const sources = question.sources.slice(start);
  const firstPages: Array<Promise<Settled<Item>> | undefined> = [];
  const firstPage = (offset: number): Promise<Settled<Item>> => {
    let pending = firstPages[offset];
    if (pending === undefined) {
      pending = settle(loadPage(sources[offset] as CustomerSourceName, offset === 0 ? token : null, offset === 0 ? first + skip : first));
      // What is not awaited below (a page that was not needed) still settles quietly: never an unhandled rejection.
      pending.catch(() => undefined);
      firstPages[offset] = pending;
    }
    return pending;
  };
  for (const [offset, source] of sources.entries()) if (offset === 0 || !question.local?.has(source)) firstPage(offset);

  const edges: Edge<Item>[] = [];
  const failures: SourceError[] = [];
  const hasNextPage = () => ({ edges, hasNextPage: true, hasPreviousPage: question.after !== null, failures });
  /** Whether any source after the `offset`-th holds a record (or may: a next page), from the first pages already asked for. */
  const laterHoldRecords = async (offset: number): Promise<boolean> => {
    const later = await Promise.all(sources.slice(offset + 1).map((_source, at) => firstPage(offset + 1 + at)));
    for (const result of later) if ('error' in result) failures.push(result.error);
    return later.some((result) => 'page' in result && (result.page.items.length > 0 || result.page.next !== null));
  };

  for (const [offset, source] of sources.entries()) {
    let pageToken = offset === 0 ? token : null;
    let from = offset === 0 ? skip : 0;
    let result = await firstPage(offset);
    while ('page' in result) {
      const { page } = result;
      const next = sources[offset + 1];
      for (let index = from; index < page.items.length; index++) {
        if (edges.length === first) return hasNextPage();
        // After a page's last record the cursor points past it (the next page, or the next source), so
        // resuming there reads no page only to skip it.
        const position =
          index < page.items.length - 1
            ? { source, token: pageToken, index }
            : page.next !== null
              ? { source, token: page.next, index: -1 }
              : next !== undefined
                ? { source: next, token: null, index: -1 }
                : { source, token: pageToken, index };
        edges.push(
          edgeOf(page.items[index] as Item, () =>
            encodeCursor({ ...position, scope: scope(), ...(question.mode ? { mode: question.mode } : {}) }, cursors),
          ),
        );
      }
      if (edges.length === first) {
        if (page.next !== null || (await laterHoldRecords(offset))) return hasNextPage();
        return { edges, hasNextPage: false, hasPreviousPage: question.after !== null, failures };
      }
      if (page.next === null) break;
      pageToken = page.next;
      from = 0;
      result = await settle(loadPage(source, pageToken, first - edges.length));
    }
    if ('error' in result) failures.push(result.error);
  }
  return { edges, hasNextPage: false, hasPreviousPage: question.after !== null, failures };
}
