// The PLATFORM's calls beyond customer records (platform-customers-jsonapi.txt, "Resolving a Customer by
// Code", "Creating Custom Model Identifiers", "Merging Duplicate Customers", "Removing a Customer from a
// Community", "Exporting Customers"), over the vendor's client. Reads answer null for a 404 about the
// record; writes are sent once, a refusal thrown as the vendor's client reads it.
import type { RequestScope } from '../../model/index.ts';
import { API_PATH, customerPath, type PageRequest, type PlatformAnswer, type PlatformClient } from '../client.ts';
import { type PlatformCustomerResource, platformCustomerDocumentSchema } from '../payloads.ts';
import {
  type PlatformExportFilters,
  type PlatformExportResource,
  type PlatformModelIdentifierCollection,
  platformExportDocumentSchema,
  platformModelIdentifierCollectionSchema,
} from './payloads.ts';

/** `GET /api/v1/customers/{id}/model-identifiers?o=…`; null for 404. */
export function listIdentifiers(
  client: PlatformClient,
  customerId: string,
  page: PageRequest,
  scope: RequestScope,
): Promise<PlatformModelIdentifierCollection | null> {
  const query = client.query({ 'page[number]': String(page.number), 'page[size]': String(page.size) });
  return client.read(`${customerPath(customerId)}/model-identifiers?${query}`, platformModelIdentifierCollectionSchema, scope);
}

/** `POST /api/v1/model-identifiers?o=…` with the `identifiable` relationship. */
export function createIdentifier(
  client: PlatformClient,
  customerId: string,
  code: string,
  type: string,
  scope: RequestScope,
): Promise<PlatformAnswer> {
  const document = {
    data: {
      type: 'model-identifiers',
      attributes: { code, type },
      relationships: { identifiable: { data: { type: 'customers', id: customerId } } },
    },
  };
  const path = `${API_PATH}/model-identifiers?${client.query()}`;
  return client.send({ method: 'POST', path, json: document }, { kind: 'identifier', customerId }, scope);
}

/** `GET /api/v1/customers/resolve-code?o=…&code=…`; null for 404 ("code not found"). */
export async function resolveCode(client: PlatformClient, code: string, scope: RequestScope): Promise<PlatformCustomerResource | null> {
  const document = await client.read(`${API_PATH}/customers/resolve-code?${client.query({ code })}`, platformCustomerDocumentSchema, scope);
  return document?.data ?? null;
}

/** `POST /api/v1/customers/{source}/merge?o=…` `{ "referenceId": target }`. */
export function merge(client: PlatformClient, sourceId: string, targetId: string, scope: RequestScope): Promise<PlatformAnswer> {
  const path = `${customerPath(sourceId)}/merge?${client.query()}`;
  return client.send({ method: 'POST', path, json: { referenceId: targetId } }, { kind: 'merge', customerId: sourceId, targetId }, scope);
}

/** `GET /api/v1/customers/{id}/remove-from-community?o=…&community_id=…`: a GET that changes state. */
export async function removeFromCommunity(
  client: PlatformClient,
  customerId: string,
  communityId: string,
  scope: RequestScope,
): Promise<void> {
  const path = `${customerPath(customerId)}/remove-from-community?${client.query({ community_id: communityId })}`;
  await client.send({ method: 'GET', path }, { kind: 'community', customerId, communityId }, scope);
}

/** `POST /api/v1/exports?o=…` of type customers. */
export function createExport(client: PlatformClient, filters: PlatformExportFilters, scope: RequestScope): Promise<PlatformAnswer> {
  const document = { data: { type: 'exports', attributes: { type: 'customers', filters } } };
  return client.send({ method: 'POST', path: `${API_PATH}/exports?${client.query()}`, json: document }, { kind: 'export' }, scope);
}

/** `GET /api/v1/exports/{id}?o=…`; null for 404. */
export async function getExport(client: PlatformClient, id: string, scope: RequestScope): Promise<PlatformExportResource | null> {
  const document = await client.read(
    `${API_PATH}/exports/${encodeURIComponent(id)}?${client.query()}`,
    platformExportDocumentSchema,
    scope,
  );
  return document?.data ?? null;
}
