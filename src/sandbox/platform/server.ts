// The PLATFORM sandbox: the admin customer API of platform-customers-jsonapi.txt over real HTTP, and no
// more than it promises. Documented: the customer list with `filter[email]` and `filter[search]`, one
// customer (with `include=custom_entries,custom_entries.field`), create and PATCH with `custom_entry_map`,
// resolve-code, model identifiers, merge, remove-from-community, exports.
// Where the document is silent, our choices: pages default to 25 and allow at most 100 (400 above);
// `meta.page` and `links` follow Laravel JSON:API ({currentPage, from, lastPage, perPage, to, total};
// prev/next left out when there is none); errors are JSON:API error objects; a `filter[…]` or `page[…]` parameter a list does
// not know is refused with a 400, as strict JSON:API servers do; `filter[email]` compares the way a MySQL *_ci
// collation does (case- and accent-insensitive) while the uniqueness check on writes compares lower-cased
// addresses; `filter[search]` wants every word of the term in a name, the email or a phone; a customer
// must have a given name (required on create, cannot be cleared), every other attribute may be null;
// `mobile` refuses a number libphonenumber knows as a landline, `phone` one it knows as a mobile; a file or
// image entry may be re-sent unchanged in custom_entry_map (so that it is kept) but never set there; a
// custom-fields resource carries its `options`; exports take `search` and `email` filters, say `processing`
// then `completed` (settings.exportStatusWords) and carry their file as `url`, a signed link that needs no
// token (it is handed to people who do not have one). Of the relations a merge moves (rule 3: bookings,
// orders, invoices) the sandbox models bookings, identifiers and communities.
// Beyond the document, each off unless named in `undocumented` (settings.features; off, a route answers as
// an unknown route does, 404, and a filter as an unknown filter does, 400): custom field definitions at
// `GET /api/v1/custom-fields` (paged like customers); `filter[custom_fields][<field uuid>]=<value>` (an option
// key or label for select types; case- and accent-insensitive); `filter[account_id]`; `filter[id]` (several
// ids, comma-separated; settings.idFilter: honoured or ignored); a customer's bookings at
// `GET /api/v1/customers/{id}/bookings`.
//
// This file is the HTTP frame (token, Accept header, organization) and the route table; each
// resource's handlers live in a file of their own.

import { generatedPeople } from '../generated/people.ts';
import { type SandboxRequest, type SandboxResponse, SandboxServer } from '../server.ts';
import type { UndocumentedFeature } from '../undocumented.ts';
import { offers, type PlatformContext, type PlatformRoute, type PlatformSettings } from './context.ts';
import { listCustomFields } from './custom-fields.ts';
import { createCustomer, mergeCustomer, removeFromCommunity, updateCustomer } from './customer-writes.ts';
import { customerBookings, listCustomers, resolveCode, showCustomer } from './customers.ts';
import { createPlatformStore, MAIN_ORGANIZATION_ID, PLATFORM_SANDBOX_TOKEN } from './data.ts';
import { createExport, downloadExport, exportFile, showExport, signedExport } from './exports.ts';
import { createIdentifier, customerIdentifiers } from './identifiers.ts';
import { acceptsJsonApi, failure, MEDIA_TYPE } from './jsonapi.ts';
import type { PlatformStore } from './records.ts';

export interface PlatformSandbox {
  readonly server: SandboxServer;
  readonly credentials: { token: string; organization: string };
  /** Changeable between requests; `reset()` sets them back to the options'. */
  readonly settings: PlatformSettings;
  reset(): void;
}

export interface PlatformSandboxOptions {
  /** Routes and filters beyond platform-customers-jsonapi.txt it offers (undocumented.ts); none by default. */
  undocumented?: ReadonlySet<UndocumentedFeature>;
  /** Generated customers after the seed's (SANDBOX_CUSTOMERS); none by default. */
  customers?: number;
}

export function createPlatformSandbox(options: PlatformSandboxOptions = {}): PlatformSandbox {
  const seed = () => createPlatformStore(generatedPeople('PLATFORM', options.customers ?? 0));
  let store = seed();
  const initial = (): PlatformSettings => ({
    features: new Set(options.undocumented ?? []),
    idFilter: 'honoured',
    exportStatusWords: { processing: 'processing', completed: 'completed' },
  });
  const settings = initial();
  const sandbox: PlatformSandbox = {
    server: new SandboxServer('platform', (request) => handle(store, settings, request)),
    credentials: { token: PLATFORM_SANDBOX_TOKEN, organization: MAIN_ORGANIZATION_ID },
    settings,
    reset() {
      store = seed();
      Object.assign(settings, initial());
      sandbox.server.clearLog();
      sandbox.server.clearFaults();
    },
  };
  return sandbox;
}

function handle(store: PlatformStore, settings: PlatformSettings, request: SandboxRequest): SandboxResponse {
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
  return route({ store, settings, request, organization, origin: `http://${request.headers.host ?? '127.0.0.1'}` });
}

function route(context: PlatformContext): SandboxResponse {
  const segments = context.request.path.slice('/api/v1/'.length).split('/').filter(Boolean);
  const [collection, id, action, ...rest] = segments;
  if (rest.length > 0) return noRoute();
  if (collection === 'customers') {
    if (id === undefined) return byMethod(context, { GET: listCustomers, POST: createCustomer });
    if (id === 'resolve-code' && action === undefined) return byMethod(context, { GET: resolveCode });
    if (action === undefined) return byMethod(context, { GET: (c) => showCustomer(c, id), PATCH: (c) => updateCustomer(c, id) });
    if (action === 'model-identifiers') return byMethod(context, { GET: (c) => customerIdentifiers(c, id) });
    if (action === 'bookings' && offers(context, 'platform-bookings-route')) {
      return byMethod(context, { GET: (c) => customerBookings(c, id) });
    }
    if (action === 'merge') return byMethod(context, { POST: (c) => mergeCustomer(c, id) });
    if (action === 'remove-from-community') return byMethod(context, { GET: (c) => removeFromCommunity(c, id) });
  }
  if (collection === 'model-identifiers' && id === undefined) return byMethod(context, { POST: createIdentifier });
  if (collection === 'custom-fields' && id === undefined && offers(context, 'platform-custom-fields-route')) {
    return byMethod(context, { GET: listCustomFields });
  }
  if (collection === 'exports') {
    if (id === undefined) return byMethod(context, { POST: createExport });
    if (action === undefined) return byMethod(context, { GET: (c) => showExport(c, id) });
    if (action === 'download') return byMethod(context, { GET: (c) => downloadExport(c, id) });
  }
  return noRoute();
}

function byMethod(context: PlatformContext, routes: Partial<Record<string, PlatformRoute>>): SandboxResponse {
  const handler = routes[context.request.method];
  if (handler) return handler(context);
  const allow = Object.keys(routes).join(', ');
  return failure(405, 'Method Not Allowed', `Allowed: ${allow}.`, undefined, { allow });
}

function noRoute(): SandboxResponse {
  return failure(404, 'Not Found', 'No such route.');
}
