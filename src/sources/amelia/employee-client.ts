// The Amelia provider (employee) calls and the locations read, on the customer client's URL form,
// HTTP instance and answer readers (amelia-employees.txt).
import { SourceError } from '../errors.ts';
import type { VendorHttp, VendorResponse } from '../http/index.ts';
import { expectPayload } from '../kit/payload.ts';
import type { RequestScope } from '../request-scope.ts';
import {
  ameliaApiPath,
  expectWritten,
  isUnknownUser,
  readDeleteAnswer,
  readDeletionEffect,
  readWriteRefusal,
  type AmeliaDeleteResult,
  type AmeliaDeletionEffect,
  type AmeliaWriteRefusal,
} from './client.ts';
import {
  ameliaLocationList,
  ameliaProviderAnswer,
  ameliaProviderList,
  ameliaProviderWriteAnswer,
  type AmeliaProviderBody,
  type AmeliaProviderList,
  type AmeliaProviderRecord,
} from './employee-payloads.ts';

export interface AmeliaProviderQuery {
  page: number;
  search?: string;
  serviceIds?: readonly number[];
  locationIds?: readonly number[];
}

/** How Amelia answered a provider create or update it did not fail outright. */
export type AmeliaProviderWriteResult =
  | { kind: 'written'; id: number; panelAccessEmailSent: boolean | null }
  | AmeliaWriteRefusal;

export interface AmeliaEmployeeClient {
  listProviders(query: AmeliaProviderQuery, scope: RequestScope): Promise<AmeliaProviderList['data']>;
  /** null when Amelia has no provider with that id. */
  getProvider(id: number, scope: RequestScope): Promise<AmeliaProviderRecord | null>;
  createProvider(body: AmeliaProviderBody, scope: RequestScope): Promise<AmeliaProviderWriteResult>;
  updateProvider(id: number, body: AmeliaProviderBody, scope: RequestScope): Promise<AmeliaProviderWriteResult>;
  /** Whether Amelia lets the provider be deleted; null when it has no provider with that id. */
  deletionEffect(id: number, scope: RequestScope): Promise<AmeliaDeletionEffect | null>;
  deleteProvider(id: number, scope: RequestScope): Promise<AmeliaDeleteResult>;
  /** The ids of the system's locations (Amelia's `/locations` route). */
  listLocationIds(scope: RequestScope): Promise<string[]>;
}

/**
 * amelia-employees.txt: `services[0]=2&services[1]=5` and `location=1`; several locations go as
 * `location[0]=1&location[1]=3`, the array form the document names for that parameter.
 */
function providerListParams(query: AmeliaProviderQuery): Record<string, string> {
  const params: Record<string, string> = { page: String(query.page) };
  if (query.search !== undefined) params['search'] = query.search;
  (query.serviceIds ?? []).forEach((id, index) => (params[`services[${index}]`] = String(id)));
  const locations = query.locationIds ?? [];
  if (locations.length === 1) params['location'] = String(locations[0]);
  else locations.forEach((id, index) => (params[`location[${index}]`] = String(id)));
  return params;
}

export function createAmeliaEmployeeClient(http: VendorHttp): AmeliaEmployeeClient {
  const get = (route: string, scope: RequestScope, params?: Record<string, string>) => http.request({ method: 'GET', path: ameliaApiPath(route, params) }, scope);

  return {
    async listProviders(query, scope) {
      const response = await get('/users/providers', scope, providerListParams(query));
      if (response.status !== 200) throw new SourceError('AMELIA', 'BAD_RESPONSE', response.status);
      return expectPayload('AMELIA', ameliaProviderList, response.body).data;
    },

    async getProvider(id, scope) {
      const response = await get(`/users/providers/${id}`, scope);
      if (isUnknownUser(response)) return null;
      if (response.status !== 200) throw new SourceError('AMELIA', 'BAD_RESPONSE', response.status);
      return expectPayload('AMELIA', ameliaProviderAnswer, response.body).data.user;
    },

    async createProvider(body, scope) {
      return readProviderWrite(await http.request({ method: 'POST', path: ameliaApiPath('/users/providers'), json: body }, scope));
    },

    async updateProvider(id, body, scope) {
      return readProviderWrite(await http.request({ method: 'POST', path: ameliaApiPath(`/users/providers/${id}`), json: body }, scope));
    },

    async deletionEffect(id, scope) {
      return readDeletionEffect(await get(`/users/providers/effect/${id}`, scope));
    },

    async deleteProvider(id, scope) {
      return readDeleteAnswer(await http.request({ method: 'POST', path: ameliaApiPath(`/users/providers/delete/${id}`) }, scope));
    },

    async listLocationIds(scope) {
      const response = await get('/locations', scope);
      if (response.status !== 200) throw new SourceError('AMELIA', 'BAD_RESPONSE', response.status);
      return expectPayload('AMELIA', ameliaLocationList, response.body).data.locations.map((location) => String(location.id));
    },
  };
}

function readProviderWrite(response: VendorResponse): AmeliaProviderWriteResult {
  const refusal = readWriteRefusal(response);
  if (refusal !== null) return refusal;
  const { data } = expectWritten(response, ameliaProviderWriteAnswer);
  return { kind: 'written', id: data.user.id, panelAccessEmailSent: data.sendEmployeePanelAccessEmail ?? null };
}
