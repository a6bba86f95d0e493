// The Amelia customer calls, and what every Amelia call shares: the admin-ajax URL form, the one HTTP
// client with the `Amelia` key header, and the readers of its error and write answers.
import type { z } from 'zod';
import { SourceError, WriteOutcomeUnknownError } from '../errors.ts';
import { createVendorHttp, type VendorHttp, type VendorHttpSettings, type VendorResponse } from '../http/index.ts';
import { expectPayload } from '../kit/payload.ts';
import type { RequestScope } from '../request-scope.ts';
import {
  ameliaCustomerAnswer,
  ameliaCustomerList,
  ameliaDeleteAnswer,
  ameliaEffectAnswer,
  ameliaEmailInUseBody,
  ameliaErrorBody,
  ameliaInvalidFieldsBody,
  ameliaWriteAnswer,
  type AmeliaCustomerBody,
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
  listCustomers(query: AmeliaListQuery, scope: RequestScope): Promise<AmeliaCustomerList['data']>;
  /** null when Amelia has no customer with that id. */
  getCustomer(id: number, scope: RequestScope): Promise<AmeliaCustomerRecord | null>;
  createCustomer(body: AmeliaCustomerBody, scope: RequestScope): Promise<AmeliaWriteResult>;
  updateCustomer(id: number, body: AmeliaCustomerBody, scope: RequestScope): Promise<AmeliaWriteResult>;
  /** Whether Amelia lets the customer be deleted; null when it has no customer with that id. */
  deletionEffect(id: number, scope: RequestScope): Promise<AmeliaDeletionEffect | null>;
  deleteCustomer(id: number, scope: RequestScope): Promise<AmeliaDeleteResult>;
}

/** How Amelia refused a create or update (an unknown id, an email in use, invalid properties). */
export type AmeliaWriteRefusal =
  | { kind: 'not-found' }
  | { kind: 'email-in-use' }
  /** The properties Amelia named as invalid (its own names). */
  | { kind: 'invalid'; properties: string[] };

/** How Amelia answered a create or update it did not fail outright. */
export type AmeliaWriteResult = { kind: 'written'; id: number } | AmeliaWriteRefusal;

export type AmeliaDeleteResult = 'deleted' | 'not-found' | 'refused';

export type AmeliaDeletionEffect = z.output<typeof ameliaEffectAnswer>['data'];

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

/** The one HTTP client (auth header, timeouts, concurrency cap) every Amelia call of a source shares. */
export function createAmeliaHttp(options: AmeliaClientOptions): VendorHttp {
  return createVendorHttp('AMELIA', options.url, { Amelia: options.apiKey }, options.http);
}

export function createAmeliaClient(options: AmeliaClientOptions, http: VendorHttp = createAmeliaHttp(options)): AmeliaClient {

  return {
    async listCustomers(query, scope) {
      const params: Record<string, string> = { page: String(query.page) };
      if (query.search !== undefined) params['search'] = query.search;
      const response = await http.request({ method: 'GET', path: ameliaApiPath('/users/customers', params) }, scope);
      if (response.status !== 200) throw new SourceError('AMELIA', 'BAD_RESPONSE', response.status);
      return expectPayload('AMELIA', ameliaCustomerList, response.body).data;
    },

    async getCustomer(id, scope) {
      const response = await http.request({ method: 'GET', path: ameliaApiPath(`/users/customers/${id}`) }, scope);
      // An unknown id is a 404 with Amelia's `{ message, data }`; a 404 without it means the route is missing.
      if (response.status === 404 && ameliaErrorBody.safeParse(response.body).success) return null;
      if (response.status !== 200) throw new SourceError('AMELIA', 'BAD_RESPONSE', response.status);
      return expectPayload('AMELIA', ameliaCustomerAnswer, response.body).data.user;
    },

    async createCustomer(body, scope) {
      const response = await http.request({ method: 'POST', path: ameliaApiPath('/users/customers'), json: body }, scope);
      return readWriteAnswer(response);
    },

    async updateCustomer(id, body, scope) {
      const response = await http.request({ method: 'POST', path: ameliaApiPath(`/users/customers/${id}`), json: body }, scope);
      return readWriteAnswer(response);
    },

    async deletionEffect(id, scope) {
      return readDeletionEffect(await http.request({ method: 'GET', path: ameliaApiPath(`/users/customers/effect/${id}`) }, scope));
    },

    async deleteCustomer(id, scope) {
      return readDeleteAnswer(await http.request({ method: 'POST', path: ameliaApiPath(`/users/customers/delete/${id}`) }, scope));
    },
  };
}

/** `GET …/effect/{id}` (customers and providers alike); null for an unknown id. */
export function readDeletionEffect(response: VendorResponse): AmeliaDeletionEffect | null {
  if (isUnknownUser(response)) return null;
  if (response.status !== 200) throw new SourceError('AMELIA', 'BAD_RESPONSE', response.status);
  return expectPayload('AMELIA', ameliaEffectAnswer, response.body).data;
}

/** `POST …/delete/{id}` (customers and providers alike). */
export function readDeleteAnswer(response: VendorResponse): AmeliaDeleteResult {
  if (isUnknownUser(response)) return 'not-found';
  // Not in amelia-customers.txt: a user who gained appointments since the effect check is refused with 409.
  if (response.status === 409 && ameliaErrorBody.safeParse(response.body).success) return 'refused';
  expectWritten(response, ameliaDeleteAnswer);
  return 'deleted';
}

/** An unknown id: a 404 with Amelia's `{ message, data }` (a 404 without it means the route is missing). */
export function isUnknownUser(response: VendorResponse): boolean {
  return response.status === 404 && ameliaErrorBody.safeParse(response.body).success;
}

/**
 * A 2xx whose body is not the documented answer: the write may well have been applied, so the
 * outcome is unknown rather than a refusal.
 */
export function expectWritten<Schema extends z.ZodType>(response: VendorResponse, schema: Schema): z.output<Schema> {
  if (response.status < 200 || response.status >= 300) throw new SourceError('AMELIA', 'REJECTED', response.status);
  const parsed = schema.safeParse(response.body);
  if (!parsed.success) throw new WriteOutcomeUnknownError('AMELIA');
  return parsed.data;
}

/** The refusal a write answer carries, or null when it is not one (then it must be the written answer). */
export function readWriteRefusal(response: VendorResponse): AmeliaWriteRefusal | null {
  if (isUnknownUser(response)) return { kind: 'not-found' };
  if (response.status === 409 && ameliaEmailInUseBody.safeParse(response.body).success) return { kind: 'email-in-use' };
  const invalid = ameliaInvalidFieldsBody.safeParse(response.body);
  if (response.status === 400 && invalid.success) return { kind: 'invalid', properties: invalid.data.data.invalidFields };
  return null;
}

function readWriteAnswer(response: VendorResponse): AmeliaWriteResult {
  return readWriteRefusal(response) ?? { kind: 'written', id: expectWritten(response, ameliaWriteAnswer).data.user.id };
}
