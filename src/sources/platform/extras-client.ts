// The PLATFORM's calls beyond the customer collection (platform-customers-jsonapi.txt): custom field
// definitions, one customer with its custom entries, model identifiers, codes, merges, communities,
// exports. Reads answer null for a 404 about the record; writes are sent once and answer what came back.
import type { z } from 'zod';
import { SourceError, WriteOutcomeUnknownError } from '../errors.ts';
import type { VendorHttp } from '../http/index.ts';
import { expectPayload } from '../kit/payload.ts';
import type { RequestScope } from '../request-scope.ts';
import { JSON_API_MEDIA_TYPE, createPlatformHttp, isAboutOrganization, type PlatformClientOptions } from './client.ts';
import {
  platformCustomFieldCollectionSchema,
  platformCustomerWithIncludedSchema,
  platformExportDocumentSchema,
  platformModelIdentifierCollectionSchema,
  type PlatformCustomFieldCollection,
  type PlatformCustomerWithIncluded,
  type PlatformExportFilters,
  type PlatformExportResource,
  type PlatformModelIdentifierCollection,
} from './extras-payloads.ts';
import { platformCustomerDocumentSchema, platformErrorDocumentSchema, type PlatformCustomerResource, type PlatformErrorObject } from './payloads.ts';

export interface PageRequest {
  number: number;
  size: number;
}

/** A write's answer: any 2xx with its body, or the vendor's refusal with its JSON:API error objects. */
export type PlatformExtrasAnswer =
  | { kind: 'done'; status: number; body: unknown }
  | { kind: 'refused'; status: number; errors: PlatformErrorObject[] };

export interface PlatformExtrasClient {
  /** `GET /api/v1/custom-fields?o=…`: our route (the document names the `custom-fields` type, not where to list it). */
  listCustomFields(page: PageRequest, scope: RequestScope): Promise<PlatformCustomFieldCollection>;
  /** `GET /api/v1/customers/{id}?o=…`, with `include=custom_entries,custom_entries.field` when asked; null for 404. */
  getCustomer(id: string, withEntries: boolean, scope: RequestScope): Promise<PlatformCustomerWithIncluded | null>;
  /** `GET /api/v1/customers/{id}/model-identifiers?o=…`; null for 404. */
  listIdentifiers(customerId: string, page: PageRequest, scope: RequestScope): Promise<PlatformModelIdentifierCollection | null>;
  /** `POST /api/v1/model-identifiers?o=…` with the `identifiable` relationship, sent once. */
  createIdentifier(customerId: string, code: string, type: string, scope: RequestScope): Promise<PlatformExtrasAnswer>;
  /** `GET /api/v1/customers/resolve-code?o=…&code=…`; null for 404 ("code not found"). */
  resolveCode(code: string, scope: RequestScope): Promise<PlatformCustomerResource | null>;
  /** `POST /api/v1/customers/{source}/merge?o=…` `{ "referenceId": target }`, sent once. */
  merge(sourceId: string, targetId: string, scope: RequestScope): Promise<PlatformExtrasAnswer>;
  /** `GET /api/v1/customers/{id}/remove-from-community?o=…&community_id=…`, sent once. */
  removeFromCommunity(customerId: string, communityId: string, scope: RequestScope): Promise<PlatformExtrasAnswer>;
  /** `POST /api/v1/exports?o=…` of type customers, sent once. */
  createExport(filters: PlatformExportFilters, scope: RequestScope): Promise<PlatformExtrasAnswer>;
  /** `GET /api/v1/exports/{id}?o=…`; null for 404. */
  getExport(id: string, scope: RequestScope): Promise<PlatformExportResource | null>;
}

const API = 'api/v1';

export function createPlatformExtrasClient(options: PlatformClientOptions, http: VendorHttp = createPlatformHttp(options)): PlatformExtrasClient {
  // remove-from-community changes state through a GET: it gets a client that never repeats it.
  const onceHttp = createPlatformHttp(options, { ...options.http, getRetries: 0 });
  const query = (extra: Record<string, string> = {}) => new URLSearchParams({ o: options.organization, ...extra }).toString();
  const pageQuery = (page: PageRequest) => query({ 'page[number]': String(page.number), 'page[size]': String(page.size) });
  const customer = (id: string) => `${API}/customers/${encodeURIComponent(id)}`;

  async function read<Schema extends z.ZodType>(path: string, schema: Schema, scope: RequestScope): Promise<z.output<Schema> | null> {
    const response = await http.request({ method: 'GET', path, headers: { accept: JSON_API_MEDIA_TYPE } }, scope);
    if (response.status === 200) return expectPayload('PLATFORM', schema, response.body);
    if (response.status === 404 && !isAboutOrganization(errorsOf(response.body))) return null;
    throw refusedRead(response.status, response.body);
  }

  async function send(via: VendorHttp, scope: RequestScope, method: 'GET' | 'POST', path: string, json?: unknown): Promise<PlatformExtrasAnswer> {
    const headers: Record<string, string> = { accept: JSON_API_MEDIA_TYPE };
    if (json !== undefined) headers['content-type'] = JSON_API_MEDIA_TYPE;
    const response = await via.request({ method, path, headers, ...(json === undefined ? {} : { json }) }, scope);
    if (response.status >= 200 && response.status < 300) return { kind: 'done', status: response.status, body: response.body };
    const errors = errorsOf(response.body);
    if (response.status === 404 && isAboutOrganization(errors)) throw new SourceError('PLATFORM', 'AUTH_REJECTED', 404);
    return { kind: 'refused', status: response.status, errors };
  }

  return {
    async listCustomFields(page, scope) {
      const collection = await read(`${API}/custom-fields?${pageQuery(page)}`, platformCustomFieldCollectionSchema, scope);
      // The organization's own list cannot be missing; a 404 here is a route this vendor lacks.
      if (collection === null) throw new SourceError('PLATFORM', 'BAD_RESPONSE', 404);
      return collection;
    },

    getCustomer(id, withEntries, scope) {
      const include = withEntries ? { include: 'custom_entries,custom_entries.field' } : undefined;
      return read(`${customer(id)}?${query(include)}`, platformCustomerWithIncludedSchema, scope);
    },

    listIdentifiers(customerId, page, scope) {
      return read(`${customer(customerId)}/model-identifiers?${pageQuery(page)}`, platformModelIdentifierCollectionSchema, scope);
    },

    createIdentifier(customerId, code, type, scope) {
      const document = {
        data: {
          type: 'model-identifiers',
          attributes: { code, type },
          relationships: { identifiable: { data: { type: 'customers', id: customerId } } },
        },
      };
      return send(http, scope, 'POST', `${API}/model-identifiers?${query()}`, document);
    },

    async resolveCode(code, scope) {
      const document = await read(`${API}/customers/resolve-code?${query({ code })}`, platformCustomerDocumentSchema, scope);
      return document?.data ?? null;
    },

    merge(sourceId, targetId, scope) {
      return send(http, scope, 'POST', `${customer(sourceId)}/merge?${query()}`, { referenceId: targetId });
    },

    async removeFromCommunity(customerId, communityId, scope) {
      try {
        return await send(onceHttp, scope, 'GET', `${customer(customerId)}/remove-from-community?${query({ community_id: communityId })}`);
      } catch (error) {
        // Sent, and no usable answer: as for any write, it may have been applied.
        if (error instanceof SourceError && SENT_BUT_UNANSWERED.has(error.failure)) throw new WriteOutcomeUnknownError('PLATFORM');
        throw error;
      }
    },

    createExport(filters, scope) {
      const document = { data: { type: 'exports', attributes: { type: 'customers', filters } } };
      return send(http, scope, 'POST', `${API}/exports?${query()}`, document);
    },

    async getExport(id, scope) {
      const document = await read(`${API}/exports/${encodeURIComponent(id)}?${query()}`, platformExportDocumentSchema, scope);
      return document?.data ?? null;
    },
  };
}

const SENT_BUT_UNANSWERED = new Set(['TIMEOUT', 'VENDOR_ERROR', 'BAD_RESPONSE']);

function errorsOf(body: unknown): PlatformErrorObject[] {
  const parsed = platformErrorDocumentSchema.safeParse(body);
  return parsed.success ? parsed.data.errors : [];
}

function refusedRead(status: number, body: unknown): SourceError {
  if (status === 404) return new SourceError('PLATFORM', 'AUTH_REJECTED', status);
  return new SourceError('PLATFORM', platformErrorDocumentSchema.safeParse(body).success ? 'REJECTED' : 'BAD_RESPONSE', status);
}
