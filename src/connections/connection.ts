// A page of a connection as the schema answers it: edges, page info, the sources that failed for
// this page, and a total computed only when a client asks for it.
import type { SourceError } from '../sources/errors.ts';
import type { Edge, Paged } from './pager.ts';

export interface Count {
  total: number;
  /** Sources that could not be counted (their records are missing from `total`). */
  failures: SourceError[];
}

export interface Connection<Item> {
  edges: Edge<Item>[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Sources that failed while the page was read; their records are missing from it. */
  failures: SourceError[];
  totalCount(): Promise<Count>;
}

export function connectionOf<Item>(paged: Paged<Item>, totalCount: () => Promise<Count>): Connection<Item> {
  return {
    edges: paged.edges,
    pageInfo: {
      hasNextPage: paged.hasNextPage,
      hasPreviousPage: paged.hasPreviousPage,
      // Sealed when asked for (edges seal theirs the same way).
      get startCursor() {
        return paged.edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return paged.endCursor ?? paged.edges.at(-1)?.cursor ?? null;
      },
    },
    failures: paged.failures,
    totalCount,
  };
}
