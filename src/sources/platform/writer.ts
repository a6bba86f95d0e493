// PLATFORM customer writes (platform-customers-jsonapi.txt, "Creating a Customer", "Full Example: Create
// Customer with Custom Fields"): create by POST (with custom field values, checked against their fields
// first), update by PATCH of the mentioned attributes only. The document has no customer deletion:
// duplicates are merged instead.
import { NotFoundError, NotSupportedBySourceError, WriteOutcomeUnknownError } from '../errors.ts';
import { rereadAfterWrite } from '../kit/reread.ts';
import type { Customer, CustomerWriter, DeletionCheck, RequestScope } from '../model/index.ts';
import type { PlatformClient } from './client.ts';
import type { CustomFieldDefinitions } from './custom-fields/definitions.ts';
import { checkCustomFieldValues, replacedEntryMap } from './custom-fields/rules.ts';
import { isPlatformId, platformCustomerId, sameId } from './ids.ts';
import { toCreateBody, toUpdateBody } from './map.ts';
import { CUSTOM_FIELDS_PATH, validatePlatformDraft } from './rules.ts';

export const PLATFORM_CANNOT_DELETE = 'The PLATFORM API cannot delete customers; merge the duplicate into the customer to keep instead.';

export interface PlatformWriterReads {
  /** The read path the writer answers through: a write's result is the record as re-read from the vendor. */
  getById(id: string, scope: RequestScope): Promise<Customer | null>;
  /** The organization's custom field definitions, to check a new customer's custom field values against. */
  definitions: CustomFieldDefinitions;
}

export function createPlatformWriter(client: PlatformClient, reads: PlatformWriterReads): CustomerWriter {
  /** After a write the PLATFORM accepted: a failed re-read is an unknown outcome, never a write not sent. */
  function reread(id: string, scope: RequestScope): Promise<Customer> {
    return rereadAfterWrite('PLATFORM', (vendorId: string) => reads.getById(vendorId, scope), id);
  }

  return {
    validate: validatePlatformDraft,

    async create(draft, scope) {
      validatePlatformDraft(draft, 'create');
      const values = draft.platform?.customFields ?? [];
      // Without the organization's list nothing documented tells a new customer's fields: the vendor's 422 names a refused value.
      const listed = values.length === 0 ? [] : await reads.definitions.listed(scope);
      const checked = checkCustomFieldValues(values, listed ?? [], CUSTOM_FIELDS_PATH, listed !== null);
      const entries = values.length === 0 ? undefined : replacedEntryMap(checked);
      const stored = await client.createCustomer(toCreateBody(draft, entries), draft, scope);
      if (!isPlatformId(stored.id)) throw new WriteOutcomeUnknownError('PLATFORM');
      return reread(stored.id, scope);
    },

    async update(id, patch, scope) {
      validatePlatformDraft(patch, 'update');
      const vendorId = platformCustomerId(id);
      const body = toUpdateBody(vendorId, patch);
      // Nothing the PLATFORM holds was mentioned (at most `note: null`): no write to send.
      if (Object.keys(body.data.attributes).length === 0) {
        const customer = await reads.getById(vendorId, scope);
        if (!customer) throw new NotFoundError('PLATFORM', id);
        return customer;
      }
      const stored = await client.patchCustomer(vendorId, body, { kind: 'update', customerId: id, draft: patch }, scope);
      if (stored !== null && !sameId(stored.id, vendorId)) throw new WriteOutcomeUnknownError('PLATFORM');
      return reread(vendorId, scope);
    },

    async delete(id) {
      if (!isPlatformId(id)) throw new NotFoundError('PLATFORM', id);
      throw new NotSupportedBySourceError('PLATFORM', 'DELETE');
    },

    async deletionCheck(id): Promise<DeletionCheck> {
      if (!isPlatformId(id)) throw new NotFoundError('PLATFORM', id);
      return { allowed: false, reason: PLATFORM_CANNOT_DELETE, futureAppointments: null, checkedBySource: false };
    },
  };
}
