// Sort keys that order the same on every store: folded text (compatibility-decomposed, combining
// marks taken off, lower-cased) compared byte by byte (UTF-8) — SQLite's BINARY collation and
// PostgreSQL's "C" — so no locale of either database takes part in the order.
import type { Customer } from '../sources/model/index.ts';
import type { IndexedCustomer, OrderBy, OrderPosition, SortField, SortValue, StoredSortKeys } from './types.ts';

/** `Zoë` → `zoe`, `Ｍüller` → `muller`, `ﬁ` → `fi`; null for no text or only spaces. */
export function sortKey(text: string | null | undefined): string | null {
  if (text == null) return null;
  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();
  return folded === '' ? null : folded;
}

export function sortKeysOf(customer: Customer): StoredSortKeys {
  return { firstName: sortKey(customer.firstName), lastName: sortKey(customer.lastName), email: sortKey(customer.email) };
}

/** The value a row is ordered by for `field` (null when it has none). */
export function sortValueOf(row: IndexedCustomer, field: SortField): SortValue {
  switch (field) {
    case 'LAST_NAME':
      return row.sortKeys.lastName;
    case 'FIRST_NAME':
      return row.sortKeys.firstName;
    case 'EMAIL':
      return row.sortKeys.email;
    case 'CREATED_AT':
      return row.customer.createdAt?.getTime() ?? null;
    case 'UPDATED_AT':
      return row.customer.updatedAt?.getTime() ?? null;
    case 'SOURCE':
      return row.key.source;
  }
}

/** Where `row` sits in `orderBy`: the cursor of a page that ends with it. */
export function sortPositionOf(row: IndexedCustomer, orderBy: readonly OrderBy[]): OrderPosition {
  return {
    values: orderBy.map((order) => sortValueOf(row, order.field)),
    source: row.key.source,
    vendorId: row.key.vendorId,
    connection: row.key.connection,
  };
}
