// The PLATFORM's HTTP calls: Bearer auth, JSON:API media type, and `?o={organization}` on every call.
import { SourceError, WriteOutcomeUnknownError } from '../errors.ts';
import { createVendorHttp, type VendorHttp, type VendorHttpSettings } from '../http/index.ts';
import { expectPayload } from '../kit/payload.ts';
import type { RequestScope } from '../request-scope.ts';
import {
  platformCustomerCollectionSchema,
  platformCustomerDocumentSchema,
  platformErrorDocumentSchema,
  type PlatformCreateDocument,
  type PlatformCustomerCollection,
  type PlatformCustomerResource,
  type PlatformEntryMapDocument,
  type PlatformErrorObject,
  type PlatformUpdateDocument,
} from './payloads.ts';

export const JSON_API_MEDIA_TYPE = 'application/vnd.api+json';
const CUSTOMERS_PATH = 'api/v1/customers';

export interface PlatformClientOptions {
  url: string;
  token: string;
  organization: string;
  http: VendorHttpSettings;
}

export interface PlatformCustomerQuery {
  page: { number: number; size: number };
  search?: string;
  email?: string;
  /** `filter[id]`, the JSON:API convention for fetching several resources by id. */
  ids?: readonly string[];
  /** `filter[account_id]`: the customers linked to one global account (our choice of name; the document has none). */
  accountId?: string;
  /** `filter[custom_fields][<field uuid>]=<value>` ("JSON-API Conventions", which the document does not include). */
  customField?: { fieldId: string; value: string };
}

/**
 * What a write came back with: the stored resource (null for an update answered 204), or the
 * vendor's refusal with its JSON:API error objects (empty when it did not explain itself).
 */
export type PlatformWriteAnswer =
  | { kind: 'written'; resource: PlatformCustomerResource | null }
  | { kind: 'refused'; status: number; errors: PlatformErrorObject[] };

export interface PlatformClient {
  /** `GET /api/v1/customers?o=…` with the filters and page given. */
  listCustomers(query: PlatformCustomerQuery, scope: RequestScope): Promise<PlatformCustomerCollection>;
  /** `POST /api/v1/customers?o=…`, sent once. */
  createCustomer(document: PlatformCreateDocument, scope: RequestScope): Promise<PlatformWriteAnswer>;
  /** `PATCH /api/v1/customers/{id}?o=…`, sent once; `id` already checked with isPlatformId. */
  updateCustomer(id: string, document: PlatformUpdateDocument, scope: RequestScope): Promise<PlatformWriteAnswer>;
  /** The same PATCH with `custom_entry_map` alone: every entry left out of it is deleted. */
  replaceCustomEntryMap(id: string, document: PlatformEntryMapDocument, scope: RequestScope): Promise<PlatformWriteAnswer>;
}

/** The PLATFORM's authenticated HTTP client; one per source, shared by all its calls. */
export function createPlatformHttp(options: PlatformClientOptions, settings: VendorHttpSettings = options.http): VendorHttp {
  return createVendorHttp('PLATFORM', options.url, { authorization: `Bearer ${options.token}` }, settings);
}

export function createPlatformClient(options: PlatformClientOptions, http: VendorHttp = createPlatformHttp(options)): PlatformClient {
  return {
    async listCustomers(query, scope) {
      const params = new URLSearchParams({ o: options.organization });
      if (query.search !== undefined) params.set('filter[search]', query.search);
      if (query.email !== undefined) params.set('filter[email]', query.email);
      if (query.ids !== undefined) params.set('filter[id]', query.ids.join(','));
      if (query.accountId !== undefined) params.set('filter[account_id]', query.accountId);
      if (query.customField !== undefined) params.set(`filter[custom_fields][${query.customField.fieldId}]`, query.customField.value);
      params.set('page[number]', String(query.page.number));
      params.set('page[size]', String(query.page.size));
      const response = await http.request({
        method: 'GET',
        path: `${CUSTOMERS_PATH}?${params.toString()}`,
        headers: { accept: JSON_API_MEDIA_TYPE },
      }, scope);
      if (response.status === 200) return expectPayload('PLATFORM', platformCustomerCollectionSchema, response.body);
      throw rejection(response.status, response.body);
    },

    createCustomer(document, scope) {
      const organization = new URLSearchParams({ o: options.organization });
      return write(http, { method: 'POST', path: `${CUSTOMERS_PATH}?${organization.toString()}`, document }, scope);
    },

    updateCustomer(id, document, scope) {
      return write(http, { method: 'PATCH', path: customerPath(id), document }, scope);
    },

    replaceCustomEntryMap(id, document, scope) {
      return write(http, { method: 'PATCH', path: customerPath(id), document }, scope);
    },
  };

  function customerPath(id: string): string {
    const organization = new URLSearchParams({ o: options.organization });
    return `${CUSTOMERS_PATH}/${encodeURIComponent(id)}?${organization.toString()}`;
  }
}

interface WriteRequest {
  method: 'POST' | 'PATCH';
  path: string;
  document: PlatformCreateDocument | PlatformUpdateDocument | PlatformEntryMapDocument;
}

/**
 * One write. A 2xx whose body does not show the stored resource leaves us not knowing what the
 * vendor did, like a lost answer (JSON:API lets an update answer 204 with no body: that one is fine).
 */
async function write(http: VendorHttp, request: WriteRequest, scope: RequestScope): Promise<PlatformWriteAnswer> {
  const response = await http.request({
    method: request.method,
    path: request.path,
    json: request.document,
    headers: { accept: JSON_API_MEDIA_TYPE, 'content-type': JSON_API_MEDIA_TYPE },
  }, scope);
  const expected = request.method === 'POST' ? [200, 201] : [200];
  if (request.method === 'PATCH' && response.status === 204) return { kind: 'written', resource: null };
  if (expected.includes(response.status)) {
    const parsed = platformCustomerDocumentSchema.safeParse(response.body);
    if (!parsed.success) throw new WriteOutcomeUnknownError('PLATFORM');
    return { kind: 'written', resource: parsed.data.data };
  }
  if (response.status >= 200 && response.status < 300) throw new WriteOutcomeUnknownError('PLATFORM');
  const explained = platformErrorDocumentSchema.safeParse(response.body);
  return { kind: 'refused', status: response.status, errors: explained.success ? explained.data.errors : [] };
}

/**
 * A 4xx the vendor explains in a JSON:API error document. On the collection route a 404 can only
 * mean the organization (`o`) is unknown to the token: a configuration problem, like bad credentials.
 */
/** A 404 whose JSON:API error points at the `o` parameter: the token does not serve the organization. */
export function isAboutOrganization(errors: readonly PlatformErrorObject[]): boolean {
  return errors.some((error) => error.source?.parameter === 'o');
}

function rejection(status: number, body: unknown): SourceError {
  const explained = platformErrorDocumentSchema.safeParse(body).success;
  if (status === 404 && explained) return new SourceError('PLATFORM', 'AUTH_REJECTED', status);
  return new SourceError('PLATFORM', 'BAD_RESPONSE', status);
}
