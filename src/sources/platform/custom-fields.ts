// PLATFORM custom fields: the organization's definitions, a customer's typed entries, and writes that
// never lose an entry by accident (the vendor deletes every entry a PATCH leaves out of the map).
import { rereadAfterWrite } from '../kit/reread.ts';
import { byIdOrThrow, NotFoundError, SourceError, ValidationError, WriteOutcomeUnknownError } from '../errors.ts';
import { isPlatformId } from './ids.ts';
import type { Customer, CustomerOf, CustomFieldDefinition, CustomFieldWrite, JsonValue, PlatformExtras, RequestScope } from '../model/index.ts';
import { allPages } from './all-pages.ts';
import { isAboutOrganization, type PlatformClient, type PlatformWriteAnswer } from './client.ts';
import { isTypable, readMapEntry, toCustomFieldDefinition, toCustomFieldEntry } from './custom-field-read.ts';
import {
  checkCustomFieldValues,
  clearedEntryMap,
  mergedEntryMap,
  refusedValueField,
  replacedEntryMap,
  sameId,
} from './custom-field-write.ts';
import type { PlatformExtrasClient } from './extras-client.ts';
import { platformCustomEntryResourceSchema, platformCustomFieldResourceSchema } from './extras-payloads.ts';
import { toPlatformCustomer } from './map.ts';
import type { PlatformEntryMapBody } from './payloads.ts';
import type { PlatformReader } from './writer.ts';

export interface CustomFieldDeps {
  client: PlatformClient;
  extrasClient: PlatformExtrasClient;
  organization: string;
  reader: PlatformReader;
}

type CustomFieldOperations = Pick<PlatformExtras, 'customFields' | 'customFieldEntries' | 'setCustomFieldValues' | 'clearCustomFieldValues'>;

/** Every definition of the organization, all pages; fields of a type we do not know are left out. */
export async function loadCustomFieldDefinitions(extrasClient: PlatformExtrasClient, scope: RequestScope): Promise<CustomFieldDefinition[]> {
  const resources = (await allPages((page) => extrasClient.listCustomFields(page, scope))) ?? [];
  return resources.flatMap((resource) => toCustomFieldDefinition(resource) ?? []);
}

export function createCustomFieldOperations(deps: CustomFieldDeps): CustomFieldOperations {
  const { client, extrasClient, organization, reader } = deps;

  /** A fresh read of one customer (its map as stored now); NotFoundError when the vendor has none. */
  async function readCustomer(id: string, scope: RequestScope): Promise<CustomerOf<'PLATFORM'>> {
    const document = await extrasClient.getCustomer(id, false, scope);
    if (document === null) throw new NotFoundError('PLATFORM', id);
    if (!sameId(document.data.id, id)) throw new SourceError('PLATFORM', 'BAD_RESPONSE');
    return toPlatformCustomer(document.data, organization);
  }

  /** The one write: the whole map. `values` and `path` name a refused value as the caller named it. */
  async function sendMap(
    id: string,
    map: PlatformEntryMapBody,
    values: readonly CustomFieldWrite[],
    path: string,
    scope: RequestScope,
  ): Promise<Customer> {
    const answer = await client.replaceCustomEntryMap(id, { data: { type: 'customers', id, attributes: { custom_entry_map: map } } }, scope);
    if (answer.kind === 'refused') throw refusal(answer, id, refusedValueField(answer.errors, values, path));
    if (answer.resource !== null && !sameId(answer.resource.id, id)) throw new WriteOutcomeUnknownError('PLATFORM');
    return rereadAfterWrite('PLATFORM', async (customerId: string) => byIdOrThrow((await reader.getByIds([customerId], scope))[0]), id);
  }

  /**
   * The vendor's include form, read only for entries the map and the definitions cannot type (a
   * field missing from the definitions, or a map entry without its type): field id → entry.
   */
  async function includedEntries(customerId: string, scope: RequestScope): Promise<Map<string, IncludedEntry>> {
    const document = await extrasClient.getCustomer(customerId, true, scope);
    if (document === null) return new Map();
    if (!sameId(document.data.id, customerId)) throw new SourceError('PLATFORM', 'BAD_RESPONSE');
    const included = document.included ?? [];
    const fields = included.flatMap((resource) => {
      const parsed = platformCustomFieldResourceSchema.safeParse(resource);
      const definition = parsed.success ? toCustomFieldDefinition(parsed.data) : null;
      return definition ? [definition] : [];
    });
    return new Map(
      included.flatMap((resource) => {
        const parsed = platformCustomEntryResourceSchema.safeParse(resource);
        if (!parsed.success) return [];
        const fieldId = parsed.data.relationships.field.data.id;
        const field = fields.find((candidate) => sameId(candidate.id, fieldId)) ?? null;
        const { value, formatted_value: formattedValue } = parsed.data.attributes;
        return [[fieldId.toLowerCase(), { value, formattedValue, field }] as const];
      }),
    );
  }

  return {
    customFields: (scope) => loadCustomFieldDefinitions(extrasClient, scope),

    async customFieldEntries(customer, definitions, scope) {
      const entries = Object.entries(customer.platform.customEntryMap).map(([fieldId, raw]) => {
        const definition = definitions.find((candidate) => sameId(candidate.id, fieldId)) ?? null;
        const entry = readMapEntry(raw);
        return { fieldId, entry, definition, typable: isTypable(entry, definition) };
      });
      const included = entries.every((e) => e.typable) ? new Map<string, IncludedEntry>() : await includedEntries(customer.sourceId, scope);
      return entries.map(({ fieldId, entry, definition, typable }) => {
        const fromVendor = typable ? undefined : included.get(fieldId.toLowerCase());
        if (fromVendor === undefined) return toCustomFieldEntry(fieldId, entry, definition);
        const merged = {
          ...entry,
          value: fromVendor.value ?? entry.value ?? null,
          formatted_value: fromVendor.formattedValue ?? entry.formatted_value ?? null,
        };
        return toCustomFieldEntry(fieldId, merged, fromVendor.field ?? definition);
      });
    },

    async setCustomFieldValues(customerId, values, mode, scope) {
      const id = vendorId(customerId);
      const changes = checkCustomFieldValues(values, await loadCustomFieldDefinitions(extrasClient, scope), 'values');
      if (mode === 'REPLACE') return sendMap(id, replacedEntryMap(changes), values, 'values', scope);
      const current = await readCustomer(id, scope);
      if (changes.size === 0) return current;
      return sendMap(id, mergedEntryMap(current.platform.customEntryMap, changes), values, 'values', scope);
    },

    async clearCustomFieldValues(customerId, fieldIds, scope) {
      const id = vendorId(customerId);
      const current = await readCustomer(id, scope);
      const stored = Object.keys(current.platform.customEntryMap);
      const isStored = (fieldId: string) => stored.some((key) => sameId(key, fieldId));
      if (!fieldIds.every(isStored)) await checkFieldsExist(fieldIds, isStored, scope);
      // Nothing named is stored: nothing to clear, no write.
      if (!fieldIds.some(isStored)) return current;
      return sendMap(id, clearedEntryMap(current.platform.customEntryMap, fieldIds), [], 'fieldIds', scope);
    },
  };

  /** A field id the customer does not hold must at least be one of the organization's fields. */
  async function checkFieldsExist(fieldIds: readonly string[], isStored: (fieldId: string) => boolean, scope: RequestScope): Promise<void> {
    const definitions = await loadCustomFieldDefinitions(extrasClient, scope);
    fieldIds.forEach((fieldId, index) => {
      if (!isStored(fieldId) && !definitions.some((definition) => sameId(definition.id, fieldId))) {
        throw new ValidationError(`fieldIds.${index}`, `no custom field ${fieldId.slice(0, 64)} in this PLATFORM organization`);
      }
    });
  }
}

interface IncludedEntry {
  value: JsonValue | undefined;
  formattedValue: string | null | undefined;
  field: CustomFieldDefinition | null;
}

/** The vendor id of a customer named by a caller; NotFoundError for what cannot be a PLATFORM id. */
export function vendorId(customerId: string): string {
  if (!isPlatformId(customerId)) throw new NotFoundError('PLATFORM', customerId);
  return customerId.toLowerCase();
}

/** A refused custom-field write: the value the vendor pointed at, the customer it does not know, or REJECTED. */
export function refusal(answer: Extract<PlatformWriteAnswer, { kind: 'refused' }>, id: string | null, valueField: string | null): Error {
  if (answer.status === 404) {
    if (id === null || isAboutOrganization(answer.errors)) return new SourceError('PLATFORM', 'AUTH_REJECTED', 404);
    return new NotFoundError('PLATFORM', id);
  }
  if (answer.status === 422 && valueField !== null) return new ValidationError(valueField, 'the PLATFORM refused this value');
  return new SourceError('PLATFORM', 'REJECTED', answer.status);
}
