// What a row stores beside the record, derived from it once at write time: the sort keys, the search
// text, the normalised addresses and numbers that lookups and sameAs use.
import { foldText } from '../sources/kit/customer-filter.ts';
import { normalizeEmail } from '../sources/kit/normalize.ts';
import type { Customer } from '../sources/model/index.ts';
import { encodeCustomer } from './customer-codec.ts';
import { sortKeysOf } from './sort-key.ts';
import type { CustomerWrite, RowKey, StoredSortKeys } from './types.ts';

/** Joins the searched values: a search term never spans two of them (a term holding it matches nothing). */
export const SEARCH_SEPARATOR = '\u001f';

export interface RowValues {
  key: RowKey;
  unifiedJson: string;
  rawJson: string;
  sortKeys: StoredSortKeys;
  createdAt: number | null;
  updatedAt: number | null;
  /** The primary address, normalised. */
  email: string | null;
  /** Every address (primary first), normalised, once each. */
  emails: string[];
  /** Every E.164 number, once each. */
  phones: string[];
  searchText: string;
}

/** What a row derives from its record: the same for an upsert and a rebuild from the raw record (sql/remap.ts). */
export function rowValuesOf(write: Pick<CustomerWrite, 'connection' | 'customer'>): RowValues {
  const { customer } = write;
  const { unified, raw } = encodeCustomer(customer);
  const email = customer.email === null ? null : normalizeEmail(customer.email);
  return {
    key: { connection: write.connection, source: customer.source, vendorId: customer.sourceId },
    unifiedJson: unified,
    rawJson: raw,
    sortKeys: sortKeysOf(customer),
    createdAt: customer.createdAt?.getTime() ?? null,
    updatedAt: customer.updatedAt?.getTime() ?? null,
    email,
    emails: unique([email, ...customer.additionalEmails.map(normalizeEmail)]),
    phones: unique(customer.phones.map((phone) => phone.e164)),
    searchText: searchTextOf(customer),
  };
}

/**
 * The values `customerMatchesSearch` (kit/customer-filter.ts) looks in, and KB Support's notes (which
 * its live search also reads), folded the same way: a substring of this text is a match there, so the
 * index and the live path answer one search alike.
 */
export function searchTextOf(customer: Customer): string {
  const { firstName, lastName } = customer;
  const values = [
    firstName,
    lastName,
    customer.displayName,
    firstName && lastName ? `${firstName} ${lastName}` : null,
    customer.email,
    ...customer.additionalEmails,
    ...customer.phones.flatMap((phone) => [phone.raw, phone.e164]),
    customer.note,
    // KB Support keeps its notes apart (kbSupport.notes); its live search looks in them too.
    ...(customer.source === 'KB_SUPPORT' ? customer.kbSupport.notes.map((note) => note.text) : []),
  ];
  return values
    .filter((value): value is string => value != null)
    .map(foldText)
    .join(SEARCH_SEPARATOR);
}

/** The folded search term; null when there is nothing to search for (no condition). */
export function searchNeedle(term: string | undefined): string | null {
  const needle = term === undefined ? '' : foldText(term.trim());
  return needle === '' ? null : needle;
}

function unique(values: ReadonlyArray<string | null>): string[] {
  return [...new Set(values.filter((value): value is string => value !== null && value !== ''))];
}
