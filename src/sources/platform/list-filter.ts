// A PLATFORM customer list filter (platform-customers-jsonapi.txt, "Finding Customers"): what the vendor
// is asked (`filter[…]`), and our own check of every record it answers, since records that do not match
// are never passed on as if they did. `filter[email]` and `filter[search]` are the document's; the account
// and custom field filters are not (filter-support.ts says whether this vendor honours them).
import { customerMatchesSearch, listFilterMatcher, recordMentions } from '../kit/customer-filter.ts';
import { normalizeEmail } from '../kit/normalize.ts';
import { isJsonObject } from '../kit/parsed-json.ts';
import type { CustomerListFilter, CustomerOf, CustomFieldDefinition, JsonObject, JsonValue } from '../model/index.ts';
import type { PlatformCustomerQuery } from './client.ts';
import { entryHolds } from './custom-fields/map.ts';
import { sameId } from './ids.ts';

/** The public filter, plus what only the adapter asks for: the customers of one global account. */
export interface PlatformListFilter extends CustomerListFilter {
  accountId?: string;
}

export type Keep = (customer: CustomerOf<'PLATFORM'>) => boolean;

type VendorFilter = Pick<PlatformCustomerQuery, 'search' | 'email' | 'accountId' | 'customField'>;

/** The filters the document does not name: sent only while the vendor is not known to refuse or ignore them. */
export const UNDOCUMENTED_FILTERS = ['accountId', 'customField'] as const;
export type UndocumentedFilter = (typeof UNDOCUMENTED_FILTERS)[number];

/** The undocumented filters `filter` asks for. */
export function undocumentedIn(filter: PlatformListFilter): UndocumentedFilter[] {
  return UNDOCUMENTED_FILTERS.filter((name) => filter[name] !== undefined);
}

// "By Search (Fuzzy)": `filter[search]` "searches across name, email, and phone".
const SEARCHED_ATTRIBUTES = ['given_name', 'family_name', 'email', 'mobile', 'phone'] as const;

/** What the vendor is asked; `local`: the undocumented filters are left to our side alone. */
export function vendorFilter(filter: PlatformListFilter, local = false): VendorFilter {
  const search = filter.search?.trim();
  return {
    ...(search ? { search } : {}),
    ...(filter.email === undefined ? {} : { email: normalizeEmail(filter.email) }),
    ...(local || filter.accountId === undefined ? {} : { accountId: filter.accountId }),
    ...(local || filter.customField === undefined ? {} : { customField: filter.customField }),
  };
}

/** Whether the list is filtered at all, by the vendor or by us (a vendor's total then counts its own matches, which may be looser than ours). */
export function isFiltered(filter: PlatformListFilter): boolean {
  return Object.keys(vendorFilter(filter)).length > 0;
}

/** Our side of the filter; `definitions` type the custom field asked about (needed only when one is). */
export function matcher(filter: PlatformListFilter, definitions: readonly CustomFieldDefinition[]): Keep {
  const listed = listFilterMatcher<CustomerOf<'PLATFORM'>>(filter, {
    search: (customer, term) => recordMentions(searchedAttributes(customer.sourceRecord), term) || customerMatchesSearch(customer, term),
  });
  const { accountId, customField } = vendorFilter(filter);
  const field = customField && (definitions.find((definition) => sameId(definition.id, customField.fieldId)) ?? null);
  const holdsField = (customer: CustomerOf<'PLATFORM'>) => {
    if (customField === undefined) return true;
    const map = customer.platform.customEntryMap;
    const stored = Object.keys(map).find((fieldId) => sameId(fieldId, customField.fieldId));
    return stored !== undefined && entryHolds(stored, map[stored], field ?? null, customField.value);
  };
  return (customer) => listed(customer) && (accountId === undefined || customer.platform.accountId === accountId) && holdsField(customer);
}

/** The searched attributes as the vendor sent them (its search may match text we do not map, such as an email we cannot take). */
function searchedAttributes(resource: JsonObject): JsonValue[] {
  const attributes = resource.attributes;
  return isJsonObject(attributes) ? SEARCHED_ATTRIBUTES.flatMap((name) => attributes[name] ?? []) : [];
}
