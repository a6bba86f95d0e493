// The PLATFORM's HTTP calls (platform-customers-jsonapi.txt, "Prerequisites", "Common Errors"): Bearer
// auth, the JSON:API media type and `?o={organization}` on every call; the customer collection's calls.
// What every refusal means is the table in refusals.ts.
import type { z } from 'zod';
import { SourceError, WriteOutcomeUnknownError } from '../errors.ts';
import { createVendorHttp, type VendorHttp, type VendorHttpSettings, type VendorRequest } from '../http/index.ts';
import { expectPayload } from '../kit/payload.ts';
import type { CustomerDraft } from '../model/index.ts';
import type { RequestScope } from '../request-scope.ts';
import { sameId } from './ids.ts';
import {
  type PlatformCreateDocument,
  type PlatformCustomerCollection,
  type PlatformCustomerResource,
  type PlatformCustomerWithIncluded,
  type PlatformEntryMapDocument,
  type PlatformUpdateDocument,
  platformCustomerCollectionSchema,
  platformCustomerDocumentSchema,
  platformCustomerWithIncludedSchema,
} from './payloads.ts';
import { aboutParameter, errorsOf, type PlatformCall, refusalError } from './refusals.ts';

export const JSON_API_MEDIA_TYPE = 'application/vnd.api+json';
export const API_PATH = 'api/v1';
const CUSTOMERS_PATH = `${API_PATH}/customers`;

export interface PlatformClientOptions {
  url: string;
  token: string;
  organization: string;
  http: VendorHttpSettings;
}

/** `page[number]` and `page[size]` of a collection read. */
export interface PageRequest {
  number: number;
  size: number;
}

export interface PlatformCustomerQuery {
  page: PageRequest;
  search?: string;
  email?: string;
  /** `filter[id]`, the JSON:API convention for fetching several resources by id (not in the document, nor the two below). */
  ids?: readonly string[];
  /** `filter[account_id]`: the customers linked to one global account (the document names the attribute, not a filter). */
  accountId?: string;
  /** `filter[custom_fields][<field uuid>]=<value>` ("JSON-API Conventions", which the document does not include). */
  customField?: { fieldId: string; value: string };
}

export type PlatformWrite = { method: 'GET' | 'POST' | 'PATCH'; path: string; json?: unknown };

/** A write's 2xx answer. */
export type PlatformAnswer = { status: number; body: unknown };

export type PlatformClient = ReturnType<typeof createPlatformClient>;

export function customerPath(id: string): string {
  return `${CUSTOMERS_PATH}/${encodeURIComponent(id)}`;
}

/** One per source: its calls share one authenticated HTTP client, and one that never repeats a GET. */
export function createPlatformClient(options: PlatformClientOptions) {
  const auth = { authorization: `Bearer ${options.token}` };
  const http = createVendorHttp('PLATFORM', options.url, auth, options.http);
  const onceHttp = createVendorHttp('PLATFORM', options.url, auth, { ...options.http, getRetries: 0 });
  const params = (parameters: Record<string, string> = {}) => new URLSearchParams({ o: options.organization, ...parameters });

  /** `o={organization}` with `parameters` after it, encoded. */
  const query = (parameters?: Record<string, string>): string => params(parameters).toString();

  /** A GET's 200 body; null for a read's 404 not about the organization; any other answer thrown as the table reads it. */
  async function get(path: string, call: { kind: 'list' | 'read' }, scope: RequestScope): Promise<{ body: unknown } | null> {
    const response = await http.request({ method: 'GET', path, headers: { accept: JSON_API_MEDIA_TYPE } }, scope);
    if (response.status === 200) return { body: response.body };
    const errors = errorsOf(response.body);
    if (call.kind === 'read' && response.status === 404 && !aboutParameter(errors, 'o')) return null;
    throw refusalError({ status: response.status, errors, call });
  }

  /** A GET beyond the customer list: the guarded 200 body; null for a 404 not about the organization. */
  async function read<Schema extends z.ZodType>(path: string, schema: Schema, scope: RequestScope): Promise<z.output<Schema> | null> {
    const answer = await get(path, { kind: 'read' }, scope);
    return answer === null ? null : expectPayload('PLATFORM', schema, answer.body);
  }

  /** A write, sent once (a GET through a client that never repeats it): its 2xx answer; any other is thrown as the table reads it. */
  async function send(request: PlatformWrite, call: PlatformCall, scope: RequestScope): Promise<PlatformAnswer> {
    const headers: Record<string, string> = { accept: JSON_API_MEDIA_TYPE };
    if (request.json !== undefined) headers['content-type'] = JSON_API_MEDIA_TYPE;
    const sent: VendorRequest = { method: request.method, path: request.path, headers };
    if (request.json !== undefined) sent.json = request.json;
    const response = request.method === 'GET' ? await sentOnce(onceHttp, sent, scope) : await http.request(sent, scope);
    if (response.status >= 200 && response.status < 300) return { status: response.status, body: response.body };
    throw refusalError({ status: response.status, errors: errorsOf(response.body), call });
  }

  return {
    query,
    read,
    send,

    /** `GET /api/v1/customers?o=…` with the filters and page given. */
    async listCustomers(customers: PlatformCustomerQuery, scope: RequestScope): Promise<PlatformCustomerCollection> {
      const search = params();
      if (customers.search !== undefined) search.set('filter[search]', customers.search);
      if (customers.email !== undefined) search.set('filter[email]', customers.email);
      if (customers.ids !== undefined) search.set('filter[id]', customers.ids.join(','));
      if (customers.accountId !== undefined) search.set('filter[account_id]', customers.accountId);
      if (customers.customField) search.set(`filter[custom_fields][${customers.customField.fieldId}]`, customers.customField.value);
      search.set('page[number]', String(customers.page.number));
      search.set('page[size]', String(customers.page.size));
      const answer = await get(`${CUSTOMERS_PATH}?${search.toString()}`, { kind: 'list' }, scope);
      return expectPayload('PLATFORM', platformCustomerCollectionSchema, answer?.body);
    },

    /** `GET /api/v1/customers/{id}?o=…` (`&include=…` when given), checked to be that customer; null for a 404. */
    async getCustomer(id: string, scope: RequestScope, include?: string): Promise<PlatformCustomerWithIncluded | null> {
      const path = `${customerPath(id)}?${query(include === undefined ? undefined : { include })}`;
      const document = await read(path, platformCustomerWithIncludedSchema, scope);
      if (document !== null && !sameId(document.data.id, id)) throw new SourceError('PLATFORM', 'BAD_RESPONSE');
      return document;
    },

    /** `POST /api/v1/customers?o=…`: the customer as stored. */
    async createCustomer(document: PlatformCreateDocument, draft: CustomerDraft, scope: RequestScope): Promise<PlatformCustomerResource> {
      const answer = await send({ method: 'POST', path: `${CUSTOMERS_PATH}?${query()}`, json: document }, { kind: 'create', draft }, scope);
      return stored(answer, [200, 201]);
    },

    /** `PATCH /api/v1/customers/{id}?o=…` (`id` a PLATFORM id): the customer as stored; null for a 204, which JSON:API allows. */
    async patchCustomer(
      id: string,
      document: PlatformUpdateDocument | PlatformEntryMapDocument,
      call: Extract<PlatformCall, { kind: 'update' | 'entry-map' }>,
      scope: RequestScope,
    ): Promise<PlatformCustomerResource | null> {
      const answer = await send({ method: 'PATCH', path: `${customerPath(id)}?${query()}`, json: document }, call, scope);
      return answer.status === 204 ? null : stored(answer, [200]);
    },
  };
}

/** The customer a write stored: a 2xx whose body does not show it leaves us not knowing what the vendor did. */
function stored(answer: PlatformAnswer, expected: readonly number[]): PlatformCustomerResource {
  const document = expected.includes(answer.status) ? platformCustomerDocumentSchema.safeParse(answer.body) : null;
  if (!document?.success) throw new WriteOutcomeUnknownError('PLATFORM');
  return document.data.data;
}

/** A state-changing GET: sent, and no usable answer, means it may have been applied, as for any write. */
async function sentOnce(http: VendorHttp, request: VendorRequest, scope: RequestScope) {
  try {
    return await http.request(request, scope);
  } catch (error) {
    if (error instanceof SourceError && SENT_BUT_UNANSWERED.has(error.failure)) throw new WriteOutcomeUnknownError('PLATFORM');
    throw error;
  }
}

const SENT_BUT_UNANSWERED = new Set(['TIMEOUT', 'VENDOR_ERROR', 'BAD_RESPONSE']);
