// A customer list filter applied on our side: what a vendor answered is kept only when it really
// matches (its own search and filters are never taken as proof), with one search semantics for all.
import type { Customer, CustomerListFilter, EmailMatch, JsonValue } from '../model/index.ts';
import { normalizeEmail } from './normalize.ts';

/** Case- and accent-insensitive form for matching search terms (`Zoë` matches `zoe`). */
export function foldText(text: string): string {
  // ASCII has no marks to take off: most vendor text goes the short way.
  return ASCII_ONLY.test(text) ? text.toLowerCase() : text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const ASCII_ONLY = /^\p{ASCII}*$/u;

/** Our own search semantics, for sources whose vendor cannot search. */
export function customerMatchesSearch(customer: Customer, term: string): boolean {
  const needle = foldText(term.trim());
  if (!needle) return true;
  const haystack = [
    customer.firstName,
    customer.lastName,
    customer.displayName,
    customer.firstName && customer.lastName ? `${customer.firstName} ${customer.lastName}` : null,
    customer.email,
    ...customer.additionalEmails,
    ...customer.phones.flatMap((phone) => [phone.raw, phone.e164]),
    customer.note,
  ];
  return haystack.some((value) => value != null && foldText(value).includes(needle));
}

/**
 * Whether any text in a vendor record contains the term: the check that a vendor's own search
 * really was applied (it may match fields we do not see, such as a note left out of a list).
 */
export function recordMentions(record: JsonValue, term: string): boolean {
  const needle = foldText(term.trim());
  const visit = (value: JsonValue): boolean => {
    if (typeof value === 'string') return foldText(value).includes(needle);
    if (typeof value === 'number') return String(value).includes(needle);
    if (Array.isArray(value)) return value.some(visit);
    if (value && typeof value === 'object') return Object.values(value).some(visit);
    return false;
  };
  return needle === '' || visit(record);
}

/** Whether the customer's primary address (with ANY, or one of its additional ones) is one of `emails`. */
export function customerHasEmail(customer: Customer, emails: ReadonlySet<string>, match: EmailMatch = 'PRIMARY'): boolean {
  if (customer.email !== null && emails.has(normalizeEmail(customer.email))) return true;
  return match === 'ANY' && customer.additionalEmails.some((email) => emails.has(normalizeEmail(email)));
}

export interface SearchedBy<C extends Customer> {
  /** Where the search term is looked for; customerMatchesSearch (the unified fields) unless said. */
  search?: (customer: C, term: string) => boolean;
}

/** Our side of a list filter: the email exactly (normalised; the primary one unless `emailMatch` is ANY), and the search term. */
export function listFilterMatcher<C extends Customer>(
  filter: CustomerListFilter,
  searchedBy: SearchedBy<C> = {},
): (customer: C) => boolean {
  const term = filter.search?.trim();
  const emails = filter.email === undefined ? null : new Set([normalizeEmail(filter.email)]);
  const search = searchedBy.search ?? customerMatchesSearch;
  const match = filter.emailMatch ?? 'PRIMARY';
  return (customer) => (emails === null || customerHasEmail(customer, emails, match)) && (!term || search(customer, term));
}
