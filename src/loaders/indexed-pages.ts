// Pages and counts of one source for the pager, from the index where the source is kept there, live
// otherwise. An index page's token is its last row's place (`{ indexed: … }`), so a token says which
// way its source was read: a page begun live goes on live, whatever the index meanwhile holds.
import type { IndexFilter, SortPosition } from '../index/types.ts';
import type { CustomerListFilter, CustomerPage, CustomerSourceName, PageToken } from '../sources/model/index.ts';
import { CUSTOMER_SOURCES } from '../sources/model/index.ts';
import type { IndexReads } from './index-reads.ts';

/** A source's pages and counts for the connection, whether the index or the vendor answers them. */
export interface CustomerReads {
  page(source: CustomerSourceName, filter: CustomerListFilter, token: CustomerPage['next'], sizeHint: number): Promise<CustomerPage>;
  count(source: CustomerSourceName, filter: CustomerListFilter): Promise<number>;
}

export type FreshnessState = 'LOADING' | 'SYNCED' | 'FAILING' | 'LIVE';

export interface SourceFreshness {
  source: CustomerSourceName;
  /** LIVE: this answer asked the vendor; the others: the index's sync state of the source. */
  state: FreshnessState;
  newRecordsAsOf: Date | null;
  verifiedAsOf: Date | null;
}

/** Within one source, the index orders by vendor id (the order's ties). */
const BY_VENDOR_ID = { field: 'SOURCE', direction: 'ASC' } as const;

function positionIn(token: PageToken | null): SortPosition | null | undefined {
  if (token === null || typeof token !== 'object' || Array.isArray(token) || !('indexed' in token)) return undefined;
  const place = token.indexed;
  if (place === null || typeof place !== 'object' || Array.isArray(place)) return undefined;
  const { value, source, vendorId, connection } = place;
  const known = (CUSTOMER_SOURCES as readonly unknown[]).includes(source);
  if (!known || typeof vendorId !== 'string' || typeof connection !== 'string') return undefined;
  if (value !== null && typeof value !== 'string' && typeof value !== 'number') return undefined;
  return { value, source: source as CustomerSourceName, vendorId, connection };
}

export function indexedPageReads(
  live: CustomerReads,
  index: IndexReads,
  indexed: ReadonlySet<CustomerSourceName>,
  filter: IndexFilter,
): CustomerReads {
  return {
    async page(source, liveFilter, token, sizeHint) {
      const position = positionIn(token);
      const fromIndex = position !== undefined || (token === null && indexed.has(source));
      if (!fromIndex) return live.page(source, liveFilter, token, sizeHint);
      const page = await index.page([source], filter, BY_VENDOR_ID, position ?? null, sizeHint);
      const last = page.rows.at(-1);
      const next: PageToken | null =
        page.hasNextPage && last
          ? { indexed: { value: null, source: last.key.source, vendorId: last.key.vendorId, connection: last.key.connection } }
          : null;
      return { customers: page.rows.map((row) => index.answered(row)), next };
    },
    count: (source, liveFilter) => (indexed.has(source) ? index.count([source], filter) : live.count(source, liveFilter)),
  };
}
