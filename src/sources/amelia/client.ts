// The Amelia customer calls: admin-ajax URL form, the `Amelia` key header, envelopes and error answers.
import { SourceError } from '../errors.ts';
import { createVendorHttp, type VendorHttpSettings } from '../http.ts';
import { expectPayload } from '../payload.ts';
import {
  ameliaCustomerAnswer,
  ameliaCustomerList,
  ameliaErrorBody,
  type AmeliaCustomerList,
  type AmeliaCustomerRecord,
} from './payloads.ts';

export interface AmeliaClientOptions {
  /** The WordPress site URL. */
  url: string;
  apiKey: string;
  http: VendorHttpSettings;
}

export interface AmeliaListQuery {
  page: number;
  search?: string;
}

export interface AmeliaClient {
  listCustomers(query: AmeliaListQuery): Promise<AmeliaCustomerList['data']>;
  /** null when Amelia has no customer with that id. */
  getCustomer(id: number): Promise<AmeliaCustomerRecord | null>;
}

/**
 * amelia-customers.txt: every route is `admin-ajax.php?action=wpamelia_api&call=/api/v1/…`, the
 * route's own parameters appended after `call` (`&page=2&search=jordan`).
 */
export function ameliaApiPath(route: string, params: Record<string, string> = {}): string {
  const extra = Object.entries(params)
    .map(([name, value]) => `&${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('');
  return `wp-admin/admin-ajax.php?action=wpamelia_api&call=/api/v1${route}${extra}`;
}

export function createAmeliaClient(options: AmeliaClientOptions): AmeliaClient {
  const http = createVendorHttp('AMELIA', options.url, { Amelia: options.apiKey }, options.http);

  return {
    async listCustomers(query) {
      const params: Record<string, string> = { page: String(query.page) };
      if (query.search !== undefined) params['search'] = query.search;
      const response = await http.request({ method: 'GET', path: ameliaApiPath('/users/customers', params) });
      if (response.status !== 200) throw new SourceError('AMELIA', 'BAD_RESPONSE', response.status);
      return expectPayload('AMELIA', ameliaCustomerList, response.body).data;
    },

    async getCustomer(id) {
      const response = await http.request({ method: 'GET', path: ameliaApiPath(`/users/customers/${id}`) });
      // An unknown id is a 404 with Amelia's `{ message, data }`; a 404 without it means the route is missing.
      if (response.status === 404 && ameliaErrorBody.safeParse(response.body).success) return null;
      if (response.status !== 200) throw new SourceError('AMELIA', 'BAD_RESPONSE', response.status);
      return expectPayload('AMELIA', ameliaCustomerAnswer, response.body).data.user;
    },
  };
}
