// PLATFORM custom fields read (platform-customers-jsonapi.txt, "Custom Fields", "Reading Custom Field
// Data"): the organization's definitions, and a customer's entries typed by them, asking for the include
// form (Option 2) only when the map (Option 1) and the definitions cannot type an entry.
import type { CustomFieldDefinition, PlatformExtras, RequestScope } from '../../model/index.ts';
import { allPages } from '../all-pages.ts';
import type { PlatformClient } from '../client.ts';
import { sameId } from '../ids.ts';
import { getCustomerWithEntries, listCustomFields } from './client.ts';
import type { IncludedEntry } from './map.ts';
import {
  isTypable,
  readMapEntry,
  toCustomFieldDefinition,
  toCustomFieldEntry,
  toIncludedCustomFieldEntry,
  toIncludedEntries,
} from './map.ts';

/** Every definition of the organization, all pages; fields of a type we do not know are left out. */
export async function loadCustomFieldDefinitions(client: PlatformClient, scope: RequestScope): Promise<CustomFieldDefinition[]> {
  const resources = (await allPages((page) => listCustomFields(client, page, scope))) ?? [];
  return resources.flatMap((resource) => toCustomFieldDefinition(resource) ?? []);
}

export function createCustomFieldReads(client: PlatformClient): Pick<PlatformExtras, 'customFields' | 'customFieldEntries'> {
  /** The include form's entries of one customer (none when the vendor no longer has it). */
  async function includedEntries(customerId: string, scope: RequestScope): Promise<Map<string, IncludedEntry>> {
    const document = await getCustomerWithEntries(client, customerId, scope);
    return toIncludedEntries(document?.included ?? []);
  }

  return {
    customFields: (scope) => loadCustomFieldDefinitions(client, scope),

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
        return toIncludedCustomFieldEntry(fieldId, entry, definition, fromVendor);
      });
    },
  };
}
