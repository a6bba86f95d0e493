// The PLATFORM sandbox: the admin customer API of platform-customers-jsonapi.txt over real HTTP.
// Where the document is silent: pages default to 25 and allow at most 100 (400 above); `meta.page` and
// `links` follow Laravel JSON:API ({currentPage, from, lastPage, perPage, to, total}; prev/next left out
// when there is none); errors are JSON:API error objects; `filter[email]` compares the way a MySQL *_ci
// collation does (case- and accent-insensitive) while the uniqueness check on writes compares lower-cased
// addresses; `filter[search]` wants every word of the term in a name, the email or a phone; a customer
// must have a given name (required on create, cannot be cleared), every other attribute may be null;
// `mobile` refuses a number libphonenumber knows as a landline, `phone` one it knows as a mobile.
// Also our choices: custom field definitions at `GET /api/v1/custom-fields` (paged like customers);
// the custom field filter as `filter[custom_fields][<field uuid>]=<value>` (an option key or label for
// select types; case- and accent-insensitive); `filter[account_id]`; a customer's bookings at
// `GET /api/v1/customers/{id}/bookings`; a file or image entry may be re-sent unchanged in
// custom_entry_map (so that it is kept) but never set there; exports carry their file as `url`, a
// signed link that needs no token (it is handed to people who do not have one). Of the relations a
// merge moves (rule 3: bookings, orders, invoices) the sandbox models bookings, identifiers and
// communities; orders and invoices would move the same way.
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { JsonValue } from '../../sources/model/index.ts';
import { SandboxServer, type SandboxRequest, type SandboxResponse } from '../server.ts';
import {
  MAIN_ORGANIZATION_ID,
  PLATFORM_SANDBOX_TOKEN,
  UPLOADED_FIELD_TYPES,
  createPlatformStore,
  formatEntryValue,
  platformUuid,
  type PlatformAttributes,
  type PlatformBooking,
  type PlatformCustomerRow,
  type PlatformEntry,
  type PlatformExport,
  type PlatformField,
  type PlatformIdentifier,
  type PlatformOrganization,
  type PlatformStore,
} from './data.ts';
import { filterCustomers } from './filters.ts';

/**
 * What the list does with `filter[id]`, which the document does not mention: `honoured` (the JSON:API
 * convention), `ignored` (lists as if it were not there) or `refused` (400, as for any unknown filter).
 */
export type IdFilterBehaviour = 'honoured' | 'ignored' | 'refused';

export interface PlatformSandbox {
  readonly server: SandboxServer;
  readonly credentials: { token: string; organization: string };
  /** Changeable between requests; `reset()` sets it back to `honoured`. */
  idFilter: IdFilterBehaviour;
  reset(): void;
}

export function createPlatformSandbox(): PlatformSandbox {
  let store = createPlatformStore();
  const sandbox: PlatformSandbox = {
    server: new SandboxServer('platform', (request) => handle(store, request, sandbox.idFilter)),
    credentials: { token: PLATFORM_SANDBOX_TOKEN, organization: MAIN_ORGANIZATION_ID },
    idFilter: 'honoured',
    reset() {
      store = createPlatformStore();
      sandbox.idFilter = 'honoured';
      sandbox.server.clearLog();
      sandbox.server.clearFaults();
    },
  };
  return sandbox;
}

const MEDIA_TYPE = 'application/vnd.api+json';
const DEFAULT_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 100;
const CUSTOMER_FILTERS = ['search', 'email', 'id', 'account_id'] as const;
const CUSTOM_FIELD_FILTER = /^filter\[custom_fields\]\[([^[\]]+)\]$/;
const PAGE_PARAMETERS = ['number', 'size'] as const;
const IDENTIFIER_CODE_MAX = 255;
const WRITABLE_TEXT_ATTRIBUTES = [
  'given_name',
  'family_name',
  'email',
  'mobile',
  'phone',
  'company',
  'sex',
  'birth_date',
  'locale',
] as const;
type WritableTextAttribute = (typeof WRITABLE_TEXT_ATTRIBUTES)[number];
const SEXES = new Set(['female', 'male', 'diverse', 'other']);

interface Context {
  store: PlatformStore;
  idFilter: IdFilterBehaviour;
  request: SandboxRequest;
  organization: PlatformOrganization;
  origin: string;
}

type Route = (context: Context) => SandboxResponse;

interface ErrorObject {
  status: string;
  title: string;
  detail: string;
  source?: { pointer?: string; parameter?: string };
}

// ---------------------------------------------------------------------------------------------------
// Auth, organization, routing

function handle(store: PlatformStore, request: SandboxRequest, idFilter: IdFilterBehaviour): SandboxResponse {
  const signedDownload = signedExport(store, request);
  if (signedDownload) return exportFile(store, signedDownload);
  if (request.headers.authorization !== `Bearer ${PLATFORM_SANDBOX_TOKEN}`) {
    return failure(401, 'Unauthenticated', 'A valid Bearer token is required.', undefined, { 'www-authenticate': 'Bearer' });
  }
  if (!acceptsJsonApi(request.headers.accept)) {
    return failure(406, 'Not Acceptable', `The Accept header must allow ${MEDIA_TYPE} without parameters.`);
  }
  if (!request.path.startsWith('/api/v1/')) return failure(404, 'Not Found', 'No such route.');
  const organizationId = request.query.get('o');
  if (!organizationId) return failure(400, 'Bad Request', 'The organization parameter o is required.', { parameter: 'o' });
  const organization = store.organizations.find((candidate) => candidate.id === organizationId);
  if (!organization) return failure(404, 'Not Found', 'Organization not found.', { parameter: 'o' });
  if (!organization.servedByToken) {
    return failure(403, 'Forbidden', 'This token has no access to the organization.', { parameter: 'o' });
  }
  if (request.invalidJson) return failure(400, 'Bad Request', 'The request body is not valid JSON.');
  return route({ store, idFilter, request, organization, origin: `http://${request.headers.host ?? '127.0.0.1'}` });
}

function route(context: Context): SandboxResponse {
  const segments = context.request.path.slice('/api/v1/'.length).split('/').filter(Boolean);
  const [collection, id, action, ...rest] = segments;
  if (rest.length > 0) return noRoute();
  if (collection === 'customers') {
    if (id === undefined) return byMethod(context, { GET: listCustomers, POST: createCustomer });
    if (id === 'resolve-code' && action === undefined) return byMethod(context, { GET: resolveCode });
    if (action === undefined) return byMethod(context, { GET: (c) => showCustomer(c, id), PATCH: (c) => updateCustomer(c, id) });
    if (action === 'model-identifiers') return byMethod(context, { GET: (c) => customerIdentifiers(c, id) });
    if (action === 'bookings') return byMethod(context, { GET: (c) => customerBookings(c, id) });
    if (action === 'merge') return byMethod(context, { POST: (c) => mergeCustomer(c, id) });
    if (action === 'remove-from-community') return byMethod(context, { GET: (c) => removeFromCommunity(c, id) });
  }
  if (collection === 'model-identifiers' && id === undefined) return byMethod(context, { POST: createIdentifier });
  if (collection === 'custom-fields' && id === undefined) return byMethod(context, { GET: listCustomFields });
  if (collection === 'exports') {
    if (id === undefined) return byMethod(context, { POST: createExport });
    if (action === undefined) return byMethod(context, { GET: (c) => showExport(c, id) });
    if (action === 'download') return byMethod(context, { GET: (c) => downloadExport(c, id) });
  }
  return noRoute();
}

function byMethod(context: Context, routes: Partial<Record<string, Route>>): SandboxResponse {
  const handler = routes[context.request.method];
  if (handler) return handler(context);
  const allow = Object.keys(routes).join(', ');
  return failure(405, 'Method Not Allowed', `Allowed: ${allow}.`, undefined, { allow });
}

// ---------------------------------------------------------------------------------------------------
// Customers: reads

function listCustomers(context: Context): SandboxResponse {
  const query = context.request.query;
  const filters = context.idFilter === 'refused' ? CUSTOMER_FILTERS.filter((name) => name !== 'id') : CUSTOMER_FILTERS;
  const refused = unsupportedParameter(query, filters, true);
  if (refused) return refused;
  const ids = context.idFilter === 'honoured' ? query.get('filter[id]') : null;
  const customFields = [...query.entries()].flatMap(([key, value]) => {
    const fieldId = CUSTOM_FIELD_FILTER.exec(key)?.[1];
    return fieldId === undefined ? [] : [{ fieldId, value }];
  });
  const rows = filterCustomers(organizationCustomers(context), organizationFields(context), {
    search: query.get('filter[search]'),
    email: query.get('filter[email]'),
    ids: ids === null ? null : ids.split(',').map((id) => id.trim().toLowerCase()),
    accountId: query.get('filter[account_id]'),
    customFields,
  });
  return collection(context, rows, (row) => customerResource(context, row));
}

function listCustomFields(context: Context): SandboxResponse {
  const refused = unsupportedParameter(context.request.query, [], false);
  return refused ?? collection(context, organizationFields(context), fieldResource);
}

/** A 400 for a `filter[…]` or `page[…]` parameter the route does not know. */
function unsupportedParameter(query: URLSearchParams, filters: readonly string[], customFieldFilter: boolean): SandboxResponse | null {
  const families: Record<string, readonly string[]> = { filter: filters, page: PAGE_PARAMETERS };
  for (const key of new Set(query.keys())) {
    if (customFieldFilter && CUSTOM_FIELD_FILTER.test(key)) continue;
    const family = /^(\w+)\[(.*)\]$/.exec(key);
    const supported = family ? families[family[1] ?? ''] : undefined;
    if (family && supported && !supported.includes(family[2] ?? '')) {
      return failure(400, 'Bad Request', `The parameter ${key} is not supported.`, { parameter: key });
    }
  }
  return null;
}

/** One page of a collection, with Laravel JSON:API `meta.page` and `links`. */
function collection<T>(context: Context, rows: T[], toResource: (row: T) => unknown): SandboxResponse {
  const query = context.request.query;
  const number = positiveInteger(query.get('page[number]') ?? '1');
  if (number === null) {
    return failure(400, 'Bad Request', 'page[number] must be a positive integer.', { parameter: 'page[number]' });
  }
  const size = positiveInteger(query.get('page[size]') ?? String(DEFAULT_PAGE_SIZE));
  if (size === null || size > MAX_PAGE_SIZE) {
    return failure(400, 'Bad Request', `page[size] must be an integer from 1 to ${MAX_PAGE_SIZE}.`, { parameter: 'page[size]' });
  }
  const total = rows.length;
  const lastPage = Math.max(1, Math.ceil(total / size));
  const start = (number - 1) * size;
  const slice = rows.slice(start, start + size);
  const pageLink = (page: number) => {
    const params = new URLSearchParams(query);
    params.set('page[number]', String(page));
    params.set('page[size]', String(size));
    return `${context.origin}${context.request.path}?${params.toString()}`;
  };
  return document(200, {
    meta: {
      page: {
        currentPage: number,
        from: slice.length > 0 ? start + 1 : null,
        lastPage,
        perPage: size,
        to: slice.length > 0 ? start + slice.length : null,
        total,
      },
    },
    links: {
      first: pageLink(1),
      last: pageLink(lastPage),
      ...(number > 1 ? { prev: pageLink(number - 1) } : {}),
      ...(number < lastPage ? { next: pageLink(number + 1) } : {}),
    },
    data: slice.map(toResource),
  });
}

function showCustomer(context: Context, id: string): SandboxResponse {
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
    ? organizationFields(context).filter((field) => row.entries.has(field.id)).map(fieldResource)
    : [];
  return document(200, { data: customerResource(context, row, true), included: [...entries, ...fields] });
}

function resolveCode(context: Context): SandboxResponse {
  const code = context.request.query.get('code');
  if (!code) return failure(400, 'Bad Request', 'The code parameter is required.', { parameter: 'code' });
  const identifier = context.store.identifiers.find((i) => i.organizationId === context.organization.id && i.code === code);
  const row = identifier && findCustomer(context, identifier.customerId);
  if (!row) return failure(404, 'Not Found', 'Code not found.', { parameter: 'code' });
  return document(200, { data: customerResource(context, row) });
}

// ---------------------------------------------------------------------------------------------------
// Customers: writes

function createCustomer(context: Context): SandboxResponse {
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
  const resource = customerResource(context, row);
  return document(201, { data: resource }, { location: resource.links.self });
}

function updateCustomer(context: Context, id: string): SandboxResponse {
  const row = findCustomer(context, id);
  if (!row) return customerNotFound();
  const read = readResource(context, 'customers', row.id);
  if ('response' in read) return read.response;
  const changes = validateCustomerAttributes(context, read.attributes, row);
  if ('response' in changes) return changes.response;
  Object.assign(row.attributes, changes.attributes);
  // platform-customers-jsonapi.txt: the map is an atomic upsert-and-delete; fields left out are deleted.
  if (changes.entries) row.entries = replaceEntries(context, row.entries, changes.entries);
  return document(200, { data: customerResource(context, row) });
}

/** platform-customers-jsonapi.txt, "Merging Duplicate Customers": its five steps, in order. */
function mergeCustomer(context: Context, id: string): SandboxResponse {
  const source = findCustomer(context, id);
  if (!source) return customerNotFound();
  const body = asObject(context.request.body);
  const referenceId = body?.['referenceId'];
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
  return document(200, { data: customerResource(context, target) });
}

function removeFromCommunity(context: Context, id: string): SandboxResponse {
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

// ---------------------------------------------------------------------------------------------------
// Model identifiers and exports

function customerIdentifiers(context: Context, id: string): SandboxResponse {
  const row = findCustomer(context, id);
  if (!row) return customerNotFound();
  const identifiers = context.store.identifiers.filter((identifier) => identifier.customerId === row.id);
  return document(200, { data: identifiers.map((identifier) => identifierResource(context, identifier)) });
}

function customerBookings(context: Context, id: string): SandboxResponse {
  const row = findCustomer(context, id);
  if (!row) return customerNotFound();
  const bookings = context.store.bookings.filter((booking) => booking.customerId === row.id);
  return document(200, { data: bookings.map((booking) => bookingResource(context, booking)) });
}

function createIdentifier(context: Context): SandboxResponse {
  const read = readResource(context, 'model-identifiers', null);
  if ('response' in read) return read.response;
  const { code, type = 'custom' } = read.attributes;
  const errors: ErrorObject[] = [];
  if (typeof code !== 'string' || code.trim() === '') {
    errors.push(invalid('/data/attributes/code', 'The code field is required.'));
  } else if (code.length > IDENTIFIER_CODE_MAX) {
    errors.push(invalid('/data/attributes/code', `The code may not be greater than ${IDENTIFIER_CODE_MAX} characters.`));
  } else if (context.store.identifiers.some((i) => i.organizationId === context.organization.id && i.code === code)) {
    errors.push(invalid('/data/attributes/code', 'The code has already been taken.'));
  }
  if (typeof type !== 'string' || type.trim() === '') errors.push(invalid('/data/attributes/type', 'The type must be a string.'));
  const linkage = asObject(asObject(asObject(read.relationships)?.['identifiable'])?.['data']);
  const customerId = linkage?.['type'] === 'customers' ? linkage['id'] : undefined;
  const row = typeof customerId === 'string' ? findCustomer(context, customerId) : undefined;
  if (!row) errors.push(invalid('/data/relationships/identifiable', 'The identifiable customer was not found.'));
  if (errors.length > 0 || !row || typeof code !== 'string' || typeof type !== 'string') return errorDocument(422, errors);
  const identifier: PlatformIdentifier = {
    id: platformUuid('d0000000', context.store.nextSerial++),
    organizationId: context.organization.id,
    code,
    type,
    customerId: row.id,
    createdAt: new Date().toISOString(),
  };
  context.store.identifiers.push(identifier);
  return document(201, { data: identifierResource(context, identifier) });
}

function createExport(context: Context): SandboxResponse {
  const read = readResource(context, 'exports', null);
  if ('response' in read) return read.response;
  const { type, filters = {} } = read.attributes;
  if (type !== 'customers') {
    return errorDocument(422, [invalid('/data/attributes/type', 'Only customer exports are supported.')]);
  }
  const filterObject = asObject(filters);
  const isFilter = ([key, value]: [string, unknown]) => ['search', 'email'].includes(key) && typeof value === 'string';
  const badFilter = !Object.entries(filterObject ?? {}).every(isFilter);
  if (!filterObject || badFilter) {
    return errorDocument(422, [invalid('/data/attributes/filters', 'Filters may hold a search and an email, as strings.')]);
  }
  const text = (key: string) => (typeof filterObject[key] === 'string' ? filterObject[key] : null);
  const search = text('search');
  const email = text('email');
  const rows = filterCustomers(organizationCustomers(context), organizationFields(context), { search, email, ids: null, accountId: null, customFields: [] });
  const created: PlatformExport = {
    id: platformUuid('e5000000', context.store.nextSerial++),
    organizationId: context.organization.id,
    type,
    filters: { ...(search === null ? {} : { search }), ...(email === null ? {} : { email }) },
    status: 'processing',
    customerIds: rows.map((row) => row.id),
  };
  context.store.exports.push(created);
  return document(202, { data: exportResource(context, created) });
}

/** The export completes in the background: by the time anyone looks at it again, it is done. */
function showExport(context: Context, id: string): SandboxResponse {
  const found = findExport(context, id);
  if (!found) return failure(404, 'Not Found', 'Export not found.');
  found.status = 'completed';
  return document(200, { data: exportResource(context, found) });
}

function downloadExport(context: Context, id: string): SandboxResponse {
  const found = findExport(context, id);
  if (!found) return failure(404, 'Not Found', 'Export not found.');
  return exportFile(context.store, found);
}

/** The export a download link names with a valid signature, if that is what the request is. */
function signedExport(store: PlatformStore, request: SandboxRequest): PlatformExport | undefined {
  const id = /^\/api\/v1\/exports\/([^/]+)\/download$/.exec(request.path)?.[1];
  const signature = request.query.get('signature');
  if (request.method !== 'GET' || id === undefined || signature === null) return undefined;
  const found = store.exports.find((candidate) => candidate.id === id && candidate.organizationId === request.query.get('o'));
  return found && exportSignature(found) === signature ? found : undefined;
}

function exportSignature(found: PlatformExport): string {
  return createHash('sha256').update(`platform-sandbox-exports:${found.organizationId}:${found.id}`).digest('hex').slice(0, 32);
}

function exportFile(store: PlatformStore, found: PlatformExport): SandboxResponse {
  if (found.status !== 'completed') return failure(409, 'Conflict', 'The export is still being processed.');
  const columns = ['id', ...WRITABLE_TEXT_ATTRIBUTES] as const;
  const rows = found.customerIds.flatMap(
    (customerId) => store.customers.find((row) => row.id === customerId && row.organizationId === found.organizationId) ?? [],
  );
  const line = (row: PlatformCustomerRow) => columns.map((c) => csvCell(c === 'id' ? row.id : row.attributes[c])).join(',');
  const lines = [columns.join(','), ...rows.map(line)];
  return { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8' }, raw: `${lines.join('\r\n')}\r\n` };
}

// ---------------------------------------------------------------------------------------------------
// Reading and validating write bodies

type Read<T> = T | { response: SandboxResponse };

interface ResourceBody {
  attributes: Record<string, unknown>;
  relationships: unknown;
}

/** A JSON:API write document for `type`; `id` null on create (no client-generated ids), the URL's id on update. */
function readResource(context: Context, type: string, id: string | null): Read<ResourceBody> {
  const contentType = context.request.headers['content-type']?.trim();
  if (contentType !== MEDIA_TYPE) {
    return { response: failure(415, 'Unsupported Media Type', `The request body must be sent as ${MEDIA_TYPE}.`) };
  }
  const data = asObject(asObject(context.request.body)?.['data']);
  if (!data) return { response: errorDocument(400, [invalid('/data', 'The document must hold a data object.', 400)]) };
  if (data['type'] !== type) return { response: errorDocument(409, [invalid('/data/type', `The type must be ${type}.`, 409)]) };
  if (id === null && data['id'] !== undefined) {
    return { response: errorDocument(403, [invalid('/data/id', 'Client-generated ids are not supported.', 403)]) };
  }
  if (id !== null && data['id'] !== id) {
    return { response: errorDocument(409, [invalid('/data/id', 'The id does not match the URL.', 409)]) };
  }
  const attributes = data['attributes'] === undefined ? {} : asObject(data['attributes']);
  if (!attributes) {
    return { response: errorDocument(400, [invalid('/data/attributes', 'The attributes must be an object.', 400)]) };
  }
  return { attributes, relationships: data['relationships'] };
}

interface CustomerChanges {
  attributes: Partial<PlatformAttributes>;
  /** The new `custom_entry_map`, values already checked; undefined when the map was not sent. */
  entries?: Map<string, JsonValue>;
}

function validateCustomerAttributes(
  context: Context,
  attributes: Record<string, unknown>,
  current: PlatformCustomerRow | null,
): Read<CustomerChanges> {
  const errors: ErrorObject[] = [];
  const changes: CustomerChanges = { attributes: {} };
  for (const [name, raw] of Object.entries(attributes)) {
    const pointer = `/data/attributes/${name}`;
    if (name === 'custom_entry_map') {
      const entries = validateEntryMap(context, raw, current, errors);
      if (entries) changes.entries = entries;
    } else if (!isWritableText(name)) {
      const detail = name === 'account_id' ? 'The account_id is read-only.' : `${name} is not a recognised attribute.`;
      errors.push(invalid(pointer, detail));
    } else if (raw !== null && typeof raw !== 'string') {
      errors.push(invalid(pointer, `The ${name} must be a string.`));
    } else {
      // Laravel turns empty strings into null.
      const value = raw === null || raw.trim() === '' ? null : raw.trim();
      const problem = value === null ? null : textProblem(context, name, value, current);
      if (problem) errors.push(invalid(pointer, problem));
      else changes.attributes[name] = value;
    }
  }
  // The document names no required attribute; this sandbox requires a given name, as every example has one.
  const givenName = changes.attributes.given_name;
  const givenNameRefused = errors.some((error) => error.source?.pointer === '/data/attributes/given_name');
  if (!givenNameRefused && (current === null ? !givenName : givenName === null)) {
    errors.push(invalid('/data/attributes/given_name', 'The given name field is required.'));
  }
  return errors.length > 0 ? { response: errorDocument(422, errors) } : changes;
}

function textProblem(
  context: Context,
  name: WritableTextAttribute,
  value: string,
  current: PlatformCustomerRow | null,
): string | null {
  switch (name) {
    case 'email': {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return 'The email must be a valid email address.';
      const taken = organizationCustomers(context).some(
        (row) => row !== current && row.attributes.email?.toLowerCase() === value.toLowerCase(),
      );
      return taken ? 'The email has already been taken.' : null;
    }
    case 'mobile':
      return phoneType(value) === 'FIXED_LINE' ? 'The mobile must be a mobile phone number.' : null;
    case 'phone':
      return phoneType(value) === 'MOBILE' ? 'The phone must be a landline phone number.' : null;
    case 'sex':
      return SEXES.has(value) ? null : `The sex must be one of ${[...SEXES].join(', ')}.`;
    case 'birth_date':
      return isCalendarDate(value) ? null : 'The birth_date must be a date in Y-m-d format.';
    case 'locale':
      return isLocale(value) ? null : 'The locale must be a language tag.';
    default:
      return null;
  }
}

function validateEntryMap(
  context: Context,
  raw: unknown,
  current: PlatformCustomerRow | null,
  errors: ErrorObject[],
): Map<string, JsonValue> | undefined {
  const map = asObject(raw);
  if (!map) {
    errors.push(invalid('/data/attributes/custom_entry_map', 'The custom_entry_map must be an object keyed by custom field id.'));
    return undefined;
  }
  const entries = new Map<string, JsonValue>();
  for (const [fieldId, entry] of Object.entries(map)) {
    const pointer = `/data/attributes/custom_entry_map/${fieldId}`;
    const field = organizationFields(context).find((candidate) => candidate.id === fieldId);
    const wrapper = asObject(entry);
    if (!field) errors.push(invalid(pointer, 'No custom field with this id in the organization.'));
    else if (!wrapper || !('value' in wrapper)) errors.push(invalid(pointer, 'Each entry must be an object with a value.'));
    else if (UPLOADED_FIELD_TYPES.has(field.type)) {
      // Re-sending the stored file keeps it; anything else would be setting it, which only the upload flow does.
      const stored = current?.entries.get(field.id)?.value;
      if (stored !== undefined && isDeepStrictEqual(stored, wrapper['value'])) entries.set(field.id, stored);
      else errors.push(invalid(`${pointer}/value`, `A ${field.type} field is set through the upload flow, not custom_entry_map.`));
    } else {
      const value = entryValue(field, wrapper['value']);
      if (value === undefined) errors.push(invalid(`${pointer}/value`, `Not a valid ${field.type} value.`));
      // A null value clears the field, like leaving it out.
      else if (value !== null) entries.set(field.id, value);
    }
  }
  return entries;
}

/** The stored form of a written value (see "Value Format by Field Type"); undefined when it is not valid. */
function entryValue(field: PlatformField, raw: unknown): JsonValue | undefined {
  if (raw === null) return null;
  const isOption = (value: unknown) => field.options.some((option) => option.key === value || option.label === value);
  switch (field.type) {
    case 'text':
    case 'textarea':
      return typeof raw === 'string' ? raw : undefined;
    case 'number': {
      const number = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      return Number.isFinite(number) ? number : undefined;
    }
    case 'select':
      return typeof raw === 'string' && isOption(raw) ? raw : undefined;
    case 'multiselect':
      return Array.isArray(raw) && raw.every((key) => typeof key === 'string' && field.options.some((o) => o.key === key))
        ? (raw as string[])
        : undefined;
    case 'checkbox':
      return raw === true || raw === '1' ? true : raw === false || raw === '0' ? false : undefined;
    case 'date':
      return typeof raw === 'string' && isCalendarDate(raw) ? raw : undefined;
    case 'file':
    case 'image':
      return undefined;
  }
}

/** Upsert and delete: fields in `values` keep their entry id (or get a new one); the rest are gone. */
function replaceEntries(
  context: Context,
  current: Map<string, PlatformEntry>,
  values: Map<string, JsonValue>,
): Map<string, PlatformEntry> {
  const next = new Map<string, PlatformEntry>();
  for (const [fieldId, value] of values) {
    next.set(fieldId, { id: current.get(fieldId)?.id ?? platformUuid('e0000000', context.store.nextSerial++), value });
  }
  return next;
}

// ---------------------------------------------------------------------------------------------------
// Lookups and filters

function organizationCustomers(context: Context): PlatformCustomerRow[] {
  return context.store.customers.filter((row) => row.organizationId === context.organization.id);
}

function organizationFields(context: Context): PlatformField[] {
  return context.store.fields.filter((field) => field.organizationId === context.organization.id);
}

function findCustomer(context: Context, id: string): PlatformCustomerRow | undefined {
  const wanted = id.toLowerCase();
  return organizationCustomers(context).find((row) => row.id === wanted);
}

function findExport(context: Context, id: string): PlatformExport | undefined {
  return context.store.exports.find((candidate) => candidate.id === id && candidate.organizationId === context.organization.id);
}

// ---------------------------------------------------------------------------------------------------
// Resources and documents

function customerResource(context: Context, row: PlatformCustomerRow, withEntries = false) {
  const customEntryMap = Object.fromEntries(
    organizationFields(context).flatMap((field) => {
      const entry = row.entries.get(field.id);
      if (!entry) return [];
      const formatted = formatEntryValue(field, entry.value, context.organization.locale);
      return [[field.id, { value: entry.value, label: field.label, formatted_value: formatted, type: field.type }]];
    }),
  );
  const entryLinkages = [...row.entries.values()].map((entry) => ({ type: 'custom-entries', id: entry.id }));
  return {
    type: 'customers',
    id: row.id,
    attributes: { ...row.attributes, custom_entry_map: customEntryMap },
    ...(withEntries ? { relationships: { custom_entries: { data: entryLinkages } } } : {}),
    links: { self: `${context.origin}/api/v1/customers/${row.id}` },
  };
}

function entryResource(fieldId: string, entry: PlatformEntry, context: Context) {
  const field = organizationFields(context).find((candidate) => candidate.id === fieldId);
  return {
    type: 'custom-entries',
    id: entry.id,
    attributes: {
      value: entry.value,
      formatted_value: field ? formatEntryValue(field, entry.value, context.organization.locale) : null,
    },
    relationships: { field: { data: { type: 'custom-fields', id: fieldId } } },
  };
}

function fieldResource(field: PlatformField) {
  return {
    type: 'custom-fields',
    id: field.id,
    attributes: { label: field.label, type: field.type, ...(field.options.length > 0 ? { options: field.options } : {}) },
  };
}

function identifierResource(context: Context, identifier: PlatformIdentifier) {
  return {
    type: 'model-identifiers',
    id: identifier.id,
    attributes: { code: identifier.code, type: identifier.type, created_at: identifier.createdAt },
    relationships: { identifiable: { data: { type: 'customers', id: identifier.customerId } } },
    links: { self: `${context.origin}/api/v1/model-identifiers/${identifier.id}` },
  };
}

function bookingResource(context: Context, booking: PlatformBooking) {
  return {
    type: 'bookings',
    id: booking.id,
    attributes: { service: booking.service, starts_at: booking.startsAt },
    relationships: { customer: { data: { type: 'customers', id: booking.customerId } } },
    links: { self: `${context.origin}/api/v1/bookings/${booking.id}` },
  };
}

function exportResource(context: Context, found: PlatformExport) {
  return {
    type: 'exports',
    id: found.id,
    attributes: {
      type: found.type,
      filters: found.filters,
      status: found.status,
      url: found.status === 'completed' ? downloadUrl(context, found) : null,
    },
    links: { self: `${context.origin}/api/v1/exports/${found.id}` },
  };
}

function downloadUrl(context: Context, found: PlatformExport): string {
  const query = new URLSearchParams({ o: found.organizationId, signature: exportSignature(found) });
  return `${context.origin}/api/v1/exports/${found.id}/download?${query.toString()}`;
}

function document(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): SandboxResponse {
  return { status, headers: { 'content-type': MEDIA_TYPE, ...headers }, body: { jsonapi: { version: '1.0' }, ...body } };
}

function errorDocument(status: number, errors: ErrorObject[], headers: Record<string, string> = {}): SandboxResponse {
  return document(status, { errors }, headers);
}

function failure(
  status: number,
  title: string,
  detail: string,
  source?: ErrorObject['source'],
  headers: Record<string, string> = {},
): SandboxResponse {
  return errorDocument(status, [{ status: String(status), title, detail, ...(source ? { source } : {}) }], headers);
}

function invalid(pointer: string, detail: string, status = 422): ErrorObject {
  const titles: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 409: 'Conflict', 422: 'Unprocessable Entity' };
  return { status: String(status), title: titles[status] ?? 'Error', detail, source: { pointer } };
}

function customerNotFound(): SandboxResponse {
  return failure(404, 'Not Found', 'Customer not found.');
}

function noRoute(): SandboxResponse {
  return failure(404, 'Not Found', 'No such route.');
}

// ---------------------------------------------------------------------------------------------------
// Small helpers

/** JSON:API: 406 only when the Accept header names the media type and every mention carries parameters. */
function acceptsJsonApi(accept: string | undefined): boolean {
  const parts = (accept ?? '').split(',').map((part) => part.trim());
  const mentions = parts.filter((part) => part.split(';')[0]?.trim() === MEDIA_TYPE);
  return mentions.length === 0 || mentions.some((part) => !part.includes(';'));
}

function isWritableText(name: string): name is WritableTextAttribute {
  return (WRITABLE_TEXT_ATTRIBUTES as readonly string[]).includes(name);
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

function asObject(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function positiveInteger(text: string): number | null {
  return /^[1-9]\d{0,8}$/.test(text) ? Number(text) : null;
}

/** The kind of an international number where libphonenumber is sure of it; national numbers are not checked. */
function phoneType(text: string): string | undefined {
  const parsed = parsePhoneNumberFromString(text);
  return parsed?.isValid() ? parsed.getType() : undefined;
}

function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

function isLocale(text: string): boolean {
  try {
    return Intl.getCanonicalLocales(text).length === 1;
  } catch {
    return false;
  }
}

function csvCell(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
