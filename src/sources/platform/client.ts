// The PLATFORM's HTTP calls: Bearer auth, JSON:API media type, and `?o={organization}` on every call.
import { SourceError } from '../errors.ts';
import { createVendorHttp, type VendorHttpSettings } from '../http.ts';
import { expectPayload } from '../payload.ts';
import {
  platformCustomerCollectionSchema,
  platformErrorDocumentSchema,
  type PlatformCustomerCollection,
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
}

export interface PlatformClient {
  /** `GET /api/v1/customers?o=…` with the filters and page given. */
  listCustomers(query: PlatformCustomerQuery): Promise<PlatformCustomerCollection>;
}

export function createPlatformClient(options: PlatformClientOptions): PlatformClient {
  const http = createVendorHttp('PLATFORM', options.url, { authorization: `Bearer ${options.token}` }, options.http);

  return {
    async listCustomers(query) {
      const params = new URLSearchParams({ o: options.organization });
      if (query.search !== undefined) params.set('filter[search]', query.search);
      if (query.email !== undefined) params.set('filter[email]', query.email);
      if (query.ids !== undefined) params.set('filter[id]', query.ids.join(','));
      params.set('page[number]', String(query.page.number));
      params.set('page[size]', String(query.page.size));
      const response = await http.request({
        method: 'GET',
        path: `${CUSTOMERS_PATH}?${params.toString()}`,
        headers: { accept: JSON_API_MEDIA_TYPE },
      });
      if (response.status === 200) return expectPayload('PLATFORM', platformCustomerCollectionSchema, response.body);
      throw rejection(response.status, response.body);
    },
  };
}

/**
 * A 4xx the vendor explains in a JSON:API error document. On the collection route a 404 can only
 * mean the organization (`o`) is unknown to the token: a configuration problem, like bad credentials.
 */
function rejection(status: number, body: unknown): SourceError {
  const explained = platformErrorDocumentSchema.safeParse(body).success;
  if (status === 404 && explained) return new SourceError('PLATFORM', 'AUTH_REJECTED', status);
  return new SourceError('PLATFORM', 'BAD_RESPONSE', status);
}
