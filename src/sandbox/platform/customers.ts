// The PLATFORM sandbox's customer reads: the filtered list, one customer (with its custom entries
// included on request), a customer by identifier code, and a customer's bookings (not in the document:
// its route is on only with `platform-bookings-route`).
import type { SandboxResponse } from '../server.ts';
import { CUSTOM_FIELD_FILTER, collection, unsupportedParameter } from './collection.ts';
import {
  customersWithEmail,
  filteredCustomers,
  findCustomer,
  keptSearchableFields,
  offers,
  organizationCustomers,
  organizationFields,
  type PlatformContext,
} from './context.ts';
import { entryResource, fieldResource } from './custom-fields.ts';
import { customerResource } from './customer-resource.ts';
import { type CustomerFilters, collate, filterCustomers } from './filters.ts';
import { customerNotFound, document, failure } from './jsonapi.ts';
import type { PlatformBooking, PlatformCustomerRow } from './records.ts';

// "Finding Customers" names `filter[email]` and `filter[search]`; the others are offered only when turned on.
const DOCUMENTED_FILTERS = ['search', 'email'] as const;

function offeredFilters(context: PlatformContext): string[] {
  const filters: string[] = [...DOCUMENTED_FILTERS];
  if (offers(context, 'platform-id-filter')) filters.push('id');
  if (offers(context, 'platform-account-filter')) filters.push('account_id');
  return filters;
}

export function listCustomers(context: PlatformContext): SandboxResponse {
  const query = context.request.query;
  const refused = unsupportedParameter(query, offeredFilters(context), offers(context, 'platform-custom-field-filter'));
  if (refused) return refused;
  const ids = context.settings.idFilter === 'honoured' ? query.get('filter[id]') : null;
  const customFields = [...query.entries()].flatMap(([key, value]) => {
    const fieldId = CUSTOM_FIELD_FILTER.exec(key)?.[1];
    return fieldId === undefined ? [] : [{ fieldId, value }];
  });
  const filters: CustomerFilters = {
    search: query.get('filter[search]'),
    email: query.get('filter[email]'),
    ids: ids === null ? null : ids.split(',').map((id) => id.trim().toLowerCase()),
    accountId: query.get('filter[account_id]'),
    customFields,
  };
  return collection(context, listed(context, filters), (row) => customerResource(context, row));
}

/** The list's rows: an email lookup from the email index, any other list kept for its next pages. */
function listed(context: PlatformContext, filters: CustomerFilters): readonly PlatformCustomerRow[] {
  const fields = organizationFields(context);
  const searchable = keptSearchableFields(context);
  if (filters.email !== null) return filterCustomers(customersWithEmail(context, collate(filters.email)), fields, filters, searchable);
  const key = JSON.stringify([context.organization.id, filters]);
  return filteredCustomers(context, key, () => filterCustomers(organizationCustomers(context), fields, filters, searchable));
}

export function showCustomer(context: PlatformContext, id: string): SandboxResponse {
  const row = findCustomer(context, id);
  if (!row) return customerNotFound();
  const include = context.request.query.get('include');
  const paths = include === null ? [] : include.split(',').map((path) => path.trim());
  const unknown = paths.find((path) => path !== 'custom_entries' && path !== 'custom_entries.field');
  if (unknown !== undefined) {
    return failure(400, 'Bad Request', `Include path ${unknown} is not allowed.`, { parameter: 'include' });
  }
  if (paths.length === 0) return document(200, { data: customerResource(context, row) });
  // JSON:API: including `custom_entries.field` also includes the entries on the way.
  const entries = [...row.entries].map(([fieldId, entry]) => entryResource(fieldId, entry, context));
  const fields = paths.includes('custom_entries.field')
    ? organizationFields(context)
        .filter((field) => row.entries.has(field.id))
        .map(fieldResource)
    : [];
  return document(200, { data: customerResource(context, row, true), included: [...entries, ...fields] });
}

export function resolveCode(context: PlatformContext): SandboxResponse {
  const code = context.request.query.get('code');
  if (!code) return failure(400, 'Bad Request', 'The code parameter is required.', { parameter: 'code' });
  const identifier = context.store.identifiers.find((i) => i.organizationId === context.organization.id && i.code === code);
  const row = identifier && findCustomer(context, identifier.customerId);
  if (!row) return failure(404, 'Not Found', 'Code not found.', { parameter: 'code' });
  return document(200, { data: customerResource(context, row) });
}

export function customerBookings(context: PlatformContext, id: string): SandboxResponse {
  const row = findCustomer(context, id);
  if (!row) return customerNotFound();
  const bookings = context.store.bookings.filter((booking) => booking.customerId === row.id);
  return document(200, { data: bookings.map((booking) => bookingResource(context, booking)) });
}

function bookingResource(context: PlatformContext, booking: PlatformBooking) {
  return {
    type: 'bookings',
    id: booking.id,
    attributes: { service: booking.service, starts_at: booking.startsAt },
    relationships: { customer: { data: { type: 'customers', id: booking.customerId } } },
    links: { self: `${context.origin}/api/v1/bookings/${booking.id}` },
  };
}
