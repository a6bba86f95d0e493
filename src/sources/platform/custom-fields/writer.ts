// PLATFORM custom field writes (platform-customers-jsonapi.txt, "Writing Custom Field Data"): values set
// (MERGE re-sends every stored entry beside the changed ones) or cleared, never losing an entry by
// accident, since the vendor deletes every entry a PATCH leaves out of the map. Values are checked against
// the organization's definitions, or, where this PLATFORM does not list them, against what the customer's
// include form shows (Option 2); what nothing documented can tell is left to the vendor's 422.
import { NotFoundError, WriteOutcomeUnknownError } from '../../errors.ts';
import { rereadAfterWrite } from '../../kit/reread.ts';
import type { Customer, CustomerOf, CustomFieldDefinition, PlatformExtras, RequestScope } from '../../model/index.ts';
import type { PlatformClient } from '../client.ts';
import { platformCustomerId, sameId } from '../ids.ts';
import { toPlatformCustomer } from '../map.ts';
import type { PlatformEntryMapBody } from '../payloads.ts';
import { getCustomerWithEntries, replaceEntryMap, type WrittenValues } from './client.ts';
import type { CustomFieldDefinitions } from './definitions.ts';
import { toShownDefinitions } from './map.ts';
import { checkClearedFields, checkCustomFieldValues, clearedEntryMap, mergedEntryMap, replacedEntryMap } from './rules.ts';

export interface CustomFieldWriterDeps {
  client: PlatformClient;
  organization: string;
  definitions: CustomFieldDefinitions;
  /** The read path a write answers through: the customer as the vendor has it after the write. */
  getById(id: string, scope: RequestScope): Promise<Customer | null>;
}

type CustomFieldWrites = Pick<PlatformExtras, 'setCustomFieldValues' | 'clearCustomFieldValues'>;

/** The fields values are checked against (`complete`: the organization's whole list); `current` when reading it told them. */
interface FieldsToCheck {
  definitions: CustomFieldDefinition[];
  complete: boolean;
  current: CustomerOf<'PLATFORM'> | null;
}

export function createCustomFieldWrites({ client, organization, definitions, getById }: CustomFieldWriterDeps): CustomFieldWrites {
  /** A fresh read of one customer (its map as stored now); NotFoundError when the vendor has none. */
  async function readCustomer(id: string, scope: RequestScope): Promise<CustomerOf<'PLATFORM'>> {
    const document = await client.getCustomer(id, scope);
    if (document === null) throw new NotFoundError('PLATFORM', id);
    return toPlatformCustomer(document.data, organization);
  }

  /** The organization's list; without one, the fields the customer's include form shows (one read, which also gives its map). */
  async function fieldsFor(id: string, scope: RequestScope): Promise<FieldsToCheck> {
    const listed = await definitions.listed(scope);
    if (listed !== null) return { definitions: listed, complete: true, current: null };
    const document = await getCustomerWithEntries(client, id, scope);
    if (document === null) throw new NotFoundError('PLATFORM', id);
    const current = toPlatformCustomer(document.data, organization);
    return { definitions: toShownDefinitions(current.platform.customEntryMap, document.included ?? []), complete: false, current };
  }

  /** The one write: the whole map; `written` names a refused value as the caller named it. */
  async function sendMap(id: string, map: PlatformEntryMapBody, written: WrittenValues, scope: RequestScope): Promise<Customer> {
    const stored = await replaceEntryMap(client, id, map, written, scope);
    if (stored !== null && !sameId(stored.id, id)) throw new WriteOutcomeUnknownError('PLATFORM');
    return rereadAfterWrite('PLATFORM', (customerId: string) => getById(customerId, scope), id);
  }

  return {
    async setCustomFieldValues(customerId, values, mode, scope) {
      const id = platformCustomerId(customerId);
      const fields = values.length === 0 ? null : await fieldsFor(id, scope);
      const changes = checkCustomFieldValues(values, fields?.definitions ?? [], 'values', fields?.complete ?? true);
      const written = { values, path: 'values' };
      if (mode === 'REPLACE') return sendMap(id, replacedEntryMap(changes), written, scope);
      const current = fields?.current ?? (await readCustomer(id, scope));
      if (changes.size === 0) return current;
      return sendMap(id, mergedEntryMap(current.platform.customEntryMap, changes), written, scope);
    },

    async clearCustomFieldValues(customerId, fieldIds, scope) {
      const id = platformCustomerId(customerId);
      const current = await readCustomer(id, scope);
      const stored = Object.keys(current.platform.customEntryMap);
      const isStored = (fieldId: string) => stored.some((key) => sameId(key, fieldId));
      // Field ids the customer does not hold must at least be the organization's: only then are the definitions read.
      if (!fieldIds.every(isStored)) checkClearedFields(fieldIds, isStored, await definitions.listed(scope));
      // Nothing named is stored: nothing to clear, no write.
      if (!fieldIds.some(isStored)) return current;
      return sendMap(id, clearedEntryMap(current.platform.customEntryMap, fieldIds), { values: [], path: 'fieldIds' }, scope);
    },
  };
}
