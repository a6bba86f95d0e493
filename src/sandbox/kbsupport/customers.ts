// The KB Support sandbox's customer routes: the list (the 20 highest ids when observed; filtered,
// sorted and paged with X-WP-Total headers and Link when documented) and one customer. The customers
// come in id order (server.ts keeps them so): a page costs a page, not a sort of them all.
import type { DerivedViews } from '../derived-views.ts';
import type { SandboxResponse } from '../server.ts';
import type { KbsStoredCustomer } from './data.ts';
import { listedRows, listParamProblems, listViewKey, withParam } from './list-params.ts';
import { documentedRecord, links, observedRecord, trimFields } from './records.ts';
import { CUSTOMERS_ROUTE, type KbSupportSite, routeUrl } from './site.ts';
import { invalidParams, noRoute, wpError } from './wp-errors.ts';

type Params = URLSearchParams;

// kbsupport-observed.md: the list is always the 20 highest ids.
const OBSERVED_LIST_SIZE = 20;
// kbsupport-customers.txt: per_page defaults to 10.
const DEFAULT_PER_PAGE = 10;

export function listCustomers(
  site: KbSupportSite,
  customers: readonly KbsStoredCustomer[],
  views: DerivedViews<readonly KbsStoredCustomer[]>,
  params: Params,
  origin: string,
): SandboxResponse {
  const problems = listParamProblems(params);
  if (problems.length > 0) return invalidParams(problems);
  const fields = params.get('_fields');
  if (site.behaviour === 'observed') {
    const top = customers.slice(-OBSERVED_LIST_SIZE).reverse();
    return { status: 200, body: top.map((customer) => trimFields(observedRecord(site, customer, origin), fields)) };
  }
  const matching = views.get(listViewKey(params), () => listedRows(customers, params));
  const perPage = Number(params.get('per_page') ?? DEFAULT_PER_PAGE);
  const page = Number(params.get('page') ?? 1);
  const offset = params.get('offset');
  const start = offset === null ? (page - 1) * perPage : Number(offset);
  const totalPages = Math.ceil(matching.length / perPage);
  // kbsupport-customers.txt is silent past the last page: this sandbox answers an empty list.
  const rows = matching.slice(start, start + perPage);
  const headers: Record<string, string> = { 'X-WP-Total': String(matching.length), 'X-WP-TotalPages': String(totalPages) };
  const links = [
    page > 1 ? `<${origin}${routeUrl(site, CUSTOMERS_ROUTE, withParam(params, 'page', page - 1))}>; rel="prev"` : null,
    page < totalPages ? `<${origin}${routeUrl(site, CUSTOMERS_ROUTE, withParam(params, 'page', page + 1))}>; rel="next"` : null,
  ].filter((link) => link !== null);
  if (links.length > 0) headers.Link = links.join(', ');
  return { status: 200, headers, body: rows.map((customer) => trimFields(documentedRecord(site, customer, origin), fields)) };
}

export function showCustomer(
  site: KbSupportSite,
  customers: readonly KbsStoredCustomer[],
  key: string,
  params: Params,
  origin: string,
): SandboxResponse {
  const fields = params.get('_fields');
  if (site.behaviour === 'observed') {
    // kbsupport-observed.md: the route matches digits only; an unknown id answers 200 with id 0.
    if (!/^\d+$/.test(key)) return noRoute();
    const found = withId(customers, Number(key));
    const body = found ? observedRecord(site, found, origin) : { id: 0, ticket_count: false, _links: links(site, 0, 0, 0, origin) };
    return { status: 200, body: trimFields(body, fields) };
  }
  // kbsupport-customers.txt: "ID or email address of the customer to retrieve".
  const found = /^\d+$/.test(key)
    ? withId(customers, Number(key))
    : customers.find((customer) =>
        [customer.email, ...customer.additionalEmails].some((email) => email !== '' && email.toLowerCase() === key.toLowerCase()),
      );
  // The document names no error body: this one follows WordPress's invalid-id answers.
  if (!found) return wpError(404, 'kbs_rest_invalid_customer', 'Invalid customer ID or email address.');
  return { status: 200, body: trimFields(documentedRecord(site, found, origin), fields) };
}

/** The customer with this id, by binary search over the id order. */
function withId(customers: readonly KbsStoredCustomer[], id: number): KbsStoredCustomer | undefined {
  let [low, high] = [0, customers.length - 1];
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const candidate = customers[middle] as KbsStoredCustomer;
    if (candidate.id === id) return candidate;
    if (candidate.id < id) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}
