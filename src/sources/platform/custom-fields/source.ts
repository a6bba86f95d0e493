// PLATFORM custom fields read (platform-customers-jsonapi.txt, "Custom Fields", "Reading Custom Field
// Data"): the organization's definitions where this PLATFORM lists them, and a customer's entries typed by
// them, or by the map alone where it does not ("always carries label, type and formatted_value"), asking
// for the include form (Option 2) only when neither can type an entry.
import { CustomFieldsNotListedError } from '../../errors.ts';
import type { PlatformExtras, RequestScope } from '../../model/index.ts';
import type { PlatformClient } from '../client.ts';
import { sameId } from '../ids.ts';
import { getCustomerWithEntries } from './client.ts';
import type { CustomFieldDefinitions } from './definitions.ts';
import {
  type IncludedEntry,
  isTypable,
  readMapEntry,
  toCustomFieldEntry,
  toCustomFieldType,
  toIncludedCustomFieldEntry,
  toIncludedEntries,
} from './map.ts';

export function createCustomFieldReads(
  client: PlatformClient,
  definitions: CustomFieldDefinitions,
): Pick<PlatformExtras, 'customFields' | 'customFieldEntries'> {
  /** The include form's entries of one customer (none when the vendor no longer has it). */
  async function includedEntries(customerId: string, scope: RequestScope): Promise<Map<string, IncludedEntry>> {
    const document = await getCustomerWithEntries(client, customerId, scope);
    return toIncludedEntries(document?.included ?? []);
  }

  return {
    async customFields(scope) {
      const listed = await definitions.listed(scope);
      if (listed === null) throw new CustomFieldsNotListedError('PLATFORM');
      return listed;
    },

    async customFieldEntries(customer, known, scope) {
      const entries = Object.entries(customer.platform.customEntryMap).map(([fieldId, raw]) => {
        const definition = known?.find((candidate) => sameId(candidate.id, fieldId)) ?? null;
        const entry = readMapEntry(raw);
        // Without the organization's list, the map's own label and type are the documented answer.
        const typable = known === null ? toCustomFieldType(entry.type) !== null : isTypable(entry, definition);
        return { fieldId, entry, definition, typable };
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
