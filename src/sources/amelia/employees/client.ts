// The Amelia provider (employee) calls (amelia-employees.txt) and the locations read (undocumented), on the vendor's
// URL form, HTTP client and answer readers (../client.ts).
import type { VendorHttp } from '../../http/index.ts';
import type { RequestScope } from '../../request-scope.ts';
import {
  type AmeliaCall,
  ameliaGet,
  ameliaPost,
  isUnknownId,
  readAnswer,
  readDeleted,
  readDeletionEffect,
  readWritten,
} from '../client.ts';
import type { AmeliaDeletionEffect } from '../payloads.ts';
import { toEmployeeInputField } from './map.ts';
import {
  type AmeliaProviderBody,
  type AmeliaProviderList,
  type AmeliaProviderRecord,
  ameliaLocationList,
  ameliaProviderAnswer,
  ameliaProviderList,
  ameliaProviderWriteAnswer,
} from './payloads.ts';

export interface AmeliaProviderQuery {
  page: number;
  search?: string;
  serviceIds?: readonly number[];
  locationIds?: readonly number[];
}

/** The provider Amelia wrote, and whether it sent the panel access e-mail (null: it did not say). */
export interface AmeliaProviderWritten {
  id: number;
  panelAccessEmailSent: boolean | null;
}

/** Writes answer with what was written; a refusal is thrown as our error (../client.ts, REFUSALS). */
export interface AmeliaEmployeeClient {
  listProviders(query: AmeliaProviderQuery, scope: RequestScope): Promise<AmeliaProviderList['data']>;
  /** null when Amelia has no provider with that id. */
  getProvider(id: number, scope: RequestScope): Promise<AmeliaProviderRecord | null>;
  createProvider(body: AmeliaProviderBody, scope: RequestScope): Promise<AmeliaProviderWritten>;
  updateProvider(id: number, body: AmeliaProviderBody, scope: RequestScope): Promise<AmeliaProviderWritten>;
  /** Whether Amelia lets the provider be deleted. */
  deletionEffect(id: number, scope: RequestScope): Promise<AmeliaDeletionEffect>;
  deleteProvider(id: number, scope: RequestScope): Promise<void>;
  /** The ids of the system's locations (Amelia's `/locations` route); null when Amelia has no such route. */
  listLocationIds(scope: RequestScope): Promise<string[] | null>;
}

/**
 * amelia-employees.txt: `services[0]=2&services[1]=5` and `location=1`; several locations go as
 * `location[0]=1&location[1]=3`, the array form the document names for that parameter.
 */
function providerListParams(query: AmeliaProviderQuery): Record<string, string> {
  const params: Record<string, string> = { page: String(query.page) };
  if (query.search !== undefined) params.search = query.search;
  for (const [index, id] of (query.serviceIds ?? []).entries()) params[`services[${index}]`] = String(id);
  const locations = query.locationIds ?? [];
  if (locations.length === 1) params.location = String(locations[0]);
  else for (const [index, id] of locations.entries()) params[`location[${index}]`] = String(id);
  return params;
}

export function createAmeliaEmployeeClient(http: VendorHttp): AmeliaEmployeeClient {
  const write = (id: number | null, body: AmeliaProviderBody): AmeliaCall => ({
    record: 'employee',
    id,
    email: body.email,
    inputField: toEmployeeInputField,
  });

  async function written(route: string, id: number | null, body: AmeliaProviderBody, scope: RequestScope): Promise<AmeliaProviderWritten> {
    const { data } = readWritten(await ameliaPost(http, route, scope, body), ameliaProviderWriteAnswer, write(id, body));
    return { id: data.user.id, panelAccessEmailSent: data.sendEmployeePanelAccessEmail ?? null };
  }

  return {
    async listProviders(query, scope) {
      return readAnswer(await ameliaGet(http, '/users/providers', scope, providerListParams(query)), ameliaProviderList).data;
    },

    async getProvider(id, scope) {
      const response = await ameliaGet(http, `/users/providers/${id}`, scope);
      return isUnknownId(response) ? null : readAnswer(response, ameliaProviderAnswer).data.user;
    },

    createProvider: (body, scope) => written('/users/providers', null, body, scope),

    updateProvider: (id, body, scope) => written(`/users/providers/${id}`, id, body, scope),

    async deletionEffect(id, scope) {
      return readDeletionEffect(await ameliaGet(http, `/users/providers/effect/${id}`, scope), { record: 'employee', id });
    },

    async deleteProvider(id, scope) {
      readDeleted(await ameliaPost(http, `/users/providers/delete/${id}`, scope), { record: 'employee', id });
    },

    async listLocationIds(scope) {
      const response = await ameliaGet(http, '/locations', scope);
      // Not in amelia-employees.txt: a site without it answers as to any unknown `call` (404, or 405 for the method).
      if (response.status === 404 || response.status === 405) return null;
      const { data } = readAnswer(response, ameliaLocationList);
      return data.locations.map((location) => String(location.id));
    },
  };
}
