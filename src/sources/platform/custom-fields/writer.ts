// PLATFORM custom field writes (platform-customers-jsonapi.txt, "Writing Custom Field Data"): values set
// (MERGE re-sends every stored entry beside the changed ones) or cleared, never losing an entry by
// accident, since the vendor deletes every entry a PATCH leaves out of the map.
import { NotFoundError, WriteOutcomeUnknownError } from '../../errors.ts';
import { rereadAfterWrite } from '../../kit/reread.ts';
import type { Customer, CustomerOf, PlatformExtras, RequestScope } from '../../model/index.ts';
import type { PlatformClient } from '../client.ts';
import { platformCustomerId, sameId } from '../ids.ts';
import { toPlatformCustomer } from '../map.ts';
import type { PlatformEntryMapBody } from '../payloads.ts';
import { replaceEntryMap, type WrittenValues } from './client.ts';
import { checkClearedFields, checkCustomFieldValues, clearedEntryMap, mergedEntryMap, replacedEntryMap } from './rules.ts';
import { loadCustomFieldDefinitions } from './source.ts';

export interface CustomFieldWriterDeps {
  client: PlatformClient;
  organization: string;
  /** The read path a write answers through: the customer as the vendor has it after the write. */
  getById(id: string, scope: RequestScope): Promise<Customer | null>;
}

type CustomFieldWrites = Pick<PlatformExtras, 'setCustomFieldValues' | 'clearCustomFieldValues'>;

export function createCustomFieldWrites({ client, organization, getById }: CustomFieldWriterDeps): CustomFieldWrites {
  /** A fresh read of one customer (its map as stored now); NotFoundError when the vendor has none. */
  async function readCustomer(id: string, scope: RequestScope): Promise<CustomerOf<'PLATFORM'>> {
    const document = await client.getCustomer(id, scope);
    if (document === null) throw new NotFoundError('PLATFORM', id);
    return toPlatformCustomer(document.data, organization);
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
      const changes = checkCustomFieldValues(values, await loadCustomFieldDefinitions(client, scope), 'values');
      const written = { values, path: 'values' };
      if (mode === 'REPLACE') return sendMap(id, replacedEntryMap(changes), written, scope);
      const current = await readCustomer(id, scope);
      if (changes.size === 0) return current;
      return sendMap(id, mergedEntryMap(current.platform.customEntryMap, changes), written, scope);
    },

    async clearCustomFieldValues(customerId, fieldIds, scope) {
      const id = platformCustomerId(customerId);
      const current = await readCustomer(id, scope);
      const stored = Object.keys(current.platform.customEntryMap);
      const isStored = (fieldId: string) => stored.some((key) => sameId(key, fieldId));
      // Field ids the customer does not hold must at least be the organization's: only then are the definitions read.
      if (!fieldIds.every(isStored)) checkClearedFields(fieldIds, isStored, await loadCustomFieldDefinitions(client, scope));
      // Nothing named is stored: nothing to clear, no write.
      if (!fieldIds.some(isStored)) return current;
      return sendMap(id, clearedEntryMap(current.platform.customEntryMap, fieldIds), { values: [], path: 'fieldIds' }, scope);
    },
  };
}
