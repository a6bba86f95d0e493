// The PLATFORM's custom field calls (platform-customers-jsonapi.txt, "Custom Fields", "Reading Custom
// Field Data", "Writing Custom Field Data"), over the vendor's client: the organization's definitions, a
// customer read with its entries sideloaded, and the PATCH of a customer's whole `custom_entry_map`.
import type { CustomFieldWrite, RequestScope } from '../../model/index.ts';
import { API_PATH, type PageRequest, type PlatformClient } from '../client.ts';
import type {
  PlatformCustomerResource,
  PlatformCustomerWithIncluded,
  PlatformEntryMapBody,
  PlatformEntryMapDocument,
} from '../payloads.ts';
import { type PlatformCustomFieldCollection, platformCustomFieldCollectionSchema } from './payloads.ts';

/** Where the caller's input names the values written (`values.N.value`), to name a refused one. */
export interface WrittenValues {
  values: readonly CustomFieldWrite[];
  path: string;
}

/** `GET /api/v1/custom-fields?o=…`: a route the document does not name; null where this vendor answers 404 (it has none). */
export function listCustomFields(
  client: PlatformClient,
  page: PageRequest,
  scope: RequestScope,
): Promise<PlatformCustomFieldCollection | null> {
  const query = client.query({ 'page[number]': String(page.number), 'page[size]': String(page.size) });
  return client.read(`${API_PATH}/custom-fields?${query}`, platformCustomFieldCollectionSchema, scope);
}

/** `GET /api/v1/customers/{id}?o=…&include=custom_entries,custom_entries.field`; null for 404. */
export function getCustomerWithEntries(
  client: PlatformClient,
  id: string,
  scope: RequestScope,
): Promise<PlatformCustomerWithIncluded | null> {
  return client.getCustomer(id, scope, 'custom_entries,custom_entries.field');
}

/** `PATCH /api/v1/customers/{id}?o=…` with `custom_entry_map` alone: every entry left out of `map` is deleted. */
export function replaceEntryMap(
  client: PlatformClient,
  id: string,
  map: PlatformEntryMapBody,
  { values, path }: WrittenValues,
  scope: RequestScope,
): Promise<PlatformCustomerResource | null> {
  const document: PlatformEntryMapDocument = { data: { type: 'customers', id, attributes: { custom_entry_map: map } } };
  return client.patchCustomer(id, document, { kind: 'entry-map', customerId: id, values, path }, scope);
}
