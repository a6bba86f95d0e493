// The PLATFORM sandbox's customer writes: create, update, merge (platform-customers-jsonapi.txt's five
// steps) and leaving a community.
import type { SandboxResponse } from '../server.ts';
import { customersChanged, findCustomer, type PlatformContext } from './context.ts';
import { replaceEntries, validateCustomerAttributes } from './customer-input.ts';
import { customerResource } from './customer-resource.ts';
import { platformUuid } from './data.ts';
import { asObject, customerNotFound, document, failure, readResource } from './jsonapi.ts';
import type { PlatformAttributes, PlatformCustomerRow } from './records.ts';

export function createCustomer(context: PlatformContext): SandboxResponse {
  const read = readResource(context, 'customers', null);
  if ('response' in read) return read.response;
  const changes = validateCustomerAttributes(context, read.attributes, null);
  if ('response' in changes) return changes.response;
  const serial = context.store.nextSerial++;
  const row: PlatformCustomerRow = {
    id: platformUuid('c0000000', serial),
    organizationId: context.organization.id,
    attributes: { ...emptyAttributes(), ...changes.attributes },
    entries: new Map(),
    communities: new Set(),
  };
  // platform-customers-jsonapi.txt: locale "defaults to organization locale".
  row.attributes.locale ??= context.organization.locale;
  if (changes.entries) row.entries = replaceEntries(context, row.entries, changes.entries);
  context.store.customers.push(row);
  customersChanged(context.store);
  const resource = customerResource(context, row);
  return document(201, { data: resource }, { location: resource.links.self });
}

export function updateCustomer(context: PlatformContext, id: string): SandboxResponse {
  const row = findCustomer(context, id);
  if (!row) return customerNotFound();
  const read = readResource(context, 'customers', row.id);
  if ('response' in read) return read.response;
  const changes = validateCustomerAttributes(context, read.attributes, row);
  if ('response' in changes) return changes.response;
  Object.assign(row.attributes, changes.attributes);
  // platform-customers-jsonapi.txt: the map is an atomic upsert-and-delete; fields left out are deleted.
  if (changes.entries) row.entries = replaceEntries(context, row.entries, changes.entries);
  customersChanged(context.store);
  return document(200, { data: customerResource(context, row) });
}

/** platform-customers-jsonapi.txt, "Merging Duplicate Customers": its five steps, in order. */
export function mergeCustomer(context: PlatformContext, id: string): SandboxResponse {
  const source = findCustomer(context, id);
  if (!source) return customerNotFound();
  const body = asObject(context.request.body);
  const referenceId = body?.referenceId;
  const target = typeof referenceId === 'string' ? findCustomer(context, referenceId) : undefined;
  if (!target || target.id === source.id) {
    return failure(422, 'Unprocessable Entity', 'The merge reference was not found.', { pointer: '/referenceId' });
  }
  // 1. Empty fields on the target are filled from the source (the account is step 4).
  const attributes = target.attributes;
  for (const name of Object.keys(attributes) as Array<keyof PlatformAttributes>) {
    if (name !== 'account_id') attributes[name] ??= source.attributes[name];
  }
  // 2. Custom field data: the target's values win conflicts.
  for (const [fieldId, entry] of source.entries) if (!target.entries.has(fieldId)) target.entries.set(fieldId, entry);
  // 3. Relationships move to the target: bookings, model identifiers, community memberships.
  for (const booking of context.store.bookings) if (booking.customerId === source.id) booking.customerId = target.id;
  for (const identifier of context.store.identifiers) if (identifier.customerId === source.id) identifier.customerId = target.id;
  for (const community of source.communities) target.communities.add(community);
  // 4. The global account, when the source had one and the target did not.
  if (attributes.account_id === null && source.attributes.account_id !== null) attributes.account_id = source.attributes.account_id;
  // 5. The source is deleted.
  context.store.customers = context.store.customers.filter((row) => row !== source);
  customersChanged(context.store);
  return document(200, { data: customerResource(context, target) });
}

export function removeFromCommunity(context: PlatformContext, id: string): SandboxResponse {
  const row = findCustomer(context, id);
  if (!row) return customerNotFound();
  const communityId = context.request.query.get('community_id');
  if (!communityId) return failure(400, 'Bad Request', 'The community_id parameter is required.', { parameter: 'community_id' });
  const community = context.store.communities.find((c) => c.id === communityId && c.organizationId === context.organization.id);
  if (!community) return failure(404, 'Not Found', 'Community not found.', { parameter: 'community_id' });
  if (!row.communities.delete(community.id)) {
    return failure(404, 'Not Found', 'The customer is not a member of this community.', { parameter: 'community_id' });
  }
  return { status: 204 };
}

function emptyAttributes(): PlatformAttributes {
  return {
    given_name: null,
    family_name: null,
    email: null,
    mobile: null,
    phone: null,
    company: null,
    sex: null,
    birth_date: null,
    locale: null,
    account_id: null,
  };
}
