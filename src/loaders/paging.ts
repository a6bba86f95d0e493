// One Relay connection over several sources: sources in the order given, each in its own order, each
// cursor carrying its source's own paging position. A failing source is skipped and reported.
import { badUserInput } from '../errors.ts';
import { SourceError } from '../sources/errors.ts';
import type { CursorSeal } from '../connections/cursor-seal.ts';
import type { CustomerSourceName, PageToken } from '../sources/model.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

export interface SourcePage<Item> {
  items: Item[];
  next: PageToken | null;
}

export type PageLoader<Item> = (source: CustomerSourceName, token: PageToken | null, sizeHint: number) => Promise<SourcePage<Item>>;

export interface PagingQuestion {
  /** Selected sources, in the order they are paged through. */
  sources: CustomerSourceName[];
  /** Fingerprint of the filter: a cursor only fits the question it was made for. */
  scope: string;
  first: number;
  after: string | null;
  /** Seals the cursors handed out and opens `after`. */
  cursors: CursorSeal;
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

export async function pageAcrossSources<Item>(question: PagingQuestion, loadPage: PageLoader<Item>): Promise<Paged<Item>> {
  const { sources, first, scope, cursors } = question;
  let sourceIndex = 0;
  let token: PageToken | null = null;
  let skip = 0;
  if (question.after !== null) {
    const cursor = decodeCursor(question.after, scope, cursors);
    sourceIndex = sources.indexOf(cursor.source);
    if (sourceIndex < 0) throw badUserInput('`after` points into a source this filter does not select', 'after');
    token = cursor.token;
    skip = cursor.index + 1;
  }

  const edges: Edge<Item>[] = [];
  const failures: SourceError[] = [];
  let hasNextPage = false;
  // Read one record past `first`: that is how we know, exactly, whether a next page exists.
  while (sourceIndex < sources.length && !hasNextPage) {
    const source = sources[sourceIndex] as CustomerSourceName;
    try {
      const page = await loadPage(source, token, first - edges.length + 1);
      for (let index = skip; index < page.items.length; index++) {
        if (edges.length === first) {
          hasNextPage = true;
          break;
        }
        edges.push({ cursor: encodeCursor({ source, token, index, scope }, cursors), node: page.items[index] as Item });
      }
      if (page.next !== null) {
        token = page.next;
        skip = 0;
        continue;
      }
    } catch (error) {
      if (!(error instanceof SourceError)) throw error;
      failures.push(error);
    }
    sourceIndex += 1;
    token = null;
    skip = 0;
  }
  return { edges, hasNextPage, hasPreviousPage: question.after !== null, failures };
}
